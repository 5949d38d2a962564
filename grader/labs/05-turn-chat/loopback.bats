# Loopback checks of lab 05: the student's server and client, run for real, each talking to
# the grader's peer (which plays the other side, step by step) and to each other.
# Each check is declared by the tags line above it: its id, its points and the programs it runs.
#
# A conversation is scripted: the grader types lines on a program's stdin, sends lines to it,
# reads what it sends back and what it prints. Every step is written down, so a failure shows
# the conversation up to the step where it went wrong. Messages are written C-escaped ('\n'),
# as the peer reports what it receives. Nothing is waited for a fixed time: a program has
# done all it does with an event once it is waiting again (every thread blocked, none in
# sleep()) and all it sent has arrived.
#
# A message is the course's PW05 message: what a side sends for its turn, with or without a
# '\n' (the teacher's code strips it before write()). It is complete at its '\n', or once the
# sender has stopped sending and waits. Its text, compared with what was typed, ends at its
# '\n' or at its first NUL byte ('\r' before the '\n' set aside): NUL bytes and what follows
# them belong to the no-garbage checks alone, so one bug costs its points once. Lines longer
# than a buffer, messages split in pieces and leftovers are lab 06's (the delimiter).

load "$SOCKLAB_LIB/socklab"
# said, fail_at, start-up waits, the grader's side, ending checks: shared with lab 06.
load "$SOCKLAB_LIB/chat"

readonly PORT=8784 SWAPPED_PORT=20514  # 20514 is 8784 with its two bytes swapped: no htons()

PENDING=""       # bytes received after a message's '\n' that are not its garbage: the next message
MSG_TAIL=""      # the garbage of the last message heard: its first NUL byte and what follows
CHAT_LOOP="chat until stdin ends or the server leaves"  # for the client's hints

# --- the programs ---------------------------------------------------------------------------

# --- messages, as the grader hears them -------------------------------------------------------

# program_waits: the program under test has stopped and waits for input, and all it sent has
# arrived (see is_waiting, all_delivered).
program_waits() {
	is_waiting "$PROG" && all_delivered
}

# hear_turn: receives what the program sends for its turn, after PENDING (bytes already
# received), into HEARD (C-escaped); HEARD_END says how it ended: line (a '\n' came and nothing
# followed it), waits (the program stopped sending and waits for input: seen twice in a row,
# nothing new between), closed (the connection closed), or busy (neither within 2 s: the
# program keeps running without sending). Never waits out its deadline for a program that waits.
hear_turn() {
	local deadline=$((${EPOCHREALTIME/./} + 2000000)) calm=0 tick=0 escaped
	HEARD=$PENDING HEARD_END=busy PENDING=""
	while :; do
		peer_step grader quiet || true
		case $PEER_OUTCOME in
		unexpected)
			HEARD+=$PEER_GOT calm=0 ;;
		eof | gone)
			HEARD_END=closed
			return 0 ;;
		*)
			escaped=${HEARD//'\\'/}
			if [[ $escaped == *'\n'* ]]; then
				HEARD_END=line
				return 0
			fi
			if program_waits; then
				((++calm < 2)) || { HEARD_END=waits; return 0; }
			else
				calm=0
			fi ;;
		esac
		((${EPOCHREALTIME/./} < deadline)) || return 0
		sl_tick $((tick++))
	done
}

