# Loopback checks of lab 08: the student's server and client, run for real, each talking to
# the grader's peer and to each other, without turns: a line typed goes at once, a line
# received is printed at once, whoever spoke last. Each check is declared by the tags line
# above it: its id, its points and the programs it runs. The conversation helpers are lab 07's
# (conversation.bash); the CPU a program wants while idle is read from /proc (cpu_demand_ms).

load "$SOCKLAB_LIB/socklab"
load ../07-turn-delim-close/conversation

CHAT_TURNS=""  # no turns: nobody is let speak first (see chat.bash)
NEWLINE_OPTIONAL=1  # a line may be sent without its '\n' (see expect_exact_line)

# A program that spins is never idle: do not wait long for it before setting bytes aside.
SETTLE=0.5
CLOSED_HINT="recv() on a non-blocking socket fails with EAGAIN (or EWOULDBLOCK) when nothing has come yet: that is not the end of the chat, only recv() == 0 (or ECONNRESET) is"

# The idle window and the most CPU a program may want in it. The window is the condition of
# this check: a program blocked in poll() or select() wants no CPU, one that loops on a
# non-blocking recv() or read() wants all of it, so one second separates them by a factor of
# a hundred; a spinner is failed as soon as it has wanted more than the limit. Measured over
# one idle second, four runs on a 2-core machine at a load of 11 (the script is in issue 14's
# closing note): the reference, blocked in poll(), 0 ms; the teacher's poll(stdin, 100 ms)
# with a non-blocking read(), 8 to 12 ms (ten wake-ups, each waiting a little for a CPU); a
# spinning loop 1002 to 1169 ms of demand, of which only 250 to 420 ms of CPU time: CPU time
# alone shrinks on a loaded machine, the demand (cpu_demand_ms) does not. 200 ms is more than
# 15 times the teacher's worst and a fifth of a spinner's: a loop that sleeps 1 ms between
# tries (a few tens of ms) passes; it does not spin.
readonly IDLE_WINDOW=1 IDLE_LIMIT_MS=200

# --- the steps of lab 08 ----------------------------------------------------------------------

# expect_idle_cpu PROGRAM: with nothing typed and nothing received, the program wants at most
# IDLE_LIMIT_MS of CPU over IDLE_WINDOW s; a spinner is failed as soon as it has wanted more.
expect_idle_cpu() {
	said "nothing typed, nothing sent: the grader measures the $1's CPU for $IDLE_WINDOW s"
	if cpu_busy_over "$1" "$IDLE_WINDOW" "$IDLE_LIMIT_MS"; then
		fail_at "the $1 busy-waits: it keeps a CPU busy while nothing happens" \
			"at most $IDLE_LIMIT_MS ms of CPU over $IDLE_WINDOW s with nothing to do (a program waiting in poll() uses about 0)" \
			"it wanted $CPU_BUSY_MS ms of CPU in $CPU_BUSY_IN ms" \
			"a loop that calls recv() or read() on non-blocking descriptors again and again spins: wait in poll() on stdin and the socket together (timeout -1), or at least with a timeout, and act on what it says is ready"
	fi
	is_running "$1" && has_established && { said "it wanted $CPU_BUSY_MS ms of CPU"; return 0; }
	fail_at "the $1 ended the chat while nothing happened" "the $1 still chatting after $IDLE_WINDOW s of silence" \
		"$(describe_end "$1" | head -n 1)" "$CLOSED_HINT"
}

# connected_socket_flags NAME: prints the file status flags (octal, as /proc/PID/fdinfo shows
# them) of each TCP socket of the program that is connected (not listening).
connected_socket_flags() {
	local inodes=" " pid fd link flags
	sl_count_sockets note_connected_inode
	sl_program_pids "$1"
	for pid in "${SL_PIDS[@]}"; do
		for fd in /proc/"$pid"/fd/*; do
			link=$(readlink "$fd" 2>/dev/null) || continue
			[[ $link == socket:\[*\] && $inodes == *" ${link//[^0-9]/} "* ]] || continue
			flags=$(grep -m1 '^flags:' "/proc/$pid/fdinfo/${fd##*/}" 2>/dev/null) || continue
			echo "${flags##*[[:space:]]}"
		done
	done
}

# note_connected_inode: adds the inode of a socket that is not listening to the caller's
# inodes (a test for sl_count_sockets, which sets the fields; the inode is the fifth after the
# queues).
note_connected_inode() {
	local fields
	[[ $st == 0A ]] && return 1
	read -r -a fields <<<"$rest"
	inodes+="${fields[4]} "
}

