# Shared by every tests/*.bats file: bats-support and bats-assert, and the grader's paths.
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
GRADE=$ROOT/grader/grade
LABS=$(cd "$ROOT/grader/labs" && ls -d */ | tr -d /)

# grade_json ARG...: grades quietly and writes the JSON results to $BATS_TEST_TMPDIR/r.json.
grade_json() {
	"$GRADE" --quiet --json "$BATS_TEST_TMPDIR/r.json" "$@"
}

# json EXPR: evaluates a Python expression on the JSON results (as `r`).
json() {
	/usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($1)" "$BATS_TEST_TMPDIR/r.json"
}
