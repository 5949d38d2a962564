# The grader's behaviour on reference, skeleton, broken and bad input.

load test_helper

@test "reference solutions get full marks in every lab" {
	run "$GRADE" --submission "$ROOT/solutions"
	assert_success
	refute_output --partial "FAIL"
}

@test "untouched skeletons score 0 in every lab without a grader error" {
	run grade_json --submission "$ROOT/labs"
	assert_failure 1
	[ "$(json "r['score']")" -eq 0 ]
	[ "$(json "sum(1 for l in r['labs'] if l['score'] != 0)")" -eq 0 ]
	[ "$(json "sum(1 for c in r['checks'] if 'grader' in c['message'] or 'did not run' in c['message'])")" -eq 0 ]
}

@test "the scoreboard has one line per check and ends with the score" {
	run "$GRADE" --lab 03 --submission "$ROOT/labs"
	assert_failure 1
	assert_line --regexp '^server listens on TCP port 8784 within 2 s \[0/3\]: FAIL'
	assert_line --partial "expected: listening on port 8784"
	assert_line --partial "hint:"
	assert_equal "${lines[-1]}" "Score: 0/25"
}

@test "a submission that does not compile fails the build and skips the rest as needs: builds" {
	run grade_json --lab 03 --submission "$ROOT/tests/fixtures/does-not-compile"
	assert_failure 1
	[ "$(json "[c['status'] for c in r['checks'] if c['id'] == 'build'][0]")" = fail ]
	[ "$(json "[c['actual'] for c in r['checks'] if c['id'] == 'build'][0]")" != "" ]
	[ "$(json "sum(1 for c in r['checks'] if c['id'] != 'build' and c['message'] != 'needs: builds')")" -eq 0 ]
	[ "$(json "r['max_score']")" -eq 25 ]
}

@test "a course file that does not compile and has none of the skeleton's functions is out of the loopback checks only" {
	printf 'int main(void)\n{\n\treturn listen(;\n}\n' >"$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	run grade_json --submission "$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	assert_failure 1
	# The same maximum as a course file that compiles: the loopback checks' 14 points.
	[ "$(json "r['max_score']")" -eq 14 ]
	[ "$(json "sum(1 for c in r['checks'] if c['kind'] == 'unit' and c['scored'])")" -eq 0 ]
	[ "$(json "sum(1 for c in r['checks'] if c['kind'] == 'loopback' and c['message'] == 'needs: builds')")" -gt 0 ]
	# One that keeps a skeleton function is still graded on its unit checks.
	printf 'int open_listenfd(int port)\n{\n\treturn port(;\n}\n' >"$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	run grade_json --submission "$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	[ "$(json "r['max_score']")" -eq 25 ]
}

@test "a lone course file is graded on the loopback checks and the report says so" {
	run "$GRADE" --lab 03 --submission "$ROOT/tests/mutants/03-server-setup/ok-course-style.c"
	assert_success
	assert_line --partial "N/A"
	assert_line --regexp "^note: unit checks not applicable.*loopback checks only"
	assert_equal "${lines[-1]}" "Score: 14/14"
}

@test "a lone file named like the course's is graded as its lab without --lab" {
	cp "$ROOT/tests/mutants/03-server-setup/ok-course-style.c" "$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	run "$GRADE" --submission "$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	assert_success
	assert_line "Score: 14/14"
}

@test "a lone lab 04 course file is graded as the lab's client on the loopback checks" {
	cp "$ROOT/tests/mutants/04-client-setup/ok-course-style.c" "$BATS_TEST_TMPDIR/04.practical.work.client.setup.c"
	run "$GRADE" --submission "$BATS_TEST_TMPDIR/04.practical.work.client.setup.c"
	assert_success
	assert_line --regexp "^note: unit checks not applicable.*loopback checks only"
	assert_equal "${lines[-1]}" "Score: 17/17"
}

@test "a lone course file of a two-program lab is graded as the program its name says" {
	cp "$ROOT/tests/mutants/05-turn-chat/ok-course-server.c" "$BATS_TEST_TMPDIR/05.practical.work.server.turn.c"
	run grade_json --submission "$BATS_TEST_TMPDIR/05.practical.work.server.turn.c"
	assert_success
	[ "$(json "sorted(set(c['id'].split('-')[0] for c in r['checks'] if c['kind'] == 'loopback' and c['scored']))")" = "['server']" ]
	[ "$(json "r['labs'][0]['notes'][0]")" = "not submitted: '05.practical.work.server.turn.c' is the server only: the checks that run it are not applicable and out of the score" ]
}

