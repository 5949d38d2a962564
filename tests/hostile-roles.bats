# The hostile set in the other labs: each program of tests/hostile/03-server-setup that is not
# a lab 03 server in particular, and each of tests/hostile/any-role (a server on every lab's
# port, a client of every lab's port, a program only SIGKILL ends), is handed in as every
# program of labs 04, 05, 07, 08, 09, 10 and echo at once. One check per program, and each lab's check of both
# programs together, are run (CHECKS): enough to start every program under every kind of
# check, while a grading of a program that hangs stays short. Each is graded to completion
# within a bound, every check that fails says why, no grader error, nothing left behind,
# nothing changed outside the sandbox. tests/hostile.bats holds lab 03's, with each one's
# precise message.

load test_helper

readonly BOUND=60  # seconds a grading may take: far above what any takes, far below a hang

# One check per program of each lab, and the check of each lab's two programs together.
readonly CHECKS=(
	"client given localhost as argument connects to TCP port 8784"
	"server takes three turns in order with one client"
	"client takes three turns in order with the server"
	"client and server chat in turns, each printing the other's lines whole"
	"server echoes each client's bytes exactly, for three clients one after another"
	"client sends the word and prints the echo it receives"
	"client and server work together: the client prints the word the server echoed"
	"server closes the client's connection when its user types /dc, and goes on"
	"client closes the connection and exits with status 0 when its user types /quit"
	"client and server chat until the client's /quit: the client exits 0, the server goes on"
	"server does not busy-wait: idle, it uses almost no CPU"
	"client sends two lines typed in a row while the server says nothing"
	"client and server chat without turns until the client's /quit"
	"server prints the lines of three clients as they come, interleaved, each once and in order"
	"server gives each client a thread: three clients connected, three more threads"
	"client and server chat without turns until the client's /quit; the server goes on"
)

# The course's names of the programs of labs 04, 05, 07, 08, 09, 10 and echo.
readonly PROGRAMS=(04.practical.work.client.setup 05.practical.work.server.turn
	05.practical.work.client.turn TCPEchoServer TCPEchoClient
	07.practical.work.server.turn.delim.close 07.practical.work.client.turn.delim.close
	08.practical.work.server.nonblock 08.practical.work.client.nonblock
	09.practical.work.server.multiplex 10.practical.work.server.multithread
	10.practical.work.client.multithread)

