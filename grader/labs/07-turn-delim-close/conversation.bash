# conversation.bash - the chats of labs 07, 08 and 10 (loaded by their loopback.bats, lab 10's
# through multiclient.bash): the grader plays one side of a chat with the student's program, or
# starts both programs, types on their stdin, reads what they print and send, and writes every
# step down so that a failure shows the conversation up to the step where it went wrong.
#
# Messages are compared tolerant of form: what a program sends is one message whether or not
# it ends in '\n' (peer's message= action), and NUL bytes and a final "\r\n" are set aside
# (plain); only the check that owns the bytes on the wire (no garbage) looks at them exactly.
# Nothing waits for a fixed time: each step waits for a condition under a deadline.

# The steps labs 05 to 08 share (the transcript, starting the programs, the grader's side of
# the connection) are chat.bash's; this file holds the steps of a chat that can be closed on
# purpose and, in lab 08, has no turns.

load "$SOCKLAB_LIB/chat"

readonly PORT=8784 SWAPPED_PORT=20514  # 20514 is 8784 with its two bytes swapped: no htons()

SETTLE=2        # s to wait for a program to be idle before setting its extra bytes aside
CLOSED_HINT=""  # the hint for a connection closed mid-chat, where a lab has its own
CHAT_END="a side ends the chat"

# plain TEXT: sets PLAIN to TEXT (C-escaped, as the peer reports it) without its NUL bytes and
# without the "\n" or "\r\n" that ends it: the message as a reader of the chat sees it.
plain() {
	PLAIN=${1//\\0/}
	PLAIN=${PLAIN%\\n}
	PLAIN=${PLAIN%\\r}
}

# --- the programs ---------------------------------------------------------------------------

# start_server and start_client: chat.bash's (shared with lab 06).

# --- the grader's side ----------------------------------------------------------------------

# grader_hears TEXT: the grader receives one message from the program; set aside its NULs and
# final newline (plain), it must be TEXT (C-escaped; a final \n in TEXT is ignored, as the
# shared checks of chat.bash write it).
grader_hears() {
	local step
	set -- "${1%\\n}"
	peer_step "$GRADER" message=2000 || true
	quote "$PEER_GOT"
	step="$PROG -> grader: $Q"
	plain "$PEER_GOT"
	if [[ $PEER_OUTCOME == ok && $PLAIN == "$1" ]]; then
		said "$step"
		grader_sets_aside_pending
		return 0
	fi
	case $PEER_OUTCOME in
	eof | gone)
		fail_at "the $PROG closed the connection instead of sending its line" "$PROG -> grader: $(shown "$1\\n")" \
			"the connection closed" \
			"$(crash_hint "$PROG" "${CLOSED_HINT:-on its turn a program reads a line from stdin and sends it: end only on the command, or when the other side leaves}")" ;;
	timeout)
		fail_at "the $PROG sent nothing within 2 s" "$PROG -> grader: $(shown "$1\\n")" "$PROG -> grader: nothing" \
			"after a line is typed on its stdin, on its turn, the $PROG sends it at once: is it still waiting for something else?" ;;
	*)
		local hint="send exactly the line typed on standard input"
		[[ $1 == "$PLAIN "* ]] && hint="scanf(\"%s\") stops at the first space: read the whole line with fgets() (or getline())"
		fail_at "the $PROG sent another line than the one typed on its stdin" "$PROG -> grader: $(shown "$1\\n")" \
			"$step" "$hint" ;;
	esac
}

# grader_sets_aside_pending: once the program is idle, receives what it sent after its message
# (NUL bytes, the rest of its buffer): what comes next is then only what it sends from now on.
# Those bytes are judged by the check that owns them (no garbage), not by every later step.
grader_sets_aside_pending() {
	wait_idle "$PROG" "$SETTLE" || true
	if ! peer_step "$GRADER" quiet && [[ $PEER_OUTCOME == unexpected ]]; then
		said "(the grader set aside $PEER_COUNT more bytes sent with it: $(shown "$PEER_GOT"))"
	fi
}

# expect_nothing_after_line: nothing came after the line just received (checked once the
# program is idle): the no-garbage checks.
expect_nothing_after_line() {
	wait_idle "$PROG" 2 || true
	peer_step "$GRADER" quiet && return 0
	[[ $PEER_OUTCOME == unexpected ]] || return 0
	fail_at "the $PROG sent bytes after its line" "nothing more after the line's '\\n'" \
		"$PROG -> grader: $(shown "$PEER_GOT")" \
		"send strlen(line) bytes: sizeof(buf) sends the whole buffer, strlen(line) + 1 sends the NUL"
}

