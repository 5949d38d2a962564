# socklab: `make grade` grades your labs, `make test` runs the grader's own tests.
#
#   make grade [LAB=03] [SUBMISSION=labs] [CHECK=regex] [TIME_LIMIT=s]
#              [TAP=file] [JSON=file] [JUNIT=file] [MARKDOWN=file] [CLASSROOM=file]
#              [HTML=file]
#   make grade-class ROSTER=dir OUT=dir [LAB=03] [JOBS=n] [TIME_LIMIT=s]
#   make hint [LAB=03]       the next hint for the first check that loses points
#   make watch [LAB=03]      grade again every time a file is saved
#   make test
#   make bench
#   make bench-class

LAB ?=
SUBMISSION ?= labs
CHECK ?=
TAP ?=
JSON ?=
JUNIT ?=
MARKDOWN ?=
CLASSROOM ?=
HTML ?=
TIME_LIMIT ?=
ROSTER ?=
OUT ?=
JOBS ?=

GRADE_ARGS = --submission '$(SUBMISSION)' $(if $(LAB),--lab '$(LAB)') \
	$(if $(CHECK),--filter '$(CHECK)') $(if $(TAP),--tap '$(TAP)') $(if $(JSON),--json '$(JSON)') \
	$(if $(JUNIT),--junit '$(JUNIT)') $(if $(MARKDOWN),--markdown '$(MARKDOWN)') \
	$(if $(CLASSROOM),--classroom '$(CLASSROOM)') $(if $(HTML),--html '$(HTML)') \
	$(if $(TIME_LIMIT),--time-limit '$(TIME_LIMIT)')

CLASS_ARGS = '$(ROSTER)' '$(OUT)' $(if $(LAB),--lab '$(LAB)') $(if $(CHECK),--filter '$(CHECK)') \
	$(if $(JOBS),--jobs '$(JOBS)') $(if $(TIME_LIMIT),--time-limit '$(TIME_LIMIT)')

.PHONY: grade grade-class test bench bench-class deps hint watch ci-grade

grade: deps
	@grader/grade $(GRADE_ARGS)

grade-class: deps
	$(if $(and $(ROSTER),$(OUT)),,$(error make grade-class needs ROSTER=dir (one sub-folder per student) and OUT=dir))
	@grader/grade class $(CLASS_ARGS)

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

bench-class: deps
	@bench/grade-class

deps:
	@grader/deps

# make soak [N=200]: grades the reference solutions N times, also two at once; counts flakes.
N ?= 200
.PHONY: soak
soak: deps
	@bench/soak $(N)
