# Every report format, against golden files, and the grader's bounds: output caps, time limit.
#
# The golden submissions (tests/golden/submissions/: correct, partly correct, does not compile,
# hangs) are graded once, in every format, by tests/golden/render; each must match
# tests/golden/expected/ exactly. After a deliberate change to a report, regenerate with
# `tests/golden/render tests/golden/expected` and read the diff before committing it.

load test_helper

setup_file() {
	"$BATS_TEST_DIRNAME/golden/render" "$BATS_FILE_TMPDIR/golden"
}

# same_as_golden NAME: the fresh reports of golden submission NAME match the golden files.
same_as_golden() {
	run diff -ru "$ROOT/tests/golden/expected/$1" "$BATS_FILE_TMPDIR/golden/$1"
	assert_success
}

@test "golden: a correct submission's reports in every format match the golden files" {
	same_as_golden correct
}

@test "golden: a partly correct submission's reports in every format match the golden files" {
	same_as_golden partly-correct
}

@test "golden: a submission that does not compile gets reports in every format matching the golden files" {
	same_as_golden does-not-compile
}

@test "golden: a submission that hangs gets reports in every format matching the golden files" {
	same_as_golden hangs
}

@test "the golden set covers every format and every outcome" {
	for name in correct partly-correct does-not-compile hangs; do
		for file in pretty.txt tap.txt results.json junit.xml summary.md classroom.json report.html status; do
			assert_file_exists "$ROOT/tests/golden/expected/$name/$file"
		done
	done
	[ "$(cat "$ROOT"/tests/golden/expected/*/status | tr '\n' ' ')" = "0 1 1 1 " ]
	grep -q '"status": "skip"' "$ROOT/tests/golden/expected/does-not-compile/results.json"
	grep -q '"scored": false' "$ROOT/tests/golden/expected/partly-correct/results.json"
	grep -q 'never accepted it within 2 s' "$ROOT/tests/golden/expected/hangs/results.json"
}

