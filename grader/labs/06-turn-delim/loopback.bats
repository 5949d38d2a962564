# Loopback checks of lab 06 (the course's PW06, "turn.delim"): the student's server and client,
# run for real, each talking to the grader's peer (which plays the other side, step by step)
# and to each other. Framing is this lab's lesson: a message ends at its '\n', whatever pieces
# TCP delivers it in, and the sender sends exactly the line and its '\n'.
#
# Who owns which fault (one fault, one deduction): NUL bytes or garbage after a line belong to
# *-no-garbage alone, so the turn checks set aside NUL bytes that open the next line (the tail
# of a strlen + 1 or sizeof(buf) send); a message printed piece by piece belongs to
# *-split-message, two messages taken as one to *-two-lines-in-one-segment, a long line cut or
# overflowing to *-long-lines, bytes of an old line printed again to *-no-leftover.
# Each check is declared by the tags line above it: its id, its points and the programs it runs.
#
# A conversation is scripted: the grader types lines on a program's stdin, sends lines to it,
# reads what it sends back and what it prints. Every step is written down, so a failure shows
# the conversation up to the step where it went wrong. Messages are written C-escaped ('\n'),
# as the peer reports what it receives. Nothing is waited for a fixed time: a program has
# done all it does with an event once it is idle again (every thread blocked), and the peer's
# "consumed" step says when a program has read what was sent to it.

load "$SOCKLAB_LIB/socklab"
# said, fail_at, start-up waits, the grader's side, ending checks: shared with lab 05.
load "$SOCKLAB_LIB/chat"

CHAT_LOOP="chat until stdin ends or the server leaves (chat_turns() in main)"
CHAT_RECV="recv_line()"  # the hints' receive function (lab 05's is recv())
readonly PORT=8784 SWAPPED_PORT=20514  # 20514 is 8784 with its two bytes swapped: no htons()
# 2000 characters each, longer than the usual 256- or 1024-byte buffers.
printf -v LONG_A '0123456789%.0s' {1..200}
printf -v LONG_B 'abcdefghij%.0s' {1..200}
readonly LONG_A LONG_B

# --- the programs ---------------------------------------------------------------------------

# start_server and start_client: chat.bash's (shared with lab 07).

# --- the grader's side ----------------------------------------------------------------------

# the_program_consumed: waits until the program has read all the grader sent, then until it
# has done what it does with that (it is idle again).
the_program_consumed() {
	if ! peer_step grader consumed=2000; then
		show_printed "$PROG"
		fail_at "the $PROG did not read the whole message within 2 s" \
			"the $PROG receiving the message up to its '\\n'" \
			"after 2 s, part of the message still waits unread" \
			"$(crash_hint "$PROG" "receive until the '\\n' with recv_line(): one recv() may return only part of a message, and a small buffer holds only part of a long one")"
	fi
	wait_idle "$PROG" 2 || true
}

