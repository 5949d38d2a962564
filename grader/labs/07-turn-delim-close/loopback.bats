# Loopback checks of lab 07: the student's server and client, run for real, each talking to
# the grader's peer (which plays the other side, step by step) and to each other. The chat is
# lab 06's; what is graded here is how it ends: /quit, /dc, and the other side leaving.
# Each check is declared by the tags line above it: its id, its points and the programs it runs.
# The conversation helpers are in conversation.bash (lab 08 uses them too).

load "$SOCKLAB_LIB/socklab"
load conversation

# --- the server, with the grader as its client ----------------------------------------------

# A first turn with the grader as client: its line printed. Lines typed outside the turn checks
# are one word: reading a word (scanf("%s")) costs the turn checks only.
first_turn_with_server() {
	PROG=server
	start_server
	connect_grader "${1:-grader}"
	grader_says "${2:-Hello Bob, how are you}\\n"
	expect_printed server "${2:-Hello Bob, how are you}"
}

# bats test_tags=id:server-turns,points:3,needs:server
@test "server takes three turns with a client, printing its lines whole and sending the lines typed" {
	local i
	first_turn_with_server grader 'message 1 from the client'
	for i in 1 2 3; do
		((i == 1)) || { grader_says "message $i from the client\\n"; expect_printed server "message $i from the client"; }
		type_in server "reply $i from the server\\n"
		grader_hears "reply $i from the server"
	done
}

# bats test_tags=id:server-no-garbage,points:1,needs:server
@test "server sends each line with its newline and nothing after it" {
	first_turn_with_server
	type_in server 'Fine\n'
	expect_exact_line Fine
}

# bats test_tags=id:server-dc,points:3,needs:server
@test "server closes the client's connection when its user types /dc, and goes on" {
	first_turn_with_server
	type_in server '/dc\n'
	expect_closed_on /dc
	expect_server_goes_on "its user typed /dc"
}

# bats test_tags=id:server-notices-client-left,points:3,needs:server
@test "server notices when the client leaves: it goes back to accept or exits, without spinning" {
	PROG=server
	close_check_notices_peer_left
}

# bats test_tags=id:server-says-client-left,points:1,needs:server
@test "server says that the client left" {
	PROG=server
	close_check_says_peer_left
}

# bats test_tags=id:server-several-clients,points:2,needs:server
@test "server serves three clients one after another, each until it leaves or is dropped with /dc" {
	first_turn_with_server first 'I am the first client'
	type_in server 'hello-first\n'
	grader_hears 'hello-first'
	grader_leaves
	connect_grader second
	grader_says 'I am the second client\n'
	expect_printed server 'I am the second client'
	type_in server '/dc\n'
	expect_closed_on /dc
	connect_grader third
	grader_says 'I am the third client\n'
	expect_printed server 'I am the third client'
	type_in server 'hello-third\n'
	grader_hears 'hello-third'
}

# bats test_tags=id:server-client-reset,points:1,needs:server
@test "server takes a reset connection for the client leaving" {
	PROG=server
	close_check_peer_reset
}

# bats test_tags=id:server-no-sigpipe,points:1,needs:server
@test "server survives its user typing after the client has left (no SIGPIPE)" {
	PROG=server
	close_check_no_sigpipe
}

# --- the client, with the grader as its server ----------------------------------------------

# A first turn with the grader as server: the client's line received, the grader's printed.
first_turn_with_client() {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'Hello\n'
	grader_hears 'Hello'
	grader_says 'Fine thanks, and you?\n'
	expect_printed client 'Fine thanks, and you?'
}

# bats test_tags=id:client-turns,points:3,needs:client
@test "client takes three turns with the server, sending the lines typed and printing the replies whole" {
	chat_check_client_several_turns
}

# bats test_tags=id:client-no-garbage,points:1,needs:client
@test "client sends each line with its newline and nothing after it" {
	PROG=client
	listen_grader
	start_client
	grader_accepts_client
	type_in client 'Hello\n'
	expect_exact_line Hello
}

# bats test_tags=id:client-quit,points:3,needs:client
@test "client closes the connection and exits with status 0 when its user types /quit" {
	first_turn_with_client
	type_in client '/quit\n'
	expect_closed_on /quit
	expect_client_ends "its user typed /quit"
}