@test "a lone file that does not name its program is the server if it calls listen()" {
	cp "$ROOT/tests/mutants/05-turn-chat/ok-course-server.c" "$BATS_TEST_TMPDIR/chat.c"
	run grade_json --lab 05 --submission "$BATS_TEST_TMPDIR/chat.c"
	assert_success
	[ "$(json "r['labs'][0]['notes'][0].split(':')[1]")" = " 'chat.c' is the server only" ]
}

@test "course files side by side in a folder are graded lab by lab, a lab's programs together" {
	cp "$ROOT/tests/mutants/05-turn-chat/ok-course-server.c" "$BATS_TEST_TMPDIR/05.practical.work.server.turn.c"
	cp "$ROOT/tests/mutants/05-turn-chat/ok-course-client.c" "$BATS_TEST_TMPDIR/05.practical.work.client.turn.c"
	cp "$ROOT/tests/mutants/03-server-setup/ok-course-style.c" "$BATS_TEST_TMPDIR/03.practical.work.server.setup.c"
	run grade_json --submission "$BATS_TEST_TMPDIR"
	assert_success
	[ "$(json "[l['lab'] for l in r['labs']]")" = "['03-server-setup', '05-turn-chat']" ]
	# The checks that need both programs ran, and passed: the lab's programs were graded together.
	[ "$(json "sorted(c['id'] for c in r['checks'] if c['id'].startswith('pair-') and c['status'] == 'pass')")" = "['pair-chat', 'pair-end', 'pair-memory']" ]
}

@test "a lab without a number is named by its name, and a lone file by the name within it" {
	cp "$ROOT/tests/mutants/echo/ok-course-style-client.c" "$BATS_TEST_TMPDIR/TCPEchoClient.c"
	run grade_json --submission "$BATS_TEST_TMPDIR/TCPEchoClient.c"
	assert_success
	[ "$(json "r['labs'][0]['lab']")" = echo ]
	# The client's checks count; the server's and the unit checks are not applicable.
	[ "$(json "sorted({n for c in r['checks'] if c['scored'] and c['kind'] == 'loopback' for n in c['needs']})")" = "['echo-client']" ]
	[ "$(json "r['labs'][0]['notes'][0]")" = "not submitted: 'TCPEchoClient.c' is the echo-client only: the checks that run it are not applicable and out of the score" ]
	run "$GRADE" --lab echo --submission "$ROOT/solutions" --filter 'default, when run'
	assert_success
	assert_line --regexp '^server listens on TCP port 7007, its default, when run without an argument \[1/1\]: OK'
}

@test "a lone file whose name does not say which program it is, is the server if it calls listen()" {
	cp "$ROOT/tests/mutants/echo/ok-course-style-server.c" "$BATS_TEST_TMPDIR/echo.practical.c"
	run grade_json --lab echo --submission "$BATS_TEST_TMPDIR/echo.practical.c" --filter 'default'
	assert_success
	[ "$(json "[c['id'] for c in r['checks'] if c['scored']]")" = "['build', 'server-listens-on-7007']" ]
}

@test "a missing submission is reported in one line with exit status 2" {
	run "$GRADE" --submission /nonexistent/path
	assert_failure 2
	assert_output "grade: submission '/nonexistent/path' does not exist"
}

@test "an unknown lab is reported with the list of labs" {
	run "$GRADE" --lab 42
	assert_failure 2
	assert_output --regexp "^grade: no lab called '42' \(labs: 03"
}

@test "a file that is not C source is refused with a message" {
	printf 'hello' >"$BATS_TEST_TMPDIR/notes.txt"
	run "$GRADE" --lab 03 --submission "$BATS_TEST_TMPDIR/notes.txt"
	assert_failure 2
	assert_output --partial "is not a .c file"
}

@test "a folder without lab folders is refused with a message" {
	run "$GRADE" --submission "$BATS_TEST_TMPDIR"
	assert_failure 2
	assert_output --partial "holds no lab folder"
}

@test "a bad filter is refused with a message" {
	run "$GRADE" --filter '('
	assert_failure 2
	assert_output --partial "is not a regular expression"
}