# expect_exact_line TEXT: the program's next message is exactly TEXT and its '\n' ("\r\n"
# accepted), then nothing: the no-garbage checks. With NEWLINE_OPTIONAL=1, TEXT alone is
# accepted too (the teacher's own lab 08 strips the newline: what the check owns there is the
# bytes after the text).
expect_exact_line() {
	peer_step "$GRADER" message=2000 || true
	quote "$PEER_GOT"
	said "$PROG -> grader: $Q"
	if [[ $PEER_GOT == "$1\\n" || $PEER_GOT == "$1\\r\\n" ||
		(${NEWLINE_OPTIONAL:-0} == 1 && $PEER_GOT == "$1") ]]; then
		expect_nothing_after_line
		return
	fi
	plain "$PEER_GOT"
	if ((${NEWLINE_OPTIONAL:-0})); then
		[[ $PLAIN == "$1" ]] ||
			fail_at "the $PROG did not send the line typed" "$PROG -> grader: $(shown "$1\\n")" "${TRANSCRIPT[-1]}" \
				"send the line typed on standard input"
		fail_at "the $PROG sent bytes after its line" "$PROG -> grader: $(shown "$1\\n"), nothing after it" "${TRANSCRIPT[-1]}" \
			"send strlen(line) bytes: sizeof(buf) sends the whole buffer, strlen(line) + 1 sends the NUL"
	fi
	[[ $PLAIN == "$1" ]] ||
		fail_at "the $PROG did not send the line typed" "$PROG -> grader: $(shown "$1\\n")" "${TRANSCRIPT[-1]}" \
			"send the line typed on standard input, with its '\\n'"
	fail_at "the $PROG's line did not end with its newline" "$PROG -> grader: $(shown "$1\\n")" "${TRANSCRIPT[-1]}" \
		"send the line with its '\\n' (fgets() keeps it in the line): the newline is the delimiter of lab 06"
}

# grader_resets: the grader resets the connection (an RST, as a crashed peer's system sends).
grader_resets() {
	peer_step "$GRADER" reset || true
	close_stdin "$GRADER"
	wait_exit "$GRADER" 2 || true
	said "the grader reset the connection"
}

# expect_closed_on COMMAND: the program closes the connection, having sent nothing more, or
# only the command itself (either is the protocol).
expect_closed_on() {
	peer_step "$GRADER" drain=2000 || true
	plain "$PEER_GOT"
	if [[ $PEER_OUTCOME == ok && (-z $PLAIN || $PLAIN == "$1") ]]; then
		said "the $PROG closed the connection${PEER_GOT:+ (after sending $(shown "$PEER_GOT"))}"
		return 0
	fi
	if [[ $PEER_OUTCOME == ok ]]; then
		fail_at "the $PROG sent more than the command before closing" "the connection closed, nothing sent but $1 itself" \
			"$PROG -> grader: $(shown "$PEER_GOT"), then it closed" "on $1, close the connection: send nothing else"
	fi
	if is_running "$PROG" && [[ $PLAIN == "$1" ]]; then
		fail_at "the $PROG sent $1 to the other side but kept the connection open" "the connection closed by the $PROG" \
			"$PROG -> grader: $(shown "$PEER_GOT"); the connection still open 2 s later" \
			"on $1 close the socket yourself (close(fd)): do not wait for the other side to do it"
	fi
	fail_at "the $PROG did not close the connection when its user typed $1" "the connection closed" \
		"${PEER_GOT:+$PROG -> grader: $(shown "$PEER_GOT"); }still open 2 s later; $(describe_end "$PROG" | head -n 1)" \
		"fgets() keeps the '\\n': compare the line with \"$1\" without it (strncmp, or strip the '\\n' first), then close the socket"
}

# --- what a program prints ------------------------------------------------------------------

printed_or_gone() {
	has_output "$1" "$2" || has_exited "$1" || ! has_established
}