# expect_nonblocking_socket PROGRAM: its connected socket has O_NONBLOCK (04000).
expect_nonblocking_socket() {
	local flags f
	flags=$(connected_socket_flags "$1")
	for f in $flags; do
		((8#$f & 8#4000)) && { said "the $1's socket is non-blocking (flags $f)"; return 0; }
	done
	fail_at "the $1's socket is not non-blocking" "O_NONBLOCK in the connected socket's flags (fcntl F_GETFL)" \
		"${flags:+flags: $flags (octal), O_NONBLOCK (04000) not set}${flags:-no connected socket found}" \
		"after connect() (client) or accept() (server): fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)"
}

# lines_cross PROGRAM MINE THEIRS: MINE is typed on the program's stdin and THEIRS sent to it
# while it is stopped (freeze), so that both are waiting when it goes on: they cross for
# certain, whatever the timing.
lines_cross() {
	freeze "$1" || true
	feed "$1" "$2\n"
	peer_step "$GRADER" "send=$3\n" || true
	thaw "$1"
	said "typed on the $1's stdin: \"$2\n\", and at the same moment grader -> $1: \"$3\n\""
}

# --- the server, with the grader as its client ----------------------------------------------

server_with_grader() {
	PROG=server
	start_server
	connect_grader
}

# bats test_tags=id:server-two-in-a-row,points:3,needs:server
@test "server sends two lines typed in a row while the client says nothing" {
	server_with_grader
	type_in server 'first\n'
	grader_hears first
	type_in server 'second\n'
	grader_hears second
}

# bats test_tags=id:server-prints-at-once,points:3,needs:server
@test "server prints each client message at once, two in a row, while its user types nothing" {
	server_with_grader
	grader_says 'first\n'
	expect_printed server first
	grader_says 'second\n'
	expect_printed server second
}

# bats test_tags=id:server-lines-cross,points:2,needs:server
@test "server and client lines that cross both arrive whole" {
	server_with_grader
	lines_cross server from-the-server from-the-client
	grader_hears from-the-server
	expect_printed server from-the-client
}

# bats test_tags=id:server-no-garbage,points:1,needs:server
@test "server sends only the line typed, no NUL bytes or garbage after it" {
	server_with_grader
	grader_says 'hello\n'
	expect_printed server hello
	type_in server 'Fine\n'
	expect_exact_line Fine
}

# bats test_tags=id:server-dc,points:2,needs:server
@test "server closes the connection on /dc while chatting without turns, and goes on" {
	server_with_grader
	grader_says 'hello\n'
	expect_printed server hello
	type_in server '/dc\n'
	expect_closed_on /dc
	expect_server_goes_on "its user typed /dc"
}

# bats test_tags=id:server-notices-client-left,points:2,needs:server
@test "server notices at once when the client leaves, without its user typing" {
	server_with_grader
	grader_says 'hello\n'
	expect_printed server hello
	grader_leaves
	expect_server_goes_on "the client left"
}

# bats test_tags=id:server-says-client-left,points:1,needs:server
@test "server says that the client left" {
	server_with_grader
	wait_idle server "$SETTLE" || true
	show_printed server
	grader_leaves
	expect_says_peer_left server client
}

# bats test_tags=id:server-idle-cpu,points:3,needs:server
@test "server does not busy-wait: idle, it uses almost no CPU" {
	server_with_grader
	grader_says 'hello\n'
	expect_printed server hello
	expect_idle_cpu server
}

# bats test_tags=id:server-nonblocking-socket,points:1,needs:server
@test "server makes the client's socket non-blocking (O_NONBLOCK)" {
	server_with_grader
	grader_says 'hello\n'
	expect_printed server hello
	expect_nonblocking_socket server
}

# --- the client, with the grader as its server ----------------------------------------------

# bats test_tags=id:client-two-in-a-row,points:3,needs:client
@test "client sends two lines typed in a row while the server says nothing" {
	check_client_two_in_a_row
}

# bats test_tags=id:client-prints-at-once,points:3,needs:client
@test "client prints each server message at once, two in a row, while its user types nothing" {
	check_client_prints_at_once
}

# bats test_tags=id:client-lines-cross,points:2,needs:client
@test "client and server lines that cross both arrive whole" {
	client_with_grader
	lines_cross client from-the-client from-the-server
	grader_hears from-the-client
	expect_printed client from-the-server
}

# bats test_tags=id:client-no-garbage,points:1,needs:client
@test "client sends only the line typed, no NUL bytes or garbage after it" {
	client_with_grader
	type_in client 'Hello\n'
	expect_exact_line Hello
}

# bats test_tags=id:client-quit,points:2,needs:client
@test "client closes the connection on /quit while chatting without turns, and exits with status 0" {
	check_client_quit
}

# bats test_tags=id:client-notices-server-left,points:2,needs:client
@test "client exits with status 0 at once when the server leaves, without its user typing" {
	check_client_notices_server_left
}

# bats test_tags=id:client-says-server-left,points:1,needs:client
@test "client says that the server left" {
	client_with_grader
	type_in client 'hello\n'
	grader_hears hello
	wait_idle client "$SETTLE" || true
	show_printed client
	grader_leaves
	expect_says_peer_left client server
}

# bats test_tags=id:client-idle-cpu,points:3,needs:client
@test "client does not busy-wait: idle, it uses almost no CPU" {
	client_exchange
	expect_idle_cpu client
}

# bats test_tags=id:client-nonblocking-socket,points:1,needs:client
@test "client makes its socket non-blocking (O_NONBLOCK)" {
	client_exchange
	expect_nonblocking_socket client
}

# --- the two together -----------------------------------------------------------------------

# bats test_tags=id:pair-no-turns,points:2,needs:client:server
@test "client and server chat without turns until the client's /quit" {
	pair_until_quit
	expect_server_goes_on "the client quit"
}

# --- memory errors that do not crash yet (advice) ---------------------------------------------

# bats test_tags=id:pair-memory,points:0,needs:client:server
@test "client and server chat without a memory error under AddressSanitizer and UBSan (advice)" {
	chat_check_pair_memory
}
