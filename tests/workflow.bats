# The student's workflow around the grader: make hint, make watch.

load test_helper

setup() {
	export SOCKLAB_STATE=$BATS_TEST_TMPDIR/state
	FORK=$BATS_TEST_TMPDIR/labs
	mkdir -p "$FORK"
	cp -r "$ROOT/labs/03-server-setup" "$FORK/"
}

# wait_for_text FILE TEXT SECONDS: polls FILE until it holds TEXT, or fails after SECONDS.
wait_for_text() {
	local deadline=$((SECONDS + $3))
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		((SECONDS < deadline)) || return 1
		read -r -t 0.05 <> <(:) || true
	done
}

@test "make hint gives the first failing check's hints one at a time, the gentlest first" {
	run "$ROOT/grader/hint" --lab 03 --submission "$FORK"
	assert_success
	assert_line "First check to fix: open_listenfd returns a listening TCP socket [0/2]"
	assert_line --regexp "^Hint 1 of 3: "
	run "$ROOT/grader/hint" --lab 03 --submission "$FORK"
	assert_line --regexp "^Hint 2 of 3: "
	run "$ROOT/grader/hint" --lab 03 --submission "$FORK"
	assert_line --regexp "^Hint 3 of 3: "
	refute_line --partial "run \`make hint\` again"
}

@test "make hint moves on to the next failing check once one is fixed" {
	cp "$ROOT/tests/mutants/03-server-setup/never-flushed.c" "$FORK/03-server-setup/server.c"
	run "$ROOT/grader/hint" --lab 03 --submission "$FORK"
	assert_line "First check to fix: server prints a message when a client connects, not before [0/3]"
	assert_line --partial "Hint 1 of 3: When is your message printed"
}

@test "make hint says so when every check passes" {
	cp "$ROOT/solutions/03-server-setup/server.c" "$FORK/03-server-setup/server.c"
	run "$ROOT/grader/hint" --lab 03 --submission "$FORK"
	assert_success
	assert_output "Every check passes: no hint needed."
}

@test "make watch grades again when a file of the lab is saved" {
	local log=$BATS_TEST_TMPDIR/watch.log
	setsid "$ROOT/grader/watch" --lab 03 --submission "$FORK" >"$log" 2>&1 </dev/null 3>&- &
	local pid=$!
	wait_for_text "$log" "watching" 30 || { kill -- -"$pid"; fail "no first grading: $(cat "$log")"; }
	assert_file_contains "$log" "First check to fix: open_listenfd returns a listening TCP socket"
	cp "$ROOT/solutions/03-server-setup/server.c" "$FORK/03-server-setup/server.c"
	wait_for_text "$log" "Every check passes" 30 || { kill -- -"$pid"; fail "no grading after the save: $(cat "$log")"; }
	kill -- -"$pid"
	wait "$pid" || true
}