@test "JSON results follow grader/results.schema.json" {
	local name
	# The golden files hold a placeholder for the isolation in use: put a real one back.
	for name in correct partly-correct does-not-compile hangs; do
		sed 's/"<isolation>"/"bwrap"/' "$BATS_FILE_TMPDIR/golden/$name/results.json" >"$BATS_TEST_TMPDIR/$name.json"
	done
	run "$ROOT/tests/schema-check" "$ROOT/grader/results.schema.json" "$BATS_TEST_TMPDIR"/*.json
	assert_success
	assert_output ""
}

@test "the schema check rejects a document that breaks the schema" {
	python3 - "$BATS_FILE_TMPDIR/golden/correct/results.json" "$BATS_TEST_TMPDIR/bad.json" <<-'EOF'
	import json, sys
	doc = json.load(open(sys.argv[1]))
	doc["checks"][1]["status"] = "passed"
	doc["checks"][2]["points"] = -1
	del doc["checks"][3]["hint"]
	doc["stopped"] = {"by": "cosmic ray", "reason": ""}
	doc["score"] = "25"
	json.dump(doc, open(sys.argv[2], "w"))
	EOF
	run "$ROOT/tests/schema-check" "$ROOT/grader/results.schema.json" "$BATS_TEST_TMPDIR/bad.json"
	assert_failure 1
	assert_line --partial '$.checks[1].status: "passed" is not one of'
	assert_line --partial '$.checks[2].points: -1 is below the minimum 0'
	assert_line --partial "\$.checks[3]: required property 'hint' is missing"
	assert_line --partial '$.stopped.by: "cosmic ray" is not one of'
	assert_line --partial '$.score: "25" is not of type integer'
}

@test "JUnit XML is well-formed and its counts match its test cases" {
	for name in correct partly-correct does-not-compile hangs; do
		python3 - "$BATS_FILE_TMPDIR/golden/$name/junit.xml" <<-'EOF'
		import sys, xml.etree.ElementTree as ET
		root = ET.parse(sys.argv[1]).getroot()
		assert root.tag == "testsuites", root.tag
		cases = root.findall("./testsuite/testcase")
		assert int(root.get("tests")) == len(cases) > 0
		assert int(root.get("failures")) == len(root.findall("./testsuite/testcase/failure"))
		assert int(root.get("skipped")) == len(root.findall("./testsuite/testcase/skipped"))
		EOF
	done
}

@test "the GitHub Classroom result decodes to the reporter's shape, its test scores adding up to the score" {
	# tests/golden/render has checked that the line is result=BASE64 and decoded it.
	python3 - "$BATS_FILE_TMPDIR/golden/partly-correct/classroom.json" "$BATS_FILE_TMPDIR/golden/partly-correct/results.json" <<-'EOF'
	import json, sys
	result = json.load(open(sys.argv[1]))
	graded = json.load(open(sys.argv[2]))
	assert result["version"] == 1 and result["status"] == graded["status"] == "fail"
	assert result["max_score"] == graded["max_score"] == 14
	assert sum(t["score"] for t in result["tests"]) == graded["score"] == 11
	for t in result["tests"]:
	    assert set(t) >= {"name", "status", "score", "message", "test_code"}, t
	    assert t["status"] in ("pass", "fail")
	EOF
}

@test "the GitHub Classroom line is appended to its file, as \$GITHUB_OUTPUT wants" {
	mkdir "$BATS_TEST_TMPDIR/sub"
	printf 'name=value\n' >"$BATS_TEST_TMPDIR/out"
	cd "$BATS_TEST_TMPDIR/sub"
	run "$GRADE" --submission . --classroom "$BATS_TEST_TMPDIR/out"
	assert_failure 2
	run cat "$BATS_TEST_TMPDIR/out"
	assert_line --index 0 "name=value"
	assert_line --index 1 --regexp '^result=[A-Za-z0-9+/=]+$'
	assert_equal "${#lines[@]}" 2
}

@test "colour only on a terminal, never with NO_COLOR, never in a pipe" {
	local command=("$GRADE" --lab 03 --submission "$ROOT/tests/golden/submissions/does-not-compile")
	TERM=xterm run "$ROOT/tests/on-a-terminal" "${command[@]}"
	assert_output --partial $'\033[31mFAIL'
	TERM=xterm NO_COLOR=1 run "$ROOT/tests/on-a-terminal" "${command[@]}"
	refute_output --partial $'\033['
	assert_output --partial "FAIL"
	run "${command[@]}"
	refute_output --partial $'\033['
}

@test "nothing to grade: exit status 2, and every report asked for says error and why" {
	printf 'my server is in the zip\n' >"$BATS_TEST_TMPDIR/notes.txt"
	mkdir "$BATS_TEST_TMPDIR/sub" && mv "$BATS_TEST_TMPDIR/notes.txt" "$BATS_TEST_TMPDIR/sub/"
	cd "$BATS_TEST_TMPDIR/sub"
	run "$GRADE" --submission . --json r.json --junit r.xml --tap r.tap --markdown r.md --classroom r.out
	assert_failure 2
	assert_output "grade: the submission holds no lab folder (e.g. 03-server-setup/) nor any file named for a lab (e.g. 03.practical.work.server.c); notes.txt: not a C source file"
	run "$ROOT/tests/schema-check" "$ROOT/grader/results.schema.json" r.json
	assert_success
	[ "$(python3 -c 'import json; r = json.load(open("r.json")); print(r["status"], r["score"], r["max_score"], r["submission"]["unmapped"][0]["path"])')" = "error 0 0 notes.txt" ]
	grep -q '<error message="the submission holds no lab folder' r.xml
	grep -q '^Bail out! the submission holds no lab folder' r.tap
	grep -q '^\*\*The submission could not be graded:\*\*' r.md
	[ "$(sed 's/^result=//' r.out | base64 -d | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])')" = error ]
}

@test "a submission that prints in an endless loop gets a bounded report, graded in bounded memory" {
	# One unit check (accept_client() floods the grader's pipe until the check's 5 s deadline)
	# and one loopback check (the server floods its output file until the file-size limit
	# kills it). Before the grader capped what it keeps, the unit check alone cost it GiBs.
	python3 - "$GRADE" "$ROOT/tests/fixtures/floods" "$BATS_TEST_TMPDIR/r.json" <<-'EOF'
	import resource, subprocess, sys
	grade, submission, out = sys.argv[1:]
	subprocess.run([grade, "--quiet", "--lab", "03", "--submission", submission, "--json", out,
	                "--filter", "accept_client returns|serves three clients"])
	peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
	assert peak < 300, f"the grader peaked at {peak} MiB"
	EOF
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/r.json")" -lt 20000 ]
	[ "$(json "[c['status'] for c in r['checks']]")" = "['pass', 'fail', 'fail']" ]
	[ "$(json "'(truncated: ' in r['checks'][2]['actual']")" = True ]
	[ "$(json "'SIGXFSZ' in r['checks'][2]['actual']")" = True ]
}

@test "a submission that never ends is stopped at the time limit; its checks fail with the reason; nothing is left running" {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs
	# Its work folders under this test's own folder: what is left running is this grading's.
	export TMPDIR=$BATS_TEST_TMPDIR
	local start=$SECONDS
	run grade_json --lab 09 --time-limit 2 --submission "$ROOT/tests/fixtures/time-limit/hangs"
	assert_failure 1
	((SECONDS - start < 10))
	[ "$(json "r['stopped']")" = "{'by': 'time-limit', 'reason': 'the time limit of one submission ran out (2 s)'}" ]
	[ "$(json "[(c['id'], c['status'], c['message']) for c in r['checks']]")" = "[('build', 'pass', ''), ('ends', 'fail', 'not run: the time limit of one submission ran out (2 s)')]" ]
	run pgrep -f "$TMPDIR/socklab-09-"
	assert_failure
}

@test "the time limit costs nothing to a submission that ends in time" {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs
	run grade_json --lab 09 --time-limit 30 --submission "$ROOT/tests/fixtures/time-limit/ends"
	assert_success
	[ "$(json "r['stopped'], r['score']")" = "None 1" ]
}

@test "SIGTERM stops grading at once, reports what ran, and leaves nothing running" {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs TMPDIR=$BATS_TEST_TMPDIR
	"$GRADE" --quiet --lab 09 --submission "$ROOT/tests/fixtures/time-limit/hangs" --json "$BATS_TEST_TMPDIR/r.json" 3>&- &
	local grader=$!
	# Wait until the never-ending program runs, then stop the grader.
	local n=0
	until pgrep -f "$TMPDIR/socklab-09-.*/bin/prog" >/dev/null; do
		((n++ < 1000)) || fail "the program never started within 10 s"
		read -r -t 0.01 <> <(:) || true
	done
	kill -TERM "$grader"
	local status=0
	wait "$grader" || status=$?
	assert_equal "$status" 143
	[ "$(json "r['stopped']['by'], r['checks'][1]['message']")" = "signal not run: interrupted by SIGTERM" ]
	run pgrep -f "$TMPDIR/socklab-09-"
	assert_failure
}