@test "the filter runs only the matching checks" {
	run grade_json --lab 03 --submission "$ROOT/solutions" --filter 'three clients'
	assert_success
	[ "$(json "[c['id'] for c in r['checks']]")" = "['build', 'serves-three-clients']" ]
}

@test "TAP output has a plan and one line per check" {
	"$GRADE" --quiet --lab 03 --submission "$ROOT/labs" --tap "$BATS_TEST_TMPDIR/out.tap" || true
	run grep -c -E '^(not )?ok [0-9]+ - ' "$BATS_TEST_TMPDIR/out.tap"
	assert_output 16
	assert_equal "$(sed -n 2p "$BATS_TEST_TMPDIR/out.tap")" "1..16"
	grep -q '^not ok 10 - 03-server-setup/listens-on-8784: ' "$BATS_TEST_TMPDIR/out.tap"
	grep -q '^  expected: |-' "$BATS_TEST_TMPDIR/out.tap"
}

@test "JSON output carries the results model of every check" {
	grade_json --lab 03 --submission "$ROOT/solutions"
	[ "$(json "sorted(r['checks'][1])")" = "['actual', 'duration', 'expected', 'hint', 'id', 'kind', 'lab', 'max_points', 'message', 'needs', 'points', 'scored', 'status', 'title']" ]
	[ "$(json "(r['version'], r['status'], r['score'], r['max_score'])")" = "(1, 'pass', 25, 25)" ]
}

@test "two graders at once both give full marks" {
	"$GRADE" --quiet --lab 03 --submission "$ROOT/solutions" &
	first=$!
	run "$GRADE" --quiet --lab 03 --submission "$ROOT/solutions"
	wait "$first"
	assert_success
}

@test "grading leaves no process behind, the submission's or the grader's" {
	export TMPDIR=$BATS_TEST_TMPDIR/work
	mkdir -p "$TMPDIR"
	"$GRADE" --quiet --lab 03 --submission "$ROOT/tests/mutants/03-server-setup/ok-keeps-client-open.c"
	"$GRADE" --quiet --lab 03 --submission "$ROOT/tests/mutants/03-server-setup/one-client-then-exits.c" || true
	"$GRADE" --quiet --submission "$ROOT/solutions"
	"$GRADE" --quiet --lab 05 --submission "$ROOT/tests/mutants/05-turn-chat/course-server-spins-on-close.c" || true
	# Everything a grading starts runs from its work folder, under TMPDIR.
	run pgrep -af -- "$TMPDIR"
	assert_failure
}

@test "old-style code builds and its warnings are explained in plain words" {
	run "$GRADE" --lab 03 --submission "$ROOT/tests/fixtures/old-style" --filter 'TCP port 8784'
	assert_line --regexp '^compiles without errors .*: OK'
	assert_line --partial "in plain words: inet_ntoa() is called without its declaration"
	assert_line --partial "in plain words: a pointer of the wrong type is passed"
	assert_line --partial "in plain words: a declaration without a type"
}

@test "an #include of a file outside the submission is refused, its content never shown" {
	mkdir -p "$BATS_TEST_TMPDIR/sub/03-server-setup"
	printf '#include "/etc/passwd"\n#include "../../x.h"\nint main(void) { return 0; }\n' \
		>"$BATS_TEST_TMPDIR/sub/03-server-setup/server.c"
	run "$GRADE" --lab 03 --submission "$BATS_TEST_TMPDIR/sub"
	assert_failure 1
	assert_line --partial "an #include names a file outside the submission"
	assert_line --partial 'server.c:2: #include "../../x.h"'
	refute_output --partial "root:"
}

@test "a student grading as a normal user (not root) gets full marks for the reference" {
	((EUID == 0)) || skip "needs root to become a normal user for the test"
	# A folder the student can reach: bats' own temporary folders are root's alone.
	local home
	home=$(mktemp -d /tmp/socklab-student.XXXXXX)
	STUDENT_HOME=$home
	cp -r "$ROOT/grader" "$ROOT/solutions" "$home/"
	chown -R 65534:65534 "$home"
	chmod 755 "$home"
	as_student() {
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			env HOME="$home" XDG_CACHE_HOME="$home/.cache" TMPDIR="$home" "$@"
	}
	as_student unshare --user --map-root-user true ||
		skip "unprivileged user namespaces are not allowed on this machine"
	run as_student "$home/grader/grade" --lab 03 --submission "$home/solutions"
	assert_success
	assert_equal "${lines[-1]}" "Score: 25/25"
}