# split_message: parts HEARD into MSG_TEXT (what the receiver's printf("%s") shows of it: up to
# its first '\n' or NUL, a '\r' before the '\n' set aside), MSG_TAIL (from a NUL on: the
# garbage, which only the no-garbage check judges; also after a '\n' when a NUL follows it) and
# PENDING (what follows a '\n' that no NUL starts: the program's next message, sent early).
split_message() {
	local s=${HEARD//'\\'/$'\1'} text rest
	MSG_TAIL="" PENDING=""
	text=${s%%'\n'*}
	if [[ ${text%%'\0'*} != "$text" ]]; then
		MSG_TAIL=${text#"${text%%'\0'*}"}${s:${#text}}
		text=${text%%'\0'*}
	elif [[ $text != "$s" ]]; then
		rest=${s:${#text}+2}
		if [[ $rest == '\0'* ]]; then
			MSG_TAIL=$rest
		else
			PENDING=$rest
		fi
	fi
	text=${text%'\r'}
	MSG_TEXT=${text//$'\1'/'\\'}
	MSG_TAIL=${MSG_TAIL//$'\1'/'\\'}
	PENDING=${PENDING//$'\1'/'\\'}
}

# Hints for a message that arrived wrong: want is what was typed, got the text that came.
hint_for_sent() {
	local want=$1 got=$2
	if [[ $want == "$got "* ]]; then
		echo "scanf(\"%s\") stops at the first space: read the whole line with fgets() (or getline())"
	elif [[ $got == "$want"* ]]; then
		echo "send only the line just typed, then wait for the other side's reply before reading stdin again"
	else
		echo "send exactly the line typed on standard input (strlen() bytes of it, with or without its '\\n')"
	fi
}

# grader_hears TEXT: the grader receives the program's message for its turn; its text (see
# split_message) must be TEXT (C-escaped; a final \n in TEXT is ignored).
grader_hears() {
	local want=${1%\\n} step
	hear_turn
	split_message
	quote "$HEARD"
	step="$PROG -> grader: $Q"
	[[ -n $PENDING ]] && step="$PROG -> grader: $(shown "${HEARD%"$PENDING"}")"
	if [[ $MSG_TEXT == "$want" && -n $HEARD ]]; then
		said "$step"
		return 0
	fi
	if [[ -z $MSG_TEXT ]]; then
		case $HEARD_END in
		closed)
			fail_at "the $PROG closed the connection instead of sending its message" \
				"$PROG -> grader: $(shown "$want")" "${HEARD:+$step, then }the connection closed" \
				"$(crash_hint "$PROG" "on its turn a program reads a line from stdin and sends it: end only when stdin ends")" ;;
		waits)
			fail_at "the $PROG sent nothing on its turn: it waits instead" "$PROG -> grader: $(shown "$want")" \
				"$PROG -> grader: ${HEARD:+$(shown "$HEARD"), }nothing more; $(waits_on)" \
				"after a line is typed on its stdin, on its turn, the $PROG sends it at once: is it waiting for something else (a message first, another line)?" ;;
		*)
			fail_at "the $PROG sent nothing within 2 s" "$PROG -> grader: $(shown "$want")" \
				"$PROG -> grader: ${HEARD:+$(shown "$HEARD"), }nothing more; $(describe_end "$PROG" | head -n 1)" \
				"after a line is typed on its stdin, on its turn, the $PROG sends it at once" ;;
		esac
	fi
	fail_at "the $PROG sent another message than the line typed on its stdin" \
		"$PROG -> grader: $(shown "$want")" "$step (its text: $(shown "$MSG_TEXT"))" \
		"$(hint_for_sent "$want" "$MSG_TEXT")"
}

# grader_hears_nothing WHY: nothing more comes from the program until the grader speaks
# (checked once it waits). With WHY, a turn check: only text counts, NUL bytes and what follows
# them are the no-garbage check's. Without, the no-garbage check: the last message's garbage
# and any byte more count.
grader_hears_nothing() {
	local extra
	hear_turn
	if [[ -n $1 ]]; then
		split_message
		if [[ $HEARD_END == closed && -z $HEARD ]]; then
			:
		elif [[ -z $MSG_TEXT && -z $PENDING ]]; then
			[[ -z $HEARD ]] || said "(the grader set aside $(shown "$HEARD"): NUL bytes, the no-garbage check's)"
			return 0
		else
			fail_at "the $PROG spoke out of turn: $1" "nothing sent until the grader has spoken" \
				"$PROG -> grader: $(shown "$HEARD")" \
				"take turns: after sending a line, receive the other side's line before reading stdin again"
		fi
	else
		extra=$MSG_TAIL$HEARD
		if [[ -n $extra ]]; then
			if [[ $extra == '\0'* ]]; then
				fail_at "the $PROG sent NUL bytes after its message" "nothing more after the text typed" \
					"$PROG -> grader: ... $(shown "$extra")" \
					"send strlen(line) bytes: sizeof(buf) sends the whole buffer, strlen(line) + 1 sends the NUL"
			fi
			fail_at "the $PROG sent bytes after its message" "nothing more after the text typed" \
				"$PROG -> grader: ... $(shown "$extra")" \
				"send the line and nothing else: strlen(line) bytes of a NUL-terminated line"
		fi
		[[ $HEARD_END == closed ]] || return 0
	fi
	fail_at "the $PROG closed the connection" "the connection open, the $PROG waiting for the grader" \
		"the connection closed" "$(crash_hint "$PROG" "end only when stdin ends or the other side closes")"
}

# grader_sets_aside_pending: receives what the program has sent so far, so that what comes
# next is only what it sends from now on (bytes judged by another check are not held twice).
grader_sets_aside_pending() {
	hear_turn
	[[ -z $HEARD ]] || said "(the grader set aside $(shown "$HEARD"), sent earlier)"
	HEARD="" PENDING=""
}

# expect_connection_closed: the program closes the connection without sending anything more
# (decided as soon as it closes, sends, or waits with the connection open).
expect_connection_closed() {
	hear_turn
	if [[ $HEARD_END == closed && -z $HEARD ]]; then
		said "the $PROG closed the connection"
		return 0
	fi
	if [[ -n $HEARD ]]; then
		fail_at "the $PROG sent more after its stdin ended" "the connection closed, nothing more sent" \
			"$PROG -> grader: $(shown "$HEARD")" \
			"when fgets() returns NULL (end of input), stop: do not send the old line again"
	fi
	fail_at "the $PROG kept the connection open after its stdin ended" "the connection closed" \
		"$([[ $HEARD_END == waits ]] && waits_on || echo "still open 2 s later"); $(describe_end "$PROG" | head -n 1)" \
		"when reading stdin gives end of file (fgets() returns NULL), close the socket and exit"
}

# exited_or_stuck NAME: the program has ended, or waits (seen twice in a row): it will not end
# by itself.
exited_or_stuck() {
	has_exited "$1" && return 0
	if is_waiting "$1"; then
		((++CALM_POLLS >= 2))
	else
		CALM_POLLS=0
		return 1
	fi
}

# expect_exit NAME: the program ends within 2 s; decided at once when it waits instead.
expect_exit() {
	CALM_POLLS=0
	wait_until 2 exited_or_stuck "$1" || true
	has_exited "$1"
}

# --- what a program prints ------------------------------------------------------------------

# hint_for_printed TEXT PRINTED: why TEXT (plain) was not printed whole.
hint_for_printed() {
	local text=$1 printed=$2 head=${1:0:5}
	if [[ -n $printed && ($printed == *"$head"* || $text == "$printed"*) ]]; then
		echo "print the whole message received: one recv() into a buffer big enough for a line (e.g. 1024 bytes), then printf(\"%s\") of it"
	elif [[ -z $printed ]]; then
		echo "print each message received, ending with '\\n' (stdout keeps an unfinished line in its buffer): is it waiting on stdin instead of receiving?"
	else
		echo "print the message received from the other side, whole"
	fi
}

# expect_printed PROGRAM TEXT: the program prints a line holding TEXT (plain; no regex
# characters but ',' and ' '), whatever else the line holds (a prefix, a prompt). Text it
# printed when it ended (flushed at exit) counts.
# printed_or_gone PROGRAM TEXT: the program printed TEXT, or will not: it has ended, the
# connection is no longer open (mid-conversation only a broken program closes it), or it
# waits (seen twice in a row) without having printed it.
printed_or_gone() {
	has_output "$1" "$2" || has_exited "$1" || ! has_established && return 0
	# Waiting, with all sent delivered: a program blocked while the message is unread is
	# blocked on something else (its stdin), and will not print it either.
	if is_waiting "$1" && all_delivered; then
		((++CALM_POLLS >= 2))
	else
		CALM_POLLS=0
		return 1
	fi
}

expect_printed() {
	local printed step
	CALM_POLLS=0
	wait_until 2 printed_or_gone "$1" "$2" || true
	if has_output "$1" "$2"; then
		show_printed "$1"
		return 0
	fi
	printed=$(new_lines "$1")
	show_printed "$1"
	step="no line printed holds $(shown "$2")"
	if is_running "$1" && ! has_established; then
		fail_at "the connection was closed instead of the message being printed" "a line holding $(shown "$2")" \
			"the connection closed, nothing printed holds $(shown "$2")" \
			"$(crash_hint "$1" "keep the connection open and take turns until a side's stdin ends")"
	fi
	# Talking to the grader, it may have left part of the message unread.
	if [[ $1 == "$PROG" ]] && is_running "$1" && ! peer_step grader consumed=0 && [[ $PEER_OUTCOME == timeout ]]; then
		fail_at "the $1 did not read the whole message: part of it still waits unread" \
			"a line holding $(shown "$2")" "$step, and part of the message waits unread" \
			"receive the message into a buffer that holds a whole line (e.g. 1024 bytes)"
	fi
	is_running "$1" && is_waiting "$1" && step+="; $(PROG=$1 waits_on)"
	fail_at "the $1 did not print the message it received" "a line holding $(shown "$2")" \
		"$step" "$(crash_hint "$1" "$(hint_for_printed "$2" "$printed")")"
}

# --- ending ---------------------------------------------------------------------------------

# --- the server, with the grader as its client ----------------------------------------------

# bats test_tags=id:server-line-with-spaces,points:3,needs:server
@test "server prints a client's line with spaces whole, and sends back the line typed on its stdin" {
	chat_check_server_line_with_spaces
}

# bats test_tags=id:server-several-turns,points:2,needs:server
@test "server takes three turns in order with one client" {
	chat_check_server_several_turns
}

# bats test_tags=id:server-no-garbage,points:2,needs:server
@test "server sends only the line typed, no NUL bytes or garbage after it" {
	chat_check_server_no_garbage
}

# bats test_tags=id:server-ends-with-its-input,points:2,needs:server
@test "server closes the connection and exits with status 0 when its stdin ends" {
	chat_check_server_ends_with_its_input
}

# bats test_tags=id:server-notices-client-left,points:2,needs:server
@test "server notices when the client leaves: it exits or goes back to accept, without spinning" {
	chat_check_server_notices_client_left
}

# bats test_tags=id:server-says-client-left,points:0,needs:server
@test "server says that the client left (advice)" {
	chat_check_server_says_client_left
}

# bats test_tags=id:server-waits-its-turn,points:2,needs:server
@test "server lets the client speak first and never speaks twice in a row" {
	chat_check_server_waits_its_turn
}

# --- the client, with the grader as its server ----------------------------------------------

# bats test_tags=id:client-line-with-spaces,points:3,needs:client
@test "client sends the line typed on its stdin whole, and prints the server's line with spaces whole" {
	chat_check_client_line_with_spaces
}

# bats test_tags=id:client-several-turns,points:2,needs:client
@test "client takes three turns in order with the server" {
	chat_check_client_several_turns
}

# bats test_tags=id:client-uses-argv,points:0,needs:client
@test "client connects with the hostname given as argv[1] (advice)" {
	PROG=client
	listen_grader
	start_client
	[[ $HOW_LAUNCHED == argv ]] ||
		fail_at "the client connected only with the hostname typed on its stdin" \
			"client 127.0.0.1 connecting to 127.0.0.1:$PORT" "it connected once 127.0.0.1 was typed on its stdin" \
			"the chat checks use whichever works; lab 04 grades reading argv[1] first (and not reading it when argc < 2)"
}

# bats test_tags=id:client-no-garbage,points:2,needs:client
@test "client sends only the line typed, no NUL bytes or garbage after it" {
	chat_check_client_no_garbage
}

# bats test_tags=id:client-ends-with-its-input,points:2,needs:client
@test "client closes the connection and exits with status 0 when its stdin ends" {
	chat_check_client_ends_with_its_input
}

# bats test_tags=id:client-notices-server-left,points:2,needs:client
@test "client exits with status 0 when the server closes the connection, without spinning" {
	chat_check_client_notices_server_left
}

# bats test_tags=id:client-waits-its-turn,points:2,needs:client
@test "client waits for the server's reply before sending its next line" {
	chat_check_client_waits_its_turn
}

# --- the two together -----------------------------------------------------------------------

# bats test_tags=id:pair-chat,points:3,needs:client:server
@test "client and server chat in turns, each printing the other's lines whole" {
	chat_check_pair_chat
}

# bats test_tags=id:pair-end,points:2,needs:client:server
@test "when the client's stdin ends the client exits, and the server exits or waits for the next client" {
	chat_check_pair_end
}

# --- memory errors that do not crash yet (advice) ---------------------------------------------

# bats test_tags=id:pair-memory,points:0,needs:client:server
@test "client and server chat without a memory error under AddressSanitizer and UBSan (advice)" {
	chat_check_pair_memory
}