setup_file() {
	load test_helper
	export RESULTS=$BATS_FILE_TMPDIR/results MARKER=$BATS_FILE_TMPDIR/marker
	export TMPDIR=$BATS_FILE_TMPDIR/work  # what these gradings start names this folder
	export SIBLING=$ROOT/tests/hostile/.sibling-secret-roles-$$.c
	mkdir -p "$RESULTS" "$TMPDIR"
	touch "$MARKER"
	echo "the sibling's secret" >"$SIBLING"
	writes_outside_program "$SIBLING"
	local file name program
	local files=("$ROOT"/tests/hostile/any-role/*.c "$BATS_FILE_TMPDIR/writes-outside.c")
	for file in "$ROOT"/tests/hostile/03-server-setup/*.c; do
		case ${file##*/} in
		# Lab 03 servers in particular: any-role has their counterparts for every lab.
		hangs-after-accepting.c | ignores-sigterm.c) continue ;;
		# kill(-1, SIGKILL) is only ever run inside a PID namespace of its own.
		kills-everything.c) [[ $("$ROOT/grader/lib/sandbox" --mode) == @(bwrap|unshare) ]] || continue ;;
		esac
		files+=("$file")
	done
	for file in "${files[@]}"; do
		name=$(basename "$file" .c)
		mkdir -p "$BATS_FILE_TMPDIR/submissions/$name"
		for program in "${PROGRAMS[@]}"; do
			cp "$file" "$BATS_FILE_TMPDIR/submissions/$name/$program.c"
		done
	done
	# Titles hold quotes: the filter reaches the command through the environment.
	FILTER="^($(printf '%s\n' "${CHECKS[@]}" | sed 's/[][().*+?^$|\\]/\\&/g' | paste -sd '|'))\$"
	export FILTER
	# Two at a time: each grading already runs its labs and checks in parallel.
	parallel --will-cite -j 2 \
		"/usr/bin/time -f %e -o $RESULTS/{/}.time timeout $BOUND $GRADE --quiet --submission {} --filter \"\$FILTER\" --json $RESULTS/{/}.json > $RESULTS/{/}.out 2>&1; echo \$? > $RESULTS/{/}.rc" \
		::: "$BATS_FILE_TMPDIR"/submissions/*
}

teardown_file() {
	rm -f "$SIBLING"
}

# graded NAME: the hostile program, handed in as every program, was graded to completion
# (exit 1: below full marks; not 2: an error; not 124: killed at the bound) within the bound;
# each of the checks ran; each that failed says why, none with a grader error; and nothing it
# started is left.
graded() {
	[ -f "$RESULTS/$1.rc" ] || skip "not graded here (needs a PID namespace)"
	run cat "$RESULTS/$1.rc"
	assert_output 1
	run tail -n 1 "$RESULTS/$1.time"
	((${output%.*} < BOUND))
	run /usr/bin/python3 - "$RESULTS/$1.json" "${CHECKS[@]}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ran = [c for c in r["checks"] if c["kind"] == "loopback"]
# Labs 09 and 10 share a title: each title ran, in one lab or more.
titles = sorted({c["title"] for c in ran})
if titles != sorted(set(sys.argv[2:])):
    print("checks run:", titles)
for c in ran:
    if c["status"] not in ("pass", "fail"):
        print(f"{c['title']}: {c['status']}")
    elif c["status"] == "fail" and (not c["message"] or "grader bug" in c["message"]
                                    or "did not run" in c["message"]):
        print(f"{c['title']}: {c['message'] or 'fails without a message'}")
PY
	assert_output ""
	assert_no_process_left "$TMPDIR"
}

# passed NAME: the titles of the checks NAME passed, one a line.
passed() {
	json_of "$RESULTS/$1.json" "'\n'.join(c['title'] for c in r['checks'] if c['kind'] == 'loopback' and c['status'] == 'pass')"
}

@test "in every lab, a program that hangs at start-up is graded and stopped" {
	graded hangs-before-listening
	run passed hangs-before-listening
	assert_output ""
}

@test "in every lab, a server that hangs after accepting its first client is graded and stopped" {
	graded hangs-after-accepting
}

@test "in every lab, a client that hangs once connected is graded and stopped" {
	graded hangs-after-connecting
	# It does connect: lab 04 asks no more of its client in that check.
	run passed hangs-after-connecting
	assert_output "client given localhost as argument connects to TCP port 8784"
}

@test "in every lab, a program that ignores SIGTERM is killed all the same" {
	graded ignores-sigterm
}

@test "in every lab, a busy loop is graded and stopped" {
	graded busy-loop
}

@test "in every lab, a fork bomb is held to the process limit" {
	graded fork-bomb
}

@test "in every lab, a program that allocates without end is stopped by the memory limit" {
	graded allocates-without-end
}

@test "in every lab, a program that prints without end gets a capped report" {
	graded prints-without-end
	run stat -c %s "$RESULTS/prints-without-end.json"
	((output < 300000))
}

@test "in every lab, a program that prints without newlines gets a capped report" {
	graded prints-without-newlines
	run stat -c %s "$RESULTS/prints-without-newlines.json"
	((output < 300000))
}

@test "in every lab, a program that closes its stdout is graded" {
	graded closes-stdout
}

@test "in every lab, a program that signals its parent and its group harms nothing" {
	graded kills-its-parent
}

@test "in every lab, kill(-1, SIGKILL) inside the program's PID namespace harms nothing" {
	graded kills-everything
}

@test "in every lab, a double-forked daemon does not outlive its grading" {
	graded daemonizes
}

@test "in every lab, a program that exhausts its descriptors is graded" {
	graded exhausts-descriptors
}

@test "in every lab, a program that binds every port it can binds only inside its namespace" {
	graded binds-every-port
	run ss -Hltn "sport = :1024"
	assert_output ""
}

@test "in every lab, a program that writes outside its scratch changes nothing and reads no other submission" {
	graded writes-outside
	assert_nothing_written_outside "$MARKER" "$SIBLING" "$RESULTS/writes-outside.json"
}