# expect_printed PROGRAM TEXT: the program prints a line holding TEXT (plain; no regex
# characters but ',', '?' and ' '), whatever else the line holds (a prefix, a prompt).
expect_printed() {
	local pattern=${2//\?/\\?}
	wait_until 2 printed_or_gone "$1" "$pattern" || true
	if has_output "$1" "$pattern"; then
		show_printed "$1"
		return 0
	fi
	show_printed "$1"
	if is_running "$1" && ! has_established; then
		fail_at "the connection was closed instead of the line being printed" "a line holding $(shown "$2")" \
			"the connection closed, nothing printed holds $(shown "$2")" \
			"$(crash_hint "$1" "${CLOSED_HINT:-keep the connection open and take turns until a side ends the chat}")"
	fi
	fail_at "the $1 did not print the line it received" "a line holding $(shown "$2")" \
		"after 2 s, no line printed holds $(shown "$2")" \
		"$(crash_hint "$1" "print each line received, ending with '\\n' (stdout keeps an unfinished line in its buffer): is it waiting on stdin instead of receiving?")"
}

# expect_says_peer_left PROGRAM WHO: the program prints a new line once WHO has left.
expect_says_peer_left() {
	wait_until 2 has_new_line "$1" "${MARK[$1]}" && return 0
	fail_at "the $1 printed nothing when the $2 left" "a line saying that the $2 left (any wording)" \
		"$1 printed: nothing new" "when recv() returns 0 (or fails with ECONNRESET), print e.g. \"the $2 left\""
}

# --- ending ---------------------------------------------------------------------------------

# expect_server_goes_on WHY: after WHY, the server exits cleanly or waits in accept() for the
# next client (which it then accepts); it neither spins nor waits on its stdin.
expect_server_goes_on() {
	wait_until 2 settled server ||
		fail_at "the server did not stop chatting after $1: it keeps running" \
			"the server exiting, or waiting in accept() for the next client" "$(describe_spin server)" \
			"recv() returning 0 means the client closed: leave the chat loop (do not print an empty or old line again and again)"
	if is_running server; then
		is_waiting_for_input server &&
			fail_at "the server did not notice $1: it waits for input on its stdin" \
				"the server exiting, or going back to accept() for the next client" \
				"the server reading its stdin, with nobody to talk to" \
				"recv() returning 0 (or -1 with ECONNRESET) means the client has gone: close its socket and go back to accept()"
		peer_start next connect 127.0.0.1 "$PORT"
		peer_step next accepted=2000 && { said "a next client was accepted"; return 0; }
		has_exited server ||
			fail_at "the server did not notice $1" "the server exiting, or accepting the next client" \
				"a new client was not accepted within 2 s; $(describe_end server | head -n 1)" \
				"recv() returning 0 means the client closed: leave the chat, close the socket and go back to accept()"
	fi
	expect_clean_exit server "$1"
}

# has_close_wait: whether a connection of this check's namespace is half closed, its other end
# gone and this end not closed yet (CLOSE_WAIT): a program that has not yet seen its peer leave.
has_close_wait() {
	sl_any_socket sl_in_state 08
}

# done_with_peer PROGRAM: its peer has left (no connection is open both ways any more) and the
# program has ended, closed its end of the connection, or waits for its user: whatever it does
# next, it has seen what there was to see.
done_with_peer() {
	has_exited "$1" && return 0
	! has_established && { ! has_close_wait || is_waiting_for_input "$1"; }
}

# nudge_if_typing PROGRAM: a program taking turns that got the other side's command as a message
# (it may be sent before closing) is now on its turn, reading its stdin: it sees the other side
# has gone when it next sends. Its user types a line, as a user would.
nudge_if_typing() {
	wait_until 2 done_with_peer "$1" || true
	is_running "$1" && is_waiting_for_input "$1" || return 0
	type_in "$1" 'anyone there?\n'
	TRANSCRIPT[-1]+="   (it was waiting for its user)"
}

# expect_client_ends WHY [ANY_STATUS]: the client exits within 2 s, with status 0 (any status
# without a crash if ANY_STATUS is given).
expect_client_ends() {
	if ! wait_exit client 2; then
		if is_waiting_for_input client; then
			fail_at "the client did not notice $1: it waits for input on its stdin" "the client exiting with status 0" \
				"the client reading its stdin, with nobody to talk to" \
				"recv() returning 0 (or -1 with ECONNRESET) means the server has gone: close the socket and exit 0"
		fi
		fail_at "the client did not end after $1" "the client exiting with status 0" "$(describe_spin client)" \
			"recv() returning 0 means the server closed: leave the chat loop and exit (do not print an empty or old line again and again)"
	fi
	said "the client ended"
	if [[ -n ${2-} ]]; then
		crash_signal client >/dev/null || return 0
		fail_at "the client crashed after $1" "the client ending without a crash" \
			"it crashed with $(signal_name "$(crash_signal client)")" \
			"$(crash_hint client ""); SIGPIPE: call signal(SIGPIPE, SIG_IGN) at start-up, or send with MSG_NOSIGNAL, then handle EPIPE"
	fi
	expect_clean_exit client "$1"
}

# --- the client without turns, with the grader as its server (labs 08 and 10) ---------------

client_with_grader() {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
}

# A line each way, the client's first: where a check is not about turns, a client that still
# takes them is at the same point as one that does not.
client_exchange() {
	client_with_grader
	type_in client 'hello\n'
	grader_hears hello
	grader_says 'hi\n'
	expect_printed client hi
}

# The bodies of the client checks that labs 08 and 10 share: the same behaviour, whether the
# client waits in poll() or in two threads.
check_client_two_in_a_row() {
	client_with_grader
	type_in client 'first\n'
	grader_hears first
	type_in client 'second\n'
	grader_hears second
}

check_client_prints_at_once() {
	client_with_grader
	grader_says 'first\n'
	expect_printed client first
	grader_says 'second\n'
	expect_printed client second
}

check_client_quit() {
	client_exchange
	type_in client '/quit\n'
	expect_closed_on /quit
	expect_client_ends "its user typed /quit"
}

check_client_notices_server_left() {
	client_exchange
	grader_leaves
	expect_client_ends "the server closed the connection"
}

# pair_until_quit: both programs chat without turns, two lines from the client, one from the
# server, until the client's /quit ends it; whether the server goes on is each lab's own.
pair_until_quit() {
	start_server
	start_client
	type_in client 'one-from-the-client\n'
	expect_printed server one-from-the-client
	type_in client 'two-from-the-client\n'
	expect_printed server two-from-the-client
	wait_idle server "$SETTLE" || true
	type_in server 'one-from-the-server\n'
	expect_printed client one-from-the-server
	type_in client '/quit\n'
	expect_client_ends "its user typed /quit"
}
