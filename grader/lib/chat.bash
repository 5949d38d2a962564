# Conversation helpers shared by the chat labs (05 and 06, the turn-taking chat and its
# delimiter version; 07, 08 and 10 through lab 07's conversation.bash): the written-down
# transcript, starting the student's programs, the grader's side of the connection, who speaks
# first, the check bodies labs 05 and 06 share and the memory check of every chat lab. Only
# the helpers whose behaviour is the same in the labs that use them live here, so that a fix
# reaches all and the transcript (which the HTML report parses) has one format. What differs
# (how a message is heard, what a hint says) stays in each lab's loopback.bats, and bash finds
# it there when these helpers call it (hear/print/exit steps); conversation.bash holds the
# steps where lab 07's, 08's and 10's conversations (close, several clients, non-blocking) differ.
#
# The lab sets PORT (and PROG, the program under test) before calling these.
# Loaded after socklab.bash: load "$SOCKLAB_LIB/chat".

PROG=""          # the student program under test when the grader plays the other side
TRANSCRIPT=()    # the conversation so far, one line per step
declare -gA MARK=()  # program -> lines of stdout already shown in the transcript (-g: bats sources this file in a function)
GRADER=grader    # the grader's peer of the moment (lab 07's server serves several, one after another)
CHAT_END="a side's input ends"  # what ends a chat, for the hints (lab 07: a side ends it)
CHAT_LOOP="chat until a side ends it"  # what a client's main does, for its hints (lab 06: its own words)
CHAT_RECV="recv()"  # how a message is received, for the hints (lab 06: recv_line())
HOW_LAUNCHED=argv  # how the client got the server's address: argv, or stdin (asked for it, or argv failed)
BIN=$SOCKLAB_BIN   # the student's programs: $SOCKLAB_BIN/sanitized for the memory check (pair-memory)

# --- the conversation, written down ---------------------------------------------------------

said() {
	TRANSCRIPT+=("$1")
}

