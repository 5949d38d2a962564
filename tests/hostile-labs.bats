# One hostile program (tests/hostile/every-lab.c: forks, floods, hangs) handed in as every
# program of every lab at once: graded to completion within a bound, with every check failed
# and explained, nothing left behind.

load test_helper

readonly BOUND=120  # seconds: far above what it takes, far below a hang

setup_file() {
	export WORK=$BATS_FILE_TMPDIR/work SUB=$BATS_FILE_TMPDIR/submission
	mkdir -p "$WORK" "$SUB"
	local name
	for name in 03.practical.work.server.setup 04.practical.work.client.setup \
		05.practical.work.server.turn 05.practical.work.client.turn 06.practical.work.server.turn.delim \
		06.practical.work.client.turn.delim TCPEchoServer TCPEchoClient \
		07.practical.work.server.turn.delim.close 07.practical.work.client.turn.delim.close \
		08.practical.work.server.nonblock 08.practical.work.client.nonblock \
		09.practical.work.server.multiplex 10.practical.work.server.multithread \
		10.practical.work.client.multithread; do
		cp "$ROOT/tests/hostile/every-lab.c" "$SUB/$name.c"
	done
	local rc=0
	SECONDS=0
	TMPDIR=$WORK timeout "$BOUND" "$GRADE" --quiet --submission "$SUB" \
		--json "$BATS_FILE_TMPDIR/r.json" >/dev/null 2>&1 || rc=$?
	echo "$rc" >"$BATS_FILE_TMPDIR/rc"
	echo "$SECONDS" >"$BATS_FILE_TMPDIR/seconds"
}

results() {
	json_of "$BATS_FILE_TMPDIR/r.json" "$1"
}

@test "a program that forks, floods and hangs is graded in every lab within the bound" {
	run cat "$BATS_FILE_TMPDIR/rc"
	assert_output 1
	run cat "$BATS_FILE_TMPDIR/seconds"
	((output < BOUND))
	run results "sorted(l['lab'] for l in r['labs'])"
	assert_output "['03-server-setup', '04-client-setup', '05-turn-chat', '06-turn-delim', '07-turn-delim-close', '08-nonblock', '09-multiplex', '10-threads', 'echo']"
}

@test "every check of the hostile program fails with an explanation, none with a grader error" {
	run results "sum(1 for c in r['checks'] if c['scored'] and c['kind'] == 'loopback' and c['status'] == 'pass' and c['max_points'] > 0)"
	assert_output 0
	run results "[c['id'] for c in r['checks'] if 'grader bug' in c['message'] or 'did not run' in c['message']]"
	assert_output "[]"
}

@test "the hostile program leaves no process behind in any lab" {
	assert_no_process_left "$WORK"
}