# Hints for a line that arrived wrong: want is what was typed (C-escaped), got what came.
hint_for_sent() {
	local want=${1%\\n} got=$2
	if [[ $got == *\\0* ]]; then
		echo "the NUL bytes are not part of the message: send strlen(line) bytes, not sizeof(buf) nor strlen(line) + 1"
	elif [[ $got != *\\n && ${#want} -gt 1000 && $want == "$got"* ]]; then
		echo "only ${#got} of the line's ${#want} characters were sent: read standard input into a buffer of CHAT_LINE_MAX bytes (or with getline()), not a small one"
	elif [[ $got != *\\n ]]; then
		echo "end the message with its '\\n' (fgets() keeps it in the line): it is how the other side knows the message is complete"
	elif [[ $want == "${got%\\n}"\ * ]]; then
		echo "scanf(\"%s\") stops at the first space: read the whole line with fgets() (or getline())"
	else
		echo "send exactly the line typed on standard input, with its '\\n'"
	fi
}

# grader_hears TEXT: the grader receives one line from the program; it must be TEXT
# (C-escaped, ending in \n; "\r\n" is accepted for "\n").
grader_hears() {
	local want=$1 step nuls=0
	peer_step grader line=2000 || true
	# NUL bytes before the line are the tail of the previous send: *-no-garbage owns them.
	while [[ $PEER_GOT == '\0'* ]]; do PEER_GOT=${PEER_GOT#'\0'}; nuls=$((nuls + 1)); done
	((nuls == 0)) || said "(the grader set aside $nuls NUL bytes before the line: the no-garbage check judges them)"
	quote "$PEER_GOT"
	step="$PROG -> grader: $Q"
	if [[ $PEER_OUTCOME == ok && ($PEER_GOT == "$want" || $PEER_GOT == "${want%\\n}\\r\\n") ]]; then
		said "$step"
		return 0
	fi
	case $PEER_OUTCOME in
	eof | gone)
		fail_at "the $PROG closed the connection instead of sending its line" "$PROG -> grader: $(shown "$want")" \
			"${PEER_GOT:+$step, then }the connection closed" \
			"$(crash_hint "$PROG" "on its turn a program reads a line from stdin and sends it: end only when stdin ends")" ;;
	timeout)
		if [[ -z $PEER_GOT ]]; then
			fail_at "the $PROG sent nothing within 2 s" "$PROG -> grader: $(shown "$want")" \
				"$PROG -> grader: nothing" \
				"after a line is typed on its stdin, on its turn, the $PROG sends it at once: is it still waiting for something else?"
		else
			fail_at "the $PROG's message did not end with a newline within 2 s" "$PROG -> grader: $(shown "$want")" \
				"$step ($PEER_COUNT bytes, no '\\n')" "$(hint_for_sent "$want" "$PEER_GOT")"
		fi ;;
	*)
		fail_at "the $PROG sent another line than the one typed on its stdin" "$PROG -> grader: $(shown "$want")" \
			"$step" "$(hint_for_sent "$want" "$PEER_GOT")" ;;
	esac
}

# grader_hears_nothing WHY: nothing more has come from the program (checked once it is idle).
grader_hears_nothing() {
	wait_idle "$PROG" 2 || true
	peer_step grader quiet && return 0
	# Out of turn, only a line counts: NUL bytes after the last one belong to *-no-garbage.
	if [[ -n $1 && $PEER_OUTCOME == unexpected && $PEER_GOT =~ ^(\\0)+$ ]]; then
		said "(the grader set aside $PEER_COUNT NUL bytes sent after the line: the no-garbage check judges them)"
		return 0
	fi
	case $PEER_OUTCOME in
	unexpected)
		if [[ $PEER_GOT =~ ^(\\0)+ ]]; then
			fail_at "the $PROG sent NUL bytes after its line" "nothing more after the line's '\\n'" \
				"$PROG -> grader: $(shown "$PEER_GOT")" \
				"send strlen(line) bytes: sizeof(buf) sends the whole buffer, strlen(line) + 1 sends the NUL"
		elif [[ -n $1 ]]; then
			fail_at "the $PROG spoke out of turn: $1" "nothing sent until the grader has spoken" \
				"$PROG -> grader: $(shown "$PEER_GOT")" \
				"take turns: after sending a line, receive the other side's line before reading stdin again"
		else
			fail_at "the $PROG sent bytes after its line" "nothing more after the line's '\\n'" \
				"$PROG -> grader: $(shown "$PEER_GOT")" \
				"send the line and nothing else: strlen(line) bytes of a NUL-terminated line"
		fi ;;
	*)
		fail_at "the $PROG closed the connection" "the connection open, the $PROG waiting for the grader" \
			"the connection closed" "$(crash_hint "$PROG" "end only when stdin ends or the other side closes")" ;;
	esac
}

# grader_sets_aside_pending: receives what the program has sent so far, so that what comes
# next is only what it sends from now on (bytes judged by another check are not held twice).
grader_sets_aside_pending() {
	wait_idle "$PROG" 2 || true
	if ! peer_step grader quiet && [[ $PEER_OUTCOME == unexpected ]]; then
		said "(the grader set aside $PEER_COUNT bytes sent earlier: $(shown "$PEER_GOT"))"
	fi
}

# expect_connection_closed: the program closes the connection without sending anything more.
expect_connection_closed() {
	peer_step grader drain=2000 || true
	if [[ $PEER_OUTCOME == ok && $PEER_COUNT == 0 ]]; then
		said "the $PROG closed the connection"
		return 0
	fi
	if ((PEER_COUNT > 0)); then
		fail_at "the $PROG sent more after its stdin ended" "the connection closed, nothing more sent" \
			"$PROG -> grader: $(shown "$PEER_GOT")" \
			"when fgets() returns NULL (end of input), stop: do not send the old line again"
	fi
	fail_at "the $PROG kept the connection open after its stdin ended" "the connection closed" \
		"still open 2 s later; $(describe_end "$PROG" | head -n 1)" \
		"when reading stdin gives end of file (fgets() returns NULL), close the socket and exit"
}