# bats test_tags=id:client-notices-server-left,points:3,needs:client
@test "client exits with status 0 when the server closes the connection, without spinning" {
	PROG=client
	close_check_notices_peer_left
}

# bats test_tags=id:client-says-server-left,points:1,needs:client
@test "client says that the server left" {
	PROG=client
	close_check_says_peer_left
}

# bats test_tags=id:client-server-reset,points:1,needs:client
@test "client takes a reset connection for the server leaving, and exits" {
	PROG=client
	close_check_peer_reset
}

# bats test_tags=id:client-no-sigpipe,points:1,needs:client
@test "client survives its user typing after the server has left (no SIGPIPE)" {
	PROG=client
	close_check_no_sigpipe
}

# --- checks of either program (PROG), one body for both ---------------------------------------

# other_side: the program the grader plays against $PROG.
other_side() {
	[[ $PROG == server ]] && echo client || echo server
}

# program_has_spoken: starts $PROG with the grader on the other side and brings the chat to
# where $PROG has just sent a line and the grader heard it (a server after the client's first
# line, a client with its first).
program_has_spoken() {
	if [[ $PROG == server ]]; then
		first_turn_with_server
		type_in server 'Fine\n'
		grader_hears 'Fine'
	else
		listen_grader
		start_client
		grader_accepts_client
		type_in client 'Hello\n'
		grader_hears 'Hello'
	fi
}

close_check_says_peer_left() {
	program_has_spoken
	wait_idle "$PROG" 2 || true
	show_printed "$PROG"
	grader_leaves
	expect_says_peer_left "$PROG" "$(other_side)"
}

close_check_notices_peer_left() {
	program_has_spoken
	grader_leaves
	if [[ $PROG == server ]]; then
		expect_server_goes_on "the client left"
	else
		expect_client_ends "the server closed the connection"
	fi
}

close_check_peer_reset() {
	program_has_spoken
	grader_resets
	if [[ $PROG == server ]]; then
		expect_server_goes_on "the client reset the connection"
	else
		expect_client_ends "the server reset the connection" any-status
	fi
}

close_check_no_sigpipe() {
	local other
	other=$(other_side)
	first_turn_with_"$PROG"
	grader_leaves
	type_in "$PROG" 'are you there?\n'
	wait_until 2 settled "$PROG" || true
	if is_running "$PROG"; then
		type_in "$PROG" 'hello?\n'
		wait_until 2 settled "$PROG" || true
	fi
	crash_signal "$PROG" >/dev/null || return 0
	fail_at "the $PROG died when its user typed after the $other had left" "the $PROG still running, or ended cleanly" \
		"it died of $(signal_name "$(crash_signal "$PROG")")" \
		"$(crash_hint "$PROG" "sending to a connection the other side has closed raises SIGPIPE, which kills: call signal(SIGPIPE, SIG_IGN) at start-up (or send with MSG_NOSIGNAL) and treat EPIPE as the $other leaving")"
}

# --- the two together -----------------------------------------------------------------------

# A turn each between the student's own client and server.
pair_turns() {
	start_server
	start_client
	type_in client 'Howdy\n'
	expect_printed server 'Howdy'
	type_in server 'Fine\n'
	expect_printed client 'Fine'
}

# bats test_tags=id:pair-quit,points:2,needs:client:server
@test "client and server chat until the client's /quit: the client exits 0, the server goes on" {
	pair_turns
	type_in client '/quit\n'
	expect_client_ends "its user typed /quit"
	nudge_if_typing server
	expect_server_goes_on "the client quit"
}

# bats test_tags=id:pair-dc,points:2,needs:client:server
@test "client and server chat until the server's /dc: the client exits 0, the server goes on" {
	pair_turns
	type_in client 'Great\n'
	expect_printed server 'Great'
	type_in server '/dc\n'
	nudge_if_typing client
	expect_client_ends "the server dropped it with /dc"
	expect_server_goes_on "its user typed /dc"
}

# --- memory errors that do not crash yet (advice) ---------------------------------------------

# bats test_tags=id:pair-memory,points:0,needs:client:server
@test "client and server chat without a memory error under AddressSanitizer and UBSan (advice)" {
	chat_check_pair_memory
}
