# socklab: `make grade` grades your labs, `make test` runs the grader's own tests.
#
#   make grade [LAB=03] [SUBMISSION=labs] [CHECK=regex] [TAP=file] [JSON=file]
#   make test
#   make bench

LAB ?=
SUBMISSION ?= labs
CHECK ?=
TAP ?=
JSON ?=

GRADE_ARGS = --submission '$(SUBMISSION)' $(if $(LAB),--lab '$(LAB)') \
	$(if $(CHECK),--filter '$(CHECK)') $(if $(TAP),--tap '$(TAP)') $(if $(JSON),--json '$(JSON)')

.PHONY: grade test bench deps

grade: deps
	@grader/grade $(GRADE_ARGS)

test: deps
	@tests/run

bench: deps
	@bench/grade-time

deps:
	@grader/deps

# make soak [N=200]: grades the reference solutions N times, also two at once; counts flakes.
N ?= 200
.PHONY: soak
soak: deps
	@bench/soak $(N)
