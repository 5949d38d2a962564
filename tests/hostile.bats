# Hostile and broken submissions (tests/hostile/LAB/*.c): each is graded to completion within
# a bounded time with a precise message, leaves no process behind, and changes nothing outside
# its scratch directory. They are graded all at once in setup_file; each test reads one result.

load test_helper

readonly BOUND=90  # seconds: far above what any of them should take, far below a hang

setup_file() {
	load test_helper
	export RESULTS=$BATS_FILE_TMPDIR/results MARKER=$BATS_FILE_TMPDIR/marker
	# The grader's work folders, so that what these gradings start can be told from others'.
	export TMPDIR=$BATS_FILE_TMPDIR/work
	mkdir -p "$RESULTS" "$TMPDIR"
	touch "$MARKER"
	# A sibling submission in the grader's own tree: a hostile program must not read it.
	export SIBLING=$ROOT/tests/hostile/.sibling-secret-$$.c
	echo "the sibling's secret" >"$SIBLING"
	writes_outside_program "$SIBLING"
	# (descriptors/: a lab 03 program only, not one of the set tests/hostile-roles.bats hands in
	# as every lab's.)
	local files=("$ROOT"/tests/hostile/03-server-setup/*.c "$ROOT"/tests/hostile/descriptors/*.c
		"$BATS_FILE_TMPDIR/writes-outside.c")
	if [[ $("$ROOT/grader/lib/sandbox" --mode) != bwrap* && $("$ROOT/grader/lib/sandbox" --mode) != unshare ]]; then
		# kill(-1, SIGKILL) is only ever run inside a PID namespace of its own.
		files=("${files[@]/*kills-everything.c/}")
	fi
	# Two at a time: each grade already runs its checks in parallel.
	parallel --will-cite -j 2 \
		"/usr/bin/time -f %e -o $RESULTS/{/.}.time timeout $BOUND $GRADE --lab 03 --submission {} --json $RESULTS/{/.}.json > $RESULTS/{/.}.out 2>&1; echo \$? > $RESULTS/{/.}.rc" \
		::: "${files[@]}"
}

teardown_file() {
	rm -f "$SIBLING"
}

# graded NAME [STATUS]: the hostile submission was graded (exit STATUS, 1 by default: below
# full marks; not 2: an error; not 124: killed at the bound), and what it started is gone.
graded() {
	[ -f "$RESULTS/$1.rc" ] || skip "not graded here (needs a PID namespace)"
	run cat "$RESULTS/$1.rc"
	assert_output "${2:-1}"
	assert_no_process_left "$TMPDIR"
}

# check_message NAME ID TEXT: the check ID of NAME's result says TEXT (in message or seen).
check_message() {
	run /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); c=[c for c in r['checks'] if c['id']==sys.argv[2]][0]; print(c['status']); print(c['message']); print(c['actual'])" "$RESULTS/$1.json" "$2"
	assert_line --index 0 fail
	assert_output --partial "$3"
}

@test "a server that hangs before listening is graded: nothing listens" {
	graded hangs-before-listening
	check_message hangs-before-listening listens-on-8784 "nothing listens on port 8784 after 2 s"
}

@test "a busy loop is graded: nothing listens, and it is stopped" {
	graded busy-loop
	check_message busy-loop listens-on-8784 "nothing listens on port 8784"
}

@test "a server that hangs after accepting is graded: it serves no more clients" {
	graded hangs-after-accepting
	check_message hangs-after-accepting serves-three-clients "never accepted"
}

@test "a server that ignores SIGTERM still gets its points and is stopped" {
	graded ignores-sigterm 0
	run cat "$RESULTS/ignores-sigterm.out"
	assert_line "Score: 14/14"
}

@test "a fork bomb is held to the process limit" {
	graded fork-bomb
	check_message fork-bomb listens-on-8784 "nothing listens"
	run grep -oE 'forked [0-9]+ processes' "$RESULTS/fork-bomb.json"
	assert_output --regexp '^forked [0-9]{1,2} processes'
}

@test "a program that allocates without end is stopped by the memory limit" {
	graded allocates-without-end
	check_message allocates-without-end listens-on-8784 "crashed with SIGSEGV"
}

@test "a program that prints without end is stopped and its report is capped" {
	graded prints-without-end
	check_message prints-without-end listens-on-8784 "SIGXFSZ (wrote more output than the grader allows)"
	check_message prints-without-end listens-on-8784 "(truncated"
	run stat -c %s "$RESULTS/prints-without-end.json"
	(( output < 200000 ))
}

@test "a program that prints without newlines is stopped and its report is capped" {
	graded prints-without-newlines
	check_message prints-without-newlines listens-on-8784 "SIGXFSZ"
	check_message prints-without-newlines listens-on-8784 "(truncated"
}

@test "a server that closes its stdout is graded: no message seen" {
	graded closes-stdout
	check_message closes-stdout prints-on-connect "nothing was printed after a client connected"
}

@test "a program that signals its parent and its group harms nothing" {
	graded kills-its-parent
	check_message kills-its-parent listens-on-8784 "it crashed with SIGKILL"
}

@test "a program that sends kill(-1, SIGKILL) inside its PID namespace harms nothing" {
	graded kills-everything
	check_message kills-everything listens-on-8784 "nothing listens"
}

@test "a double-forked daemon does not outlive its grading" {
	graded daemonizes
	check_message daemonizes listens-on-8784 "ended before listening"
}

@test "a program that exhausts its descriptors is graded" {
	graded exhausts-descriptors
	check_message exhausts-descriptors prints-on-connect "never accepted"
}

@test "a program that binds every port it can only binds inside its own namespace" {
	graded binds-every-port
	check_message binds-every-port listens-on-8784 "and "
	run ss -Hltn "sport = :1024"
	assert_output ""
}

@test "a program that writes outside its scratch changes nothing and reads no other submission" {
	graded writes-outside
	assert_nothing_written_outside "$MARKER" "$SIBLING" "$RESULTS/writes-outside.json"
}

@test "a student program inherits no descriptor of the grader's: only 0, 1 and 2 are open" {
	graded lists-descriptors
	check_message lists-descriptors listens-on-8784 "open descriptors: 0 1 2 (end)"
}

@test "every hostile submission is graded within the bound" {
	for t in "$RESULTS"/*.time; do
		run tail -n 1 "$t"
		(( ${output%.*} < BOUND )) || fail "$(basename "$t" .time) took ${output}s"
	done
}