teardown() {
	[[ -z ${STUDENT_HOME-} ]] || rm -rf "$STUDENT_HOME"
}

@test "code that keeps the compiler busy is stopped at the build deadline, with a message" {
	SOCKLAB_BUILD_TIMEOUT=2 run "$GRADE" --lab 03 --submission "$ROOT/tests/fixtures/compile-bomb/server.c"
	assert_failure 1
	assert_line --partial "the compiler was still at work after 2.0 s and was stopped"
	# A lone file with none of the skeleton's functions: its unit checks are not applicable.
	assert_line --partial "server listens on TCP port 8784 within 2 s [0/3]: SKIP"
	assert_no_process_left cc1 server.c
}

@test "a check that fails without saying why is reported as a grader bug, with where it stopped" {
	SOCKLAB_LABS=$ROOT/tests/fixtures/grader-bug run "$GRADE" --submission "$ROOT/tests/fixtures/grader-bug-submission"
	assert_failure 1
	assert_line --partial "the check failed without saying why (a grader bug: please report it)"
	assert_line --partial "it stopped at grader-bug.bats line 8, in wait_for_nothing"
}

@test "a check handed to another bats process is skipped by the first and run by the one it was handed to" {
	local claims=$BATS_TEST_TMPDIR/claims
	mkdir "$claims"
	# The grader handed "the second check" to process 1 (run_loopback's Claims.take).
	echo 1 >"$claims/the_second_check"
	RAN=$BATS_TEST_TMPDIR/ran0 SOCKLAB_CLAIMS=$claims SOCKLAB_BATS_PROCESS=0 SOCKLAB_NETNS=no \
		SOCKLAB_LIB=$ROOT/grader/lib run bats --tap "$ROOT/tests/fixtures/claims/claims.bats"
	assert_success
	assert_line "ok 1 the first check"
	assert_line --regexp '^ok 2 the second check # skip'
	assert_equal "$(cat "$BATS_TEST_TMPDIR/ran0")" ran-first
	assert_equal "$(cat "$claims/the_first_check")" 0
	# Process 1 runs what it was handed, not what process 0 has begun.
	RAN=$BATS_TEST_TMPDIR/ran1 SOCKLAB_CLAIMS=$claims SOCKLAB_BATS_PROCESS=1 SOCKLAB_NETNS=no \
		SOCKLAB_LIB=$ROOT/grader/lib run bats --tap "$ROOT/tests/fixtures/claims/claims.bats"
	assert_success
	assert_line --regexp '^ok 1 the first check # skip'
	assert_line "ok 2 the second check"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/ran1")" ran-second
}

@test "a part of the grader that does not build, as when Criterion is missing, is one line naming make deps, not a traceback" {
	export SOCKLAB_LABS=$BATS_TEST_TMPDIR/labs XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	mkdir "$SOCKLAB_LABS"
	cp -r "$ROOT/grader/labs/03-server-setup" "$SOCKLAB_LABS/"
	# What a machine without libcriterion-dev shows: the unit checks' header is not found.
	sed -i '1i #include <no_such_dependency/missing.h>' "$SOCKLAB_LABS/03-server-setup/unit.c"
	run "$GRADE" --submission "$ROOT/solutions" --lab 03
	assert_failure 2
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^grade: the unit checks of lab 03 do not build: .*no_such_dependency/missing.h.*make deps'
	refute_output --partial Traceback
}

@test "a check its own bats process skips is reported as a grader bug, not passed" {
	export SOCKLAB_LABS=$BATS_TEST_TMPDIR/labs
	mkdir "$SOCKLAB_LABS"
	cp -r "$ROOT/grader/labs/03-server-setup" "$SOCKLAB_LABS/"
	printf '\n# bats test_tags=id:skips,points:1,needs:server\n@test "a check that skips" {\n\tskip "for the test"\n}\n' \
		>>"$SOCKLAB_LABS/03-server-setup/loopback.bats"
	run grade_json --submission "$ROOT/solutions" --lab 03 --filter 'a check that skips'
	assert_failure 1
	[ "$(json "[c['status'] for c in r['checks'] if c['id'] == 'skips'][0]")" = fail ]
	json "[c['message'] for c in r['checks'] if c['id'] == 'skips'][0]" | grep -q 'grader bug'
}
