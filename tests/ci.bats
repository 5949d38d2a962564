# The fork CI (`make ci-grade`, .github/workflows/grade.yml) run here on a fork-shaped clone,
# with the variables GitHub sets pointed at temporary files.

load test_helper

setup() {
	FORK=$BATS_TEST_TMPDIR/fork
	git clone -q "$ROOT" "$FORK"
	cp "$ROOT/tests/mutants/03-server-setup/missing-htons.c" "$FORK/labs/03-server-setup/server.c"
	export GITHUB_STEP_SUMMARY=$BATS_TEST_TMPDIR/step-summary.md
	export SOCKLAB_ARTIFACTS=$BATS_TEST_TMPDIR/artifacts
	# The pristine grader: this repository's last commit.
	export GRADER_UPSTREAM=$ROOT GRADER_REF=HEAD
	: >"$GITHUB_STEP_SUMMARY"
}

# ci_grade: runs the fork CI as the students' workflow does (make ci-grade, in the fork).
ci_grade() {
	run make -s -C "$FORK" ci-grade
}

# ci_grade_status: the same, without make in between, for its exact exit status.
ci_grade_status() {
	run bash -c 'cd "$1" && grader/ci-grade' _ "$FORK"
}

score() {
	json_of "$SOCKLAB_ARTIFACTS/results.json" '"%d %d" % (r["score"], r["max_score"])'
}

@test "ci-grade writes the step summary, the artifacts and one annotation per lost check" {
	ci_grade
	assert_success
	assert_file_contains "$GITHUB_STEP_SUMMARY" "03-server-setup"
	assert_file_exists "$SOCKLAB_ARTIFACTS/results.json"
	assert_file_exists "$SOCKLAB_ARTIFACTS/results.xml"
	assert_file_exists "$SOCKLAB_ARTIFACTS/results.tap"
	assert_line --regexp '^::error file=labs/03-server-setup/server.c,title=03-server-setup%3A server listens on TCP port 8784 within 2 s \[0/3\]::the server listens on port 20514'
	refute_line --partial "::warning"
	# Each annotation is on the file the check is about: the echo server's on its own file.
	assert_line --regexp '^::error file=labs/echo/echo-server.c,title=echo%3A server listens on TCP port 7007'
	assert_line --regexp '^::error file=labs/05-turn-chat/server.c,title=05-turn-chat%3A server prints a client'
}

@test "a fork whose tests and grader were edited gets the same score, and is flagged" {
	ci_grade
	local honest
	honest=$(score)
	# Make every loopback check of lab 03 pass, and the unit checks too, in the fork's copy.
	sed -i 's/^\tstart_server$/\treturn 0/; s/^@test \(.*\) {$/@test \1 {\n\treturn 0/' \
		"$FORK/grader/labs/03-server-setup/loopback.bats"
	echo 'int main(void) { return 0; }' >"$FORK/grader/labs/03-server-setup/unit.c"
	echo "# edited" >>"$FORK/tests/mutants/03-server-setup/expect.tsv"
	: >"$GITHUB_STEP_SUMMARY"
	ci_grade
	assert_success
	assert_equal "$(score)" "$honest"
	assert_line --regexp '^::warning title=socklab%3A files changed outside labs/::.*grader/labs/03-server-setup/loopback.bats'
	assert_file_contains "$GITHUB_STEP_SUMMARY" "Files changed outside labs/"
	assert_file_contains "$GITHUB_STEP_SUMMARY" "tests/mutants/03-server-setup/expect.tsv"
}

@test "a score below full marks fails the job only when the instructor says so" {
	ci_grade_status
	assert_success
	sed -i 's/^FAIL_BELOW_FULL_MARKS=no/FAIL_BELOW_FULL_MARKS=yes/' "$FORK/.socklab-ci"
	ci_grade_status
	assert_failure 1
}

@test "a grader that cannot be fetched is an error with a message, not a score" {
	export GRADER_UPSTREAM=$BATS_TEST_TMPDIR/nowhere
	ci_grade_status
	assert_failure 2
	assert_line --partial "::error title=socklab::cannot fetch the grader"
}