# quote TEXT: sets Q to C-escaped TEXT in quotes, its middle cut when long (no subshell: the
# conversation is written down at every step).
quote() {
	local plain
	if ((${#1} > 80)); then
		plain=${1//\\x??/.}
		plain=${plain//\\?/.}
		printf -v Q '"%s...%s" (%d bytes)' "${1:0:40}" "${1: -12}" "${#plain}"
	else
		Q="\"$1\""
	fi
}

# shown TEXT: prints what quote sets.
shown() {
	quote "$1"
	printf '%s' "$Q"
}

# show_printed PROGRAM: writes what the program printed since last time into the transcript.
show_printed() {
	local i from=${MARK[$1]:-0}
	read_output "$1"
	for ((i = from; i < OUTPUT_DONE && i < from + 20; i++)); do
		# A tab shown as \t keeps a step's columns. Every other control character (\r, ESC) is
		# left as printed: each report escapes all the text of a check by one rule (inert.quote).
		quote "${OUTPUT[i]//$'\t'/\\t}"
		said "$1 printed: $Q"
	done
	((OUTPUT_DONE - from <= 20)) || said "$1 printed $((OUTPUT_DONE - from - 20)) more lines"
	MARK[$1]=$OUTPUT_DONE
}

# fail_at SUMMARY EXPECTED STEP HINT: fails the check showing the conversation, STEP (what
# happened instead of EXPECTED) last, and how the programs stand.
fail_at() {
	local seen state name
	# The step that went wrong may be the last one written down: show it once.
	[[ ${#TRANSCRIPT[@]} -gt 0 && ${TRANSCRIPT[-1]} == "$3" ]] && unset 'TRANSCRIPT[-1]'
	seen=$(printf '%s\n' "${TRANSCRIPT[@]}")
	seen+="${seen:+$'\n'}$3   <- here"
	for name in server client; do
		[[ -n ${SL_PID[$name]-} ]] || continue
		if is_running "$name"; then
			state="the $name is still running"
		else
			state=$(describe_end "$name" | head -n 1)
			state="the $name ended: ${state#it }"
		fi
		seen+=$'\n'"($state)"
		[[ -n $(errors_of "$name") ]] && seen+=$'\n'"its stderr: $(sl_cap "$(errors_of "$name")")"
	done
	fail_check "$1" "$2" "$seen" "$4"
}

# --- the programs ---------------------------------------------------------------------------

listening_or_ended() {
	is_listening "$PORT" || has_exited server
}

# Whether the client waits for input without having connected: it wants the hostname there.
# (Checked in this order: a client that reads stdin after connecting is seen connected.)
asks_for_hostname() {
	is_running client && is_waiting_for_input client && ! is_connected_to "$PORT"
}

client_started() {
	is_connected_to "$PORT" || has_exited client || asks_for_hostname
}

# Starts the student's server (stdin from the grader) and waits until it listens on 8784.
# A server that does not start fails every check that runs it, for the same cause: each says so.
start_server() {
	local found all=()
	spawn server --stdin "$BIN/server"
	MARK[server]=0
	wait_until 2 listening_or_ended || true
	if is_listening "$PORT"; then
		said "the server started, listening on port $PORT"
		return 0
	fi
	mapfile -t all < <(listeners)
	found=$(endpoints_named "$PORT" "${all[@]}")
	if ((${#all[@]})); then
		fail_at "the server listens on another port than $PORT" \
			"the server listening on port $PORT" "listening on $found" \
			"$(port_hint "${all[0]##*:}")"
	elif has_exited server; then
		fail_at "the server ended before listening on port $PORT" \
			"the server listening on port $PORT" \
			"$(describe_end server)" "$(crash_hint server "read its error message: which call failed, and why?")"
	elif is_waiting_for_input server; then
		fail_at "the server waits for input on its stdin before listening on port $PORT" \
			"the server listening on port $PORT" "$(describe_end server)" \
			"nobody types before a client is there: open the listening socket first, then read stdin"
	else
		fail_at "nothing listens on port $PORT after 2 s" \
			"the server listening on port $PORT" "$(describe_end server)" \
			"listen on port $PORT at start-up (the given open_listenfd() does it)"
	fi
}

# port_hint PORT: what to do about a program that uses PORT instead of the lab's.
port_hint() {
	if (($1 == SWAPPED_PORT)); then
		echo "the port in sin_port must be in network byte order: htons($PORT)"
	else
		echo "the lab's port is $PORT: htons($PORT) (a demo's port, such as 8785, must be changed)"
	fi
}

# launch_client ARG...: starts the student's client with ARG... and waits until it has
# connected, ended or asks for the hostname on its stdin (then it is given it there).
launch_client() {
	spawn client --stdin "$BIN/client" "$@"
	MARK[client]=0
	said "client started as: client${*:+ $*}"
	wait_until 2 client_started || true
	if asks_for_hostname; then
		type_in client '127.0.0.1\n'
		TRANSCRIPT[-1]+="   (it asks for the hostname: it is given on its stdin)"
		HOW_LAUNCHED=stdin
		wait_until 2 client_started || true
	fi
}

# Starts the student's client with the server's address as argv[1]. A client that ends before
# connecting is started again without it, the address typed on its stdin (lab 04 allows both;
# a broken argv path is lab 04's to grade): the advice check client-uses-argv says which worked.
# Its connection attempts are watched, so that a failure names the port it tried.
start_client() {
	local tried=() first_hint="" hint
	watch_connects || true
	HOW_LAUNCHED=argv
	launch_client 127.0.0.1
	if has_exited client && ! has_connection "$PORT"; then
		said "(the client ended before connecting: $(describe_end client | head -n 1))"
		# The cause of a crash is named now: the run without argv[1] takes its facts' place.
		! crash_signal client >/dev/null || first_hint=$(crash_hint client "")
		stop client
		close_stdin client
		launch_client
		if ! is_connected_to "$PORT" && ! asks_for_hostname && [[ $HOW_LAUNCHED == argv ]] && is_running client; then
			type_in client '127.0.0.1\n'
			wait_until 2 client_started || true
		fi
		HOW_LAUNCHED=stdin
	fi
	is_connected_to "$PORT" && return 0
	mapfile -t tried < <(connect_attempts | grep -v ":$PORT\$")
	if ((${#tried[@]})); then
		hint=$(port_hint "${tried[0]##*:}")
		# A first run that crashed (SIGPIPE after a failed connect(), say) told more.
		[[ -z $first_hint ]] || hint=$first_hint
		[[ $hint == *"htons($PORT)"* ]] || hint+="; and $(port_hint "${tried[0]##*:}")"
		fail_at "the client connects to another port than $PORT" \
			"a connection to 127.0.0.1:$PORT" \
			"connection attempts to $(endpoints_named "$PORT" "${tried[@]}"); $(describe_end client | head -n 1)" \
			"$hint"
	elif has_exited client; then
		fail_at "the client ended before the chat began, with argv[1] and with the hostname on stdin" \
			"a connection to 127.0.0.1:$PORT, kept open" \
			"$(describe_end client)" \
			"$(crash_hint client "connect to argv[1] on port $PORT and $CHAT_LOOP")"
	else
		fail_at "the client did not connect to 127.0.0.1:$PORT within 2 s" \
			"a connection to 127.0.0.1:$PORT" \
			"$(describe_end client)" "connect to the host named by argv[1] on port $PORT at start-up"
	fi
}

# type_in PROGRAM TEXT: types TEXT (C-escaped) on the program's stdin.
type_in() {
	feed "$1" "$2"
	quote "$2"
	said "typed on the $1's stdin: $Q"
}

# end_input PROGRAM: closes the program's stdin (the user pressed Ctrl-D).
end_input() {
	close_stdin "$1"
	said "the $1's stdin ended (Ctrl-D)"
}

# --- the grader's side ----------------------------------------------------------------------

# connect_grader [NAME]: plays a client (NAME, default grader): connects to the student's
# server and waits until it has accepted. A second client (lab 07's) is told about the loop.
connect_grader() {
	local again=""
	GRADER=${1:-grader}
	[[ $GRADER == grader ]] || again=yes
	peer_start "$GRADER" connect 127.0.0.1 "$PORT"
	wait_until 2 peer_connected "$GRADER" || true
	if ! peer_connected "$GRADER"; then
		fail_at "the grader could not connect to the server" "a connection to 127.0.0.1:$PORT accepted" \
			"$(errors_of "$GRADER" | head -n 1); $(describe_end server | head -n 1)" \
			"$(crash_hint server "keep the listening socket open and call accept()${again:+ for each client}")"
	fi
	said "the grader${again:+ ($GRADER)} connected to the server"
	if peer_step "$GRADER" accepted=2000; then
		server_speaks_first_if_it_waits
		return 0
	fi
	if [[ -n $again ]] && is_waiting_for_input server; then
		fail_at "the server did not accept the connection: it waits for input on its stdin" \
			"accept() returning the connection" "the connection waiting in the listen backlog, the server reading its stdin" \
			"when a client has left (recv() returned 0 or failed) or was dropped, go back to accept() before reading stdin again"
	fi
	fail_at "the server did not accept the connection within 2 s" "accept() returning the connection" \
		"the connection waiting in the listen backlog; $(describe_end server | head -n 1)" \
		"${again:+call accept() again for each new client: a loop around accept() and the chat}${again:-call accept() and chat on the socket it returns}"
}

# Plays the server: listens on 8784 for the student's client.
listen_grader() {
	GRADER=grader
	peer_start grader listen 127.0.0.1 "$PORT"
	wait_listen "$PORT" 2 || fail_at "the grader could not listen on port $PORT" "a listener" \
		"$(errors_of grader)" "this is the grader's problem, not yours: tell your teaching assistant"
}

# Waits until the student's client has connected to the grader's server and been accepted.
grader_accepts_client() {
	wait_until 2 peer_connected grader ||
		fail_at "the grader's server did not get the client's connection" "a connection to 127.0.0.1:$PORT" \
			"no connection accepted" "connect to the host named by argv[1] on port $PORT"
	said "the client connected to the grader"
	client_hears_first_if_it_waits
}

# --- who speaks first -----------------------------------------------------------------------
# The lecture's client speaks first. A program that wants the other order (the server reads
# its stdin as soon as the client is there; the client waits on the socket, not on its stdin)
# costs the turn-order check alone ("waits its turn", which sets TURN_ORDER_CHECK): every
# other check lets it have its first turn, then goes on as scripted, so one fault costs its
# points once. Labs without turns set CHAT_TURNS="" (lab 08, and multiclient.bash for 09 and 10).

CHAT_TURNS=yes
TURN_ORDER_CHECK=""

# server_speaks_first_if_it_waits: just connected, a server blocked reading its stdin is given
# its first line, and the grader hears it.
server_speaks_first_if_it_waits() {
	[[ -n $CHAT_TURNS && -z $TURN_ORDER_CHECK && $PROG == server ]] || return 0
	wait_until 1 settled server || true
	is_running server && is_waiting_for_input server || return 0
	said "(the server reads its stdin before the client has said anything: it speaks first, against the lecture's order, which the turn-order check grades; here it has its first turn)"
	type_in server 'Welcome\n'
	grader_hears 'Welcome\n'
}

# client_hears_first_if_it_waits: just connected, a client blocked on the socket rather than on
# its stdin waits for the server's first line: the grader says one, and the client prints it.
client_hears_first_if_it_waits() {
	[[ -n $CHAT_TURNS && -z $TURN_ORDER_CHECK && $PROG == client ]] || return 0
	wait_until 1 settled client || true
	is_running client && is_idle client && ! is_waiting_for_input client && nothing_unread || return 0
	said "(the client waits for the server before its user types: it lets the server speak first, against the lecture's order, which the turn-order check grades; here the server has its first turn)"
	grader_says 'Welcome\n'
	expect_printed client 'Welcome'
}

# grader_says TEXT: the grader sends TEXT (C-escaped) to the program.
grader_says() {
	quote "$1"
	said "grader -> $PROG: $Q"
	peer_step "$GRADER" "send=$1" && return 0
	fail_at "the $PROG closed the connection while the grader was sending" "the connection open" \
		"the grader could not send" "$(crash_hint "$PROG" "keep the connection open until $CHAT_END")"
}

# grader_leaves: the grader closes its side of the connection (and ends).
grader_leaves() {
	close_stdin "$GRADER"
	wait_exit "$GRADER" 2 || true
	said "the grader closed the connection"
}

# --- what a program prints ------------------------------------------------------------------

# new_lines PROGRAM: the lines the program printed since the transcript last showed its output.
new_lines() {
	output_of "$1" | sed -n "$((${MARK[$1]:-0} + 1)),\$p"
}

# --- ending ---------------------------------------------------------------------------------

# expect_clean_exit PROGRAM WHY: the program has ended, with status 0 and without a crash.
expect_clean_exit() {
	local status sig
	if sig=$(crash_signal "$1"); then
		if ((sig == 25)); then
			fail_at "the $1 printed without end after $2, until the output limit stopped it" "the $1 ending cleanly" \
				"it printed $(line_count "$1") lines; the last: $(shown "$(output_of "$1" | tail -n 1)")" \
				"recv() returning 0 means the other side closed: leave the loop instead of printing an empty or old line again"
		fi
		fail_at "the $1 crashed after $2" "the $1 ending cleanly, status 0" "it crashed with $(signal_name "$sig")" \
			"$(crash_hint "$1" "")"
	fi
	status=$(exit_status "$1")
	((status == 0)) ||
		fail_at "the $1 exited with status $status after $2" "exit status 0: this is the normal end of a chat" \
			"$(describe_end "$1" | head -n 1)" "return 0 from main when the chat ends normally"
}

settled() {
	has_exited "$1" || is_idle "$1"
}

# expect_server_back_to_accept WHY: after WHY, the server has exited cleanly or waits for a
# new client (it accepts one).
expect_server_back_to_accept() {
	if ! wait_until 2 settled server; then
		fail_at "the server did not stop after $1: it keeps running" \
			"the server exiting, or waiting in accept() for the next client" "$(describe_spin server)" \
			"recv() returning 0 means the client closed: leave the chat loop (do not print an empty or old line again and again)"
	fi
	if is_running server; then
		peer_start next connect 127.0.0.1 "$PORT"
		peer_step next accepted=2000 && return 0
		has_exited server ||
			fail_at "the server did not notice $1" "the server exiting, or accepting the next client" \
				"a new client was not accepted within 2 s; $(describe_end server | head -n 1)" \
				"recv() returning 0 means the client closed: leave the chat, close the socket and go back to accept()"
	fi
	expect_clean_exit server "$1"
}

# --- the checks labs 05 and 06 share -----------------------------------------------------
# The same conversation in both labs; each lab's own steps (how a message is heard, its hints)
# decide what it takes for the check to pass, and each lab gives the check its own points.

# server prints a client's line with spaces whole, and sends back the line typed on its stdin
chat_check_server_line_with_spaces() {
	PROG=server
	start_server
	connect_grader
	grader_says 'Hello Bob, how are you\n'
	expect_printed server 'Hello Bob, how are you'
	type_in server 'Fine thanks, and you\n'
	grader_hears 'Fine thanks, and you\n'
}

# server takes three turns in order with one client
chat_check_server_several_turns() {
	local i
	PROG=server
	start_server
	connect_grader
	for i in 1 2 3; do
		grader_says "message $i from the client\\n"
		expect_printed server "message $i from the client"
		type_in server "reply $i from the server\\n"
		grader_hears "reply $i from the server\\n"
	done
}

# server sends only the line typed, no NUL bytes or garbage after it
chat_check_server_no_garbage() {
	PROG=server
	start_server
	connect_grader
	grader_says 'Hi\n'
	expect_printed server 'Hi'
	type_in server 'Fine\n'
	grader_hears 'Fine\n'
	grader_hears_nothing ""
}

# server_said_bye: a server with the grader as its client has printed the grader's "Hi" and
# sent back the "Bye" typed on its stdin.
server_said_bye() {
	PROG=server
	start_server
	connect_grader
	grader_says 'Hi\n'
	expect_printed server 'Hi'
	type_in server 'Bye\n'
	grader_hears 'Bye\n'
}

# server notices when the client leaves: it exits or goes back to accept, without spinning
chat_check_server_notices_client_left() {
	server_said_bye
	grader_leaves
	expect_server_back_to_accept "the client left"
}

# server lets the client speak first and never speaks twice in a row
chat_check_server_waits_its_turn() {
	PROG=server TURN_ORDER_CHECK=yes
	start_server
	type_in server 'early\n'
	connect_grader
	grader_hears_nothing "it sent a line before the client said anything"
	grader_says 'Hello\n'
	expect_printed server 'Hello'
	grader_hears 'early\n'
	type_in server 'second\nthird\n'
	grader_hears_nothing "it sent a line again before the client answered"
	grader_says 'Next\n'
	grader_hears 'second\n'
	grader_hears_nothing "it sent a line again before the client answered"
}

# client sends the line typed on its stdin whole, and prints the server's line with spaces whole
chat_check_client_line_with_spaces() {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'Hello Bob, how are you\n'
	grader_hears 'Hello Bob, how are you\n'
	grader_says 'Fine thanks, and you\n'
	expect_printed client 'Fine thanks, and you'
}

# client takes three turns in order with the server
chat_check_client_several_turns() {
	local i
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	for i in 1 2 3; do
		type_in client "message $i from the client\\n"
		grader_hears "message $i from the client\\n"
		grader_says "reply $i from the server\\n"
		expect_printed client "reply $i from the server"
	done
}

# client sends only the line typed, no NUL bytes or garbage after it
chat_check_client_no_garbage() {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'Hello\n'
	grader_hears 'Hello\n'
	grader_hears_nothing ""
}

# client waits for the server's reply before sending its next line
chat_check_client_waits_its_turn() {
	PROG=client TURN_ORDER_CHECK=yes
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'one\ntwo\n'
	grader_hears 'one\n'
	grader_hears_nothing "it sent its next line before the server answered"
	grader_says 'Reply\n'
	expect_printed client 'Reply'
	grader_hears 'two\n'
}

# client and server chat in turns, each printing the other's lines whole
chat_check_pair_chat() {
	start_server
	start_client
	type_in client 'Hello Bob, how are you\n'
	expect_printed server 'Hello Bob, how are you'
	type_in server 'Fine thanks, and you\n'
	expect_printed client 'Fine thanks, and you'
	type_in client 'Great, goodbye\n'
	expect_printed server 'Great, goodbye'
}

# server closes the connection and exits with status 0 when its stdin ends
chat_check_server_ends_with_its_input() {
	PROG=server
	start_server
	connect_grader
	grader_says 'Hi\n'
	expect_printed server 'Hi'
	grader_sets_aside_pending
	end_input server
	expect_connection_closed
	expect_exit server ||
		fail_at "the server kept running after its stdin ended" "the server exiting with status 0" \
			"$(describe_spin server)" "when reading stdin gives end of file (fgets() returns NULL), close the sockets and exit"
	expect_clean_exit server "its stdin ended"
}

# server says that the client left (advice)
chat_check_server_says_client_left() {
	server_said_bye
	wait_idle server 2 || true
	show_printed server
	grader_leaves
	wait_until 2 has_new_line server "${MARK[server]}" ||
		fail_at "the server printed nothing when the client left" "a line saying the client left" \
			"server printed: nothing" "when $CHAT_RECV returns 0, print e.g. \"client left\" before waiting for the next one"
}

# client_said_hi: a client with the grader as its server has sent the "Hi" typed on its stdin.
client_said_hi() {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'Hi\n'
	grader_hears 'Hi\n'
}

# client closes the connection and exits with status 0 when its stdin ends
chat_check_client_ends_with_its_input() {
	client_said_hi
	grader_says 'Hello\n'
	expect_printed client 'Hello'
	grader_sets_aside_pending
	end_input client
	expect_connection_closed
	expect_exit client ||
		fail_at "the client kept running after its stdin ended" "the client exiting with status 0" \
			"$(describe_spin client)" "when reading stdin gives end of file (fgets() returns NULL), close the socket and exit"
	expect_clean_exit client "its stdin ended"
}

# client exits with status 0 when the server closes the connection, without spinning
chat_check_client_notices_server_left() {
	client_said_hi
	grader_leaves
	expect_exit client ||
		fail_at "the client did not end when the server closed the connection" "the client exiting with status 0" \
			"$(describe_spin client)" \
			"recv() returning 0 means the server closed: leave the chat loop and exit (do not print an empty or old line again and again)"
	expect_clean_exit client "the server closed the connection"
}

# when the client's stdin ends the client exits, and the server exits or waits for the next client
chat_check_pair_end() {
	start_server
	start_client
	type_in client 'Hello\n'
	expect_printed server 'Hello'
	type_in server 'Hi\n'
	expect_printed client 'Hi'
	end_input client
	expect_exit client ||
		fail_at "the client kept running after its stdin ended" "the client exiting with status 0" \
			"$(describe_spin client)" "when reading stdin gives end of file (fgets() returns NULL), close the socket and exit"
	expect_clean_exit client "its stdin ended"
	expect_server_back_to_accept "the client left"
}

# --- memory errors that do not crash yet (advice; every chat lab) ---------------------------------

# A line longer than the usual buffers (256, 1024 bytes): a program that fills its buffer and
# then writes the '\0' one byte past it does so here, if not in the short lines of pair-chat.
# (printf -v: every check of every chat lab loads this file, and a $(...) would fork each time.)
printf -v LONG_LINE 'long line %.0s' {1..110}

# sanitized_chat: pair-chat's conversation, then the long line; stops at the first step that
# fails (that fault is pair-chat's to report, or the crash of a memory error, reported below).
# CHAT_REACHED says whether the long line was typed: then every message was exchanged once.
sanitized_chat() {
	CHAT_REACHED=0
	start_server && start_client &&
		type_in client 'Hello Bob, how are you\n' && expect_printed server 'Hello Bob, how are you' &&
		type_in server 'Fine thanks, and you\n' && expect_printed client 'Fine thanks, and you' &&
		CHAT_REACHED=1 && type_in client "$LONG_LINE\\n" && expect_printed server "long line" &&
		type_in server 'Goodbye\n' && expect_printed client 'Goodbye'
}

# client and server chat without a memory error under AddressSanitizer and UBSan (advice): the
# lab's "sanitized" programs (lab.conf), built with -fsanitize=address,undefined.
chat_check_pair_memory() {
	local name found=()
	[[ -x $SOCKLAB_BIN/sanitized/server && -x $SOCKLAB_BIN/sanitized/client ]] ||
		fail_check "the programs do not build with -fsanitize=address,undefined" \
			"a server and a client built with AddressSanitizer" "no sanitized build" \
			"this check needs gcc's libasan and libubsan; the other checks are not affected"
	BIN=$SOCKLAB_BIN/sanitized SL_SANITIZED=1
	sanitized_chat || true
	for name in server client; do
		stop "$name"
		mapfile -t found < <(memory_error_of "$name")
		((${#found[@]} == 0)) || break
	done
	((${#found[@]} == 0)) ||
		fail_at "the $name has a memory error (AddressSanitizer and UBSan found it; it does not always crash)" \
			"no read or write outside the program's memory" "$(printf '%s\n' "${found[@]}")" \
			"$(memory_hint "${found[0]}")"
	# A chat that stopped early (pair-chat says why) showed too little to call it clean.
	((CHAT_REACHED)) ||
		fail_check "the chat stopped before its last message: too little of it ran to look for memory errors" \
			"the chat run to its last message" "$(printf '%s\n' "${TRANSCRIPT[@]}")" \
			"make the two programs chat first: the pair checks above say where their chat stops"
}

# memory_error_of NAME: the sanitizers' first report in what the program wrote to stderr: what and
# where, then its source line (grader/socklab/explain.py).
memory_error_of() {
	# Most programs have none: no Python start-up for them.
	grep -Eqs 'ERROR: AddressSanitizer|: runtime error: ' "$SL_RUN/$1.err" || return 0
	sl_explain_py memory --text-file "$SL_RUN/$1.err" 2>/dev/null || true
}

# memory_hint REPORT: what to change, for the kind of error REPORT names.
memory_hint() {
	case $1 in
	*"just past the end of"* | *"past the end of a"*)
		echo "an array of N bytes holds N - 1 characters and the '\\0' that ends them: recv() at most sizeof(buf) - 1 bytes, then buf[n] = '\\0' (n <= sizeof(buf) - 1)" ;;
	*use-after-free*) echo "memory given back with free() is used afterwards: free it after its last use" ;;
	*) echo "look at that line: an index, a length or a pointer that reaches outside what was allocated" ;;
	esac
}
