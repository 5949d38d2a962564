# socklab: `make grade` grades your labs, `make test` runs the grader's own tests.
#
#   make grade [LAB=03] [SUBMISSION=labs] [CHECK=regex] [TAP=file] [JSON=file]
#   make hint [LAB=03]       the next hint for the first check that loses points
#   make watch [LAB=03]      grade again every time a file is saved
#   make test
#   make bench

LAB ?=
SUBMISSION ?= labs
CHECK ?=
TAP ?=
JSON ?=

GRADE_ARGS = --submission '$(SUBMISSION)' $(if $(LAB),--lab '$(LAB)') \
	$(if $(CHECK),--filter '$(CHECK)') $(if $(TAP),--tap '$(TAP)') $(if $(JSON),--json '$(JSON)')

.PHONY: grade test bench deps hint watch ci-grade

grade: deps
	@grader/grade $(GRADE_ARGS)

# make hint [LAB=04]: the next hint for the first check that loses points.
hint: deps
	@grader/hint --submission '$(SUBMISSION)' $(if $(LAB),--lab '$(LAB)')

# make watch [LAB=04]: grade again every time a file of the lab is saved.
watch: deps
	@grader/watch --submission '$(SUBMISSION)' $(if $(LAB),--lab '$(LAB)')

# make ci-grade: what a fork's CI runs (see .socklab-ci and .github/workflows/grade.yml).
ci-grade:
	@grader/ci-grade

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