# --- what a program prints ------------------------------------------------------------------

# hint_for_printed TEXT PRINTED: why TEXT (plain) was not printed whole.
hint_for_printed() {
	local text=$1 printed=$2 head=${1:0:5}
	if [[ -n $printed && ($printed == *"$head"* || $text == "$printed"*) ]]; then
		if ((${#text} > 1000)); then
			echo "the line is ${#text} characters: receive into a buffer of CHAT_LINE_MAX bytes with recv_line(), which loops until the '\\n'"
		else
			echo "one recv() returned only part of the line: TCP may deliver a message in pieces; receive until the '\\n' with recv_line()"
		fi
	elif [[ -z $printed ]]; then
		echo "print each line received, ending with '\\n' (stdout keeps an unfinished line in its buffer): is it waiting on stdin instead of receiving?"
	else
		echo "print the line received from the other side, whole"
	fi
}

# expect_printed PROGRAM TEXT: the program prints a line holding TEXT (plain; no regex
# characters but ',' and ' '), whatever else the line holds (a prefix, a prompt).
# printed_or_gone PROGRAM TEXT: the program printed TEXT, or will not: it has ended, or the
# connection is no longer open (mid-conversation only a broken program closes it).
printed_or_gone() {
	has_output "$1" "$2" || has_exited "$1" || ! has_established
}

expect_printed() {
	local printed step
	wait_until 2 printed_or_gone "$1" "$2" || true
	if has_output "$1" "$2"; then
		show_printed "$1"
		return 0
	fi
	printed=$(new_lines "$1")
	show_printed "$1"
	step="after 2 s, no line printed holds $(shown "$2")"
	if is_running "$1" && ! has_established; then
		fail_at "the connection was closed instead of the line being printed" "a line holding $(shown "$2")" \
			"the connection closed, nothing printed holds $(shown "$2")" \
			"$(crash_hint "$1" "keep the connection open and take turns until a side's stdin ends: chat_turns() in main")"
	fi
	# Talking to the grader, it may have left part of the message unread.
	if [[ $1 == "$PROG" ]] && is_running "$1" && ! peer_step grader consumed=0 && [[ $PEER_OUTCOME == timeout ]]; then
		fail_at "the $1 did not read the whole message: part of it still waits unread" \
			"a line holding $(shown "$2")" "$step, and part of the message waits unread" \
			"one recv() may return only part of a message, and a small buffer holds only part of a long one: receive until the '\\n' with recv_line()"
	fi
	fail_at "the $1 did not print the line it received" "a line holding $(shown "$2")" \
		"$step" "$(crash_hint "$1" "$(hint_for_printed "$2" "$printed")")"
}

# second_line_or_idle PROGRAM FROM: the program printed "second line" after its first FROM
# lines, or has stopped without it (idle or ended).
second_line_or_idle() {
	output_of "$1" | sed -n "$(($2 + 1)),\$p" | grep -qF 'second line' || settled "$1"
}

# expect_second_line_on_its_turn PROGRAM: after its reply, the program prints the second of two
# lines that arrived in one piece: it kept it, and did not print it with the first.
expect_second_line_on_its_turn() {
	local from=${MARK[$1]:-0}
	wait_until 2 second_line_or_idle "$1" "$from" || true
	if output_of "$1" | sed -n "$((from + 1)),\$p" | grep -qF 'second line'; then
		show_printed "$1"
		return 0
	fi
	show_printed "$1"
	if output_of "$1" | grep -qF 'second line'; then
		fail_at "the $1 took two lines that arrived in one piece for one message" \
			"$(shown 'second line') printed on the $1's next turn, after its reply" \
			"both lines printed at once, on the first turn; nothing printed after the reply" \
			"one recv() may hold several messages: recv_line() returns up to the first '\\n' and keeps the rest for the next call"
	fi
	fail_at "the $1 lost the second of two lines that arrived in one piece" \
		"$(shown 'second line') printed on the $1's next turn, after its reply" \
		"nothing printed holds $(shown 'second line'); $(describe_end "$1" | head -n 1)" \
		"$(crash_hint "$1" "the bytes after the first '\\n' are the next message: keep them for the next recv_line() (or read one byte at a time)")"
}

# expect_survived PROGRAM WHAT: the program has not crashed on WHAT (checked once it is idle).
expect_survived() {
	wait_until 2 settled "$1" || true
	crash_signal "$1" >/dev/null || return 0
	fail_at "the $1 crashed after $2" "the $1 going on with the chat" \
		"it crashed with $(signal_name "$(crash_signal "$1")")" \
		"$(crash_hint "$1" ""): a line longer than the buffer must not be stored past its end"
}

# --- ending ---------------------------------------------------------------------------------

# expect_exit NAME: the program ends within 2 s (lab 05 decides at once when it waits instead:
# its messages have no end to wait for, this lab's do).
expect_exit() {
	wait_exit "$1" 2
}

# --- this lab's own checks, one body for either program (PROG) ----------------------------

# grader_has_the_floor [FIRST]: starts $PROG with the grader on the other side and brings the
# chat to the grader's first turn: a server's client speaks first; a client has first sent
# FIRST (default "Hi\n") and the grader has heard it.
grader_has_the_floor() {
	if [[ $PROG == server ]]; then
		start_server
		connect_grader
	else
		listen_grader
		start_client
		grader_accepts_client
		type_in client "${1:-Hi\n}"
		grader_hears "${1:-Hi\n}"
	fi
}

delim_check_long_lines() {
	grader_has_the_floor "$LONG_B\\n"
	grader_says "$LONG_A\\n"
	expect_printed "$PROG" "$LONG_A"
	expect_survived "$PROG" "printing a 2000-character line"
	if [[ $PROG == server ]]; then
		type_in server "$LONG_B\\n"
		grader_hears "$LONG_B\\n"
	fi
}

delim_check_split_message() {
	grader_has_the_floor
	grader_says 'Hello '
	the_program_consumed
	if new_lines "$PROG" | grep -q 'Hello'; then
		show_printed "$PROG"
		fail_at "the $PROG printed half a message" "nothing printed until the '\\n' arrives" \
			"${TRANSCRIPT[-1]}" "$(hint_for_printed 'Hello Bob' 'Hello ')"
	fi
	grader_says 'Bob\n'
	peer_step grader consumed=2000 ||
		fail_at "the $PROG did not read the rest of the message" "the $PROG reading $(shown 'Bob\n') and printing $(shown 'Hello Bob')" \
			"$(shown 'Bob\n') still waits unread; $(describe_end "$PROG" | head -n 1)" \
			"$(crash_hint "$PROG" "it took $(shown 'Hello ') for the whole message: one recv() may return part of a message, so receive until the '\\n' with recv_line()")"
	expect_printed "$PROG" 'Hello Bob'
}

delim_check_two_lines_in_one_segment() {
	grader_has_the_floor
	grader_says 'first line\nsecond line\n'
	expect_printed "$PROG" 'first line'
	wait_idle "$PROG" 2 || true
	show_printed "$PROG"
	type_in "$PROG" 'reply\n'
	grader_hears 'reply\n'
	expect_second_line_on_its_turn "$PROG"
}

delim_check_no_leftover() {
	local before
	grader_has_the_floor
	grader_says "$LONG_A\\n"
	the_program_consumed
	show_printed "$PROG"
	type_in "$PROG" 'ok\n'
	grader_hears 'ok\n'
	read_output "$PROG"
	before=$OUTPUT_DONE
	grader_says 'bye now\n'
	expect_printed "$PROG" 'bye now'
	wait_idle "$PROG" 2 || true
	show_printed "$PROG"
	if output_of "$PROG" | sed -n "$((before + 1)),\$p" | grep -qE '[0-9]{10}'; then
		said "$PROG printed, in all, after $(shown 'bye now\n'): $(shown "$(output_of "$PROG" | sed -n "$((before + 1)),\$p" | tr '\n' '|')")"
		fail_at "the $PROG printed bytes of the long message again after the short one" \
			"only $(shown 'bye now') after the long line" "${TRANSCRIPT[-1]}" \
			"end the string where the line ends (buf[n] = '\\0'), and read the long line whole so nothing is left for the next turn"
	fi
}

# --- the server, with the grader as its client ----------------------------------------------

# bats test_tags=id:server-line-with-spaces,points:2,needs:server
@test "server prints a client's line with spaces whole, and sends back the line typed on its stdin" {
	chat_check_server_line_with_spaces
}

# bats test_tags=id:server-several-turns,points:1,needs:server
@test "server takes three turns in order with one client" {
	chat_check_server_several_turns
}

# bats test_tags=id:server-long-lines,points:3,needs:server
@test "server prints and sends 2000-character lines whole" {
	PROG=server
	delim_check_long_lines
}

# bats test_tags=id:server-split-message,points:3,needs:server
@test "server prints a message that arrives in two pieces once, whole" {
	PROG=server
	delim_check_split_message
}

# bats test_tags=id:server-two-lines-in-one-segment,points:3,needs:server
@test "server takes two lines that arrive in one piece as two messages, one per turn" {
	PROG=server
	delim_check_two_lines_in_one_segment
}

# bats test_tags=id:server-no-leftover,points:2,needs:server
@test "server prints a short message after a long one without leftover bytes of the long one" {
	PROG=server
	delim_check_no_leftover
}

# bats test_tags=id:server-no-garbage,points:3,needs:server
@test "server sends only the line typed, no NUL bytes or garbage after it" {
	chat_check_server_no_garbage
}

# bats test_tags=id:server-ends-with-its-input,points:1,needs:server
@test "server closes the connection and exits with status 0 when its stdin ends" {
	chat_check_server_ends_with_its_input
}

# bats test_tags=id:server-notices-client-left,points:1,needs:server
@test "server notices when the client leaves: it exits or goes back to accept, without spinning" {
	chat_check_server_notices_client_left
}

# bats test_tags=id:server-says-client-left,points:0,needs:server
@test "server says that the client left (advice)" {
	chat_check_server_says_client_left
}

# bats test_tags=id:server-waits-its-turn,points:1,needs:server
@test "server lets the client speak first and never speaks twice in a row" {
	chat_check_server_waits_its_turn
}

# --- the client, with the grader as its server ----------------------------------------------

# bats test_tags=id:client-line-with-spaces,points:2,needs:client
@test "client sends the line typed on its stdin whole, and prints the server's line with spaces whole" {
	chat_check_client_line_with_spaces
}

# bats test_tags=id:client-several-turns,points:1,needs:client
@test "client takes three turns in order with the server" {
	chat_check_client_several_turns
}

# bats test_tags=id:client-long-lines,points:3,needs:client
@test "client sends and prints 2000-character lines whole" {
	PROG=client
	delim_check_long_lines
}

# bats test_tags=id:client-split-message,points:3,needs:client
@test "client prints a reply that arrives in two pieces once, whole" {
	PROG=client
	delim_check_split_message
}

# bats test_tags=id:client-two-lines-in-one-segment,points:3,needs:client
@test "client takes two replies that arrive in one piece as two messages, one per turn" {
	PROG=client
	delim_check_two_lines_in_one_segment
}

# bats test_tags=id:client-no-leftover,points:2,needs:client
@test "client prints a short reply after a long one without leftover bytes of the long one" {
	PROG=client
	delim_check_no_leftover
}

# bats test_tags=id:client-no-garbage,points:3,needs:client
@test "client sends only the line typed, no NUL bytes or garbage after it" {
	chat_check_client_no_garbage
}

# bats test_tags=id:client-ends-with-its-input,points:1,needs:client
@test "client closes the connection and exits with status 0 when its stdin ends" {
	chat_check_client_ends_with_its_input
}

# bats test_tags=id:client-notices-server-left,points:1,needs:client
@test "client exits with status 0 when the server closes the connection, without spinning" {
	chat_check_client_notices_server_left
}

# bats test_tags=id:client-waits-its-turn,points:1,needs:client
@test "client waits for the server's reply before sending its next line" {
	chat_check_client_waits_its_turn
}

# --- the two together -----------------------------------------------------------------------

# bats test_tags=id:pair-chat,points:3,needs:client:server
@test "client and server chat in turns, each printing the other's lines whole" {
	chat_check_pair_chat
}

# bats test_tags=id:pair-end,points:1,needs:client:server
@test "when the client's stdin ends the client exits, and the server exits or waits for the next client" {
	chat_check_pair_end
}

# --- memory errors that do not crash yet (advice) ---------------------------------------------

# bats test_tags=id:pair-memory,points:0,needs:client:server
@test "client and server chat without a memory error under AddressSanitizer and UBSan (advice)" {
	chat_check_pair_memory
}
