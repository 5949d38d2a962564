# multiclient.bash - the checks of a server that serves many clients at once (labs 09 and 10),
# one function per check, so that lab 09 (select/poll in one thread) and lab 10 (a thread per
# client) grade the same behaviour with the same code. A lab's loopback.bats loads this file
# after socklab.bash and calls mc_check_<id> from its @test, under its own title and points:
#
#   load "$SOCKLAB_LIB/socklab"
#   load "$SOCKLAB_LIB/multiclient"
#   # bats test_tags=id:accepts-while-others,points:3,needs:server
#   @test "server accepts a new client while another is connected and silent" {
#   	mc_check_accepts_while_others
#   }
#
# The program is `server` (the lab's [binary server]); it listens on TCP 8784 and prints every
# line a client sends, tagged with which client sent it. The tag's form is the student's (a
# descriptor number, "client 3", an address): a line's tag is what the printed line holds
# besides the text sent, and it must be the same for one client and differ between two. The
# grader's clients are peers (grader/lib/peer.c) named alpha, bravo and charlie, and each
# sends words of its own ("alpha-one"), so a printed line tells whose it is whatever the tag.
#
# One fault, one deduction: each check looks only at what it is named after and asks no more
# of the rest than it needs to get there (the idle check does not need the clients served; the
# order check does not judge tags; the crowd check does not judge tags or CPU).
# The conversation's transcript and its failure report (said, fail_at, start_server) are labs
# 07 and 08's (grader/labs/07-turn-delim-close/conversation.bash), loaded here.

source "$SOCKLAB_LIB/../labs/07-turn-delim-close/conversation.bash"

# The idle window and the most CPU the server may want in it: blocked in select(), poll() or
# recv() it wants none; a loop with a zero timeout wants the whole window however loaded the
# machine is (cpu_demand_ms counts the time it waited for a CPU too). 50 ms of 500 is ten times
# what a loop waking every 10 ms wants and a tenth of a spinner's.
readonly MC_IDLE_WINDOW=0.5 MC_IDLE_LIMIT_MS=50
CHAT_TURNS=""  # many clients, no turns: nobody is let speak first (see chat.bash)
readonly MC_CROWD=50  # clients connected at once in the load check
# A server that spins is never idle: do not wait long for it before measuring.
readonly MC_SETTLE=0.5

MC_PEERS=()  # the grader's clients of this check, in the order they joined

# --- the grader's clients ---------------------------------------------------------------------

mc_start_server() {
	PROG=server
	start_server
}

# mc_connect NAME: a client NAME connects to the server (the kernel completes a connect()
# whether or not the server accepts it). Returns 1 if it could not connect at all.
mc_connect() {
	peer_start "$1" connect 127.0.0.1 "$PORT"
	MC_PEERS+=("$1")
	wait_until 2 peer_connected "$1" || true
	peer_connected "$1" || return 1
	said "$1 connected"
}

# mc_join NAME: a client NAME connects and the server accept()s it; fails the check if not.
mc_join() {
	local others=${MC_PEERS[*]}
	if ! mc_connect "$1"; then
		fail_at "a client could not connect to the server" "a connection to 127.0.0.1:$PORT" \
			"$1 could not connect: $(errors_of "$1" | head -n 1); $(describe_end server | head -n 1)" \
			"$(crash_hint server "keep the listening socket open, in the select() (or poll()) set, for as long as the server runs")"
	fi
	if peer_step "$1" accepted=2000; then
		TRANSCRIPT[-1]+=" and was accepted"
		return 0
	fi
	if [[ -z $others ]]; then
		fail_at "the server did not accept its first client within 2 s" "accept() returning the connection" \
			"$1's connection waiting in the listen backlog; $(describe_end server | head -n 1)" \
			"$(crash_hint server "call accept() when select() (or poll()) says the listening socket is readable")"
	fi
	fail_at "the server did not accept a new client while ${others// /, } stayed connected" \
		"accept() returning $1's connection within 2 s" \
		"$1's connection waiting in the listen backlog; $(describe_end server | head -n 1)" \
		"$(crash_hint server "keep the listening socket in the select() (or poll()) set beside every client's: when it is readable, accept() the new client and add it to the set; recv() only from a client that select() says is ready")"
}

# mc_says NAME TEXT: client NAME sends TEXT (C-escaped).
mc_says() {
	quote "$2"
	said "$1 -> server: $Q"
	peer_step "$1" "send=$2" && return 0
	fail_at "the server closed $1's connection while $1 was sending" "the connection open" \
		"$1 could not send" "$(crash_hint server "keep a client's connection open until the client leaves")"
}

# mc_leaves NAME: client NAME closes its connection (end of file for the server).
mc_leaves() {
	close_stdin "$1"
	wait_exit "$1" 2 || true
	said "$1 closed its connection"
}

# mc_resets NAME: client NAME resets its connection (an RST, as a crashed client's system sends).
mc_resets() {
	peer_step "$1" reset || true
	close_stdin "$1"
	wait_exit "$1" 2 || true
	said "$1 reset its connection"
}

# --- what the server prints -------------------------------------------------------------------

mc_printed_or_ended() {
	has_output server "$1" || has_exited server
}

# mc_wait_printed TEXT: waits up to 2 s for a line of the server's stdout holding TEXT (letters,
# digits and '-' only); writes what it printed into the transcript. Returns 1 if none came.
mc_wait_printed() {
	wait_until 2 mc_printed_or_ended "$1" || true
	show_printed server
	has_output server "$1"
}

# mc_expect_printed NAME TEXT SUMMARY HINT: the server prints a line holding TEXT, sent by NAME;
# else the check fails with SUMMARY and HINT (or why the server ended).
mc_expect_printed() {
	mc_wait_printed "$2" && return 0
	if has_exited server; then
		fail_at "the server ended instead of printing $1's line" "a line holding $(shown "$2")" \
			"$(describe_end server | head -n 1)" "$(crash_hint server "$4")"
	fi
	fail_at "$3" "a line holding $(shown "$2") within 2 s" "after 2 s, no line printed holds $(shown "$2")" "$4"
}

# mc_line_of TEXT: sets MC_LINE to the first line the server printed that holds TEXT, and
# returns 1 if none does.
mc_line_of() {
	local line
	read_output server
	MC_LINE=""
	for line in "${OUTPUT[@]}"; do
		[[ $line == *"$1"* ]] || continue
		MC_LINE=$line
		return 0
	done
	return 1
}

# mc_tag_of TEXT: sets MC_TAG to the tag of the line holding TEXT: the line with TEXT taken out
# (shown as <line>), surrounding blanks and a final '\r' aside.
mc_tag_of() {
	mc_line_of "$1" || { MC_TAG=""; return 1; }
	MC_TAG=${MC_LINE%$'\r'}
	MC_TAG=${MC_TAG/"$1"/<line>}
	MC_TAG=${MC_TAG#"${MC_TAG%%[![:space:]]*}"}
	MC_TAG=${MC_TAG%"${MC_TAG##*[![:space:]]}"}
}

# mc_texts_printed: the grader's words (alpha-one ...) in the order the server printed them,
# one a line, each time it printed one.
mc_texts_printed() {
	grep -aoE '(alpha|bravo|charlie)-[a-z]+' "$SL_RUN/server.out" || true
}

readonly MC_HINT_MULTIPLEX="wait in select() (or poll()) for the listening socket, every client's socket and stdin together; then accept() if the listener is ready, and recv() once from each client that is ready: never wait in recv() on one client while others may speak"

# mc_clients_connected: how many of the grader's clients are still connected both ways
# (ESTABLISHED on the client's side: a server that closed one leaves it half closed, or reset
# once that client sent something).
mc_clients_connected() {
	sl_count_sockets sl_established_to "$PORT"
	echo "$SL_COUNT"
}

# mc_expect_clients_kept WHEN: the server closed none of alpha, bravo and charlie's connections:
# it kept them all while WHEN.
mc_expect_clients_kept() {
	local kept
	kept=$(mc_clients_connected)
	((kept >= 3)) && return 0
	fail_at "the server closed its clients' connections while they stayed" "alpha, bravo and charlie still connected $1" \
		"$kept of the 3 clients' connections still open; $(describe_end server | head -n 1)" \
		"keep every client's socket open and in the set until that client leaves (recv() returns 0)"
}

# --- the checks -------------------------------------------------------------------------------

# A new client is accepted and served while another is connected and silent.
mc_check_accepts_while_others() {
	mc_start_server
	mc_join alpha
	said "(alpha says nothing from now on)"
	mc_join bravo
	mc_says bravo 'bravo-first\n'
	mc_expect_printed bravo bravo-first "the server did not print the new client's line while the first client stayed silent" \
		"$MC_HINT_MULTIPLEX"
}

# Lines from three clients, interleaved, each printed as it comes, once, in the order sent.
mc_check_interleaved_order() {
	local step name text sent=() printed
	mc_start_server
	mc_join alpha
	mc_join bravo
	mc_join charlie
	for step in alpha:one bravo:one charlie:one bravo:two alpha:two charlie:two alpha:three; do
		name=${step%%:*}
		text=$name-${step#*:}
		mc_says "$name" "$text\\n"
		sent+=("$text")
		mc_expect_printed "$name" "$text" "the server did not print $name's line while the other clients stayed connected" \
			"$MC_HINT_MULTIPLEX"
	done
	wait_idle server "$MC_SETTLE" || true
	printed=$(mc_texts_printed)
	[[ $printed == "$(printf '%s\n' "${sent[@]}")" ]] && return 0
	fail_at "the server printed the clients' lines more than once, or out of order" \
		"each line printed once, in the order sent: ${sent[*]}" \
		"printed, in this order: $(echo $printed)" \
		"print a line once, when it has come whole, from the buffer of the client that sent it: a buffer shared by all clients, or not emptied after a line, prints old lines again"
}

# mc_expect_tags A1 A2 B1 B2: the lines holding A1 and A2 (one client's) have the same tag, B1
# and B2 (another's) the same tag, and the two tags differ.
mc_expect_tags() {
	local a1 a2 b1 b2
	mc_tag_of "$1" || true; a1=$MC_TAG
	mc_tag_of "$2" || true; a2=$MC_TAG
	mc_tag_of "$3" || true; b1=$MC_TAG
	mc_tag_of "$4" || true; b2=$MC_TAG
	said "tags (each line with the text sent taken out): alpha's $(shown "$a1") and $(shown "$a2"), bravo's $(shown "$b1") and $(shown "$b2")"
	if [[ $a1 == "<line>" && $b1 == "<line>" ]]; then
		fail_at "the server prints the clients' lines without saying which client sent each" \
			"each line tagged with its client, e.g. \"client 4: alpha-one\" (any form)" "${TRANSCRIPT[-1]}" \
			"print who sent the line before it: the client's descriptor, a number of yours or its address (inet_ntop, ntohs)"
	fi
	if [[ $a1 != "$a2" || $b1 != "$b2" ]]; then
		fail_at "the server tags one client's lines differently from one line to the next" \
			"the same tag on every line of one client" "${TRANSCRIPT[-1]}" \
			"tag a line with something that belongs to its client and does not change: its descriptor, its number, its address"
	fi
	[[ $a1 != "$b1" ]] && return 0
	fail_at "the server tags two clients' lines the same way: one cannot tell who sent what" \
		"different tags for alpha and bravo" "${TRANSCRIPT[-1]}" \
		"tag a line with something that differs between clients: the descriptor it came on, the client's number or address"
}

# Each line printed is tagged: the same tag for one client, different tags for two.
mc_check_tags() {
	mc_start_server
	mc_join alpha
	mc_join bravo
	mc_says alpha 'alpha-one\n'
	mc_expect_printed alpha alpha-one "the server did not print alpha's line" "$MC_HINT_MULTIPLEX"
	mc_says bravo 'bravo-one\n'
	mc_expect_printed bravo bravo-one "the server did not print bravo's line while alpha stayed connected" "$MC_HINT_MULTIPLEX"
	mc_says alpha 'alpha-two\n'
	mc_expect_printed alpha alpha-two "the server did not print alpha's second line" "$MC_HINT_MULTIPLEX"
	mc_says bravo 'bravo-two\n'
	mc_expect_printed bravo bravo-two "the server did not print bravo's second line" "$MC_HINT_MULTIPLEX"
	mc_expect_tags alpha-one alpha-two bravo-one bravo-two
}

# A client that has sent half a line and stops does not delay another's whole line, and its
# half does not end up in the other's line.
mc_check_half_line_no_delay() {
	mc_start_server
	mc_join alpha
	mc_join bravo
	mc_says alpha 'alpha-unfinished'
	peer_step alpha consumed=2000 && TRANSCRIPT[-1]+="   (the server read it)" || true
	said "(alpha sends nothing more)"
	mc_says bravo 'bravo-meanwhile\n'
	mc_expect_printed bravo bravo-meanwhile \
		"the server did not print bravo's line while alpha had sent half a line" \
		"keep each client's unfinished line in a buffer of its own and go back to select() (or poll()): do not loop on recv() until a '\\n' comes from one client"
	mc_line_of bravo-meanwhile || true
	[[ $MC_LINE != *alpha-unfinished* ]] && return 0
	fail_at "the server printed alpha's half line inside bravo's line" "bravo's line alone: $(shown bravo-meanwhile)" \
		"printed: $(shown "$MC_LINE")" \
		"give each client a buffer of its own for its unfinished line: with one buffer for all, one client's bytes end up in another's line"
}

# A line that comes in two pieces, in two recv()s, is printed as one line.
mc_check_assembles_split_lines() {
	local hint="TCP may deliver a line in pieces: keep the bytes before the '\\n' in the client's buffer, and print the line only once its '\\n' has come"
	mc_start_server
	mc_join alpha
	mc_says alpha 'alpha-sp'
	peer_step alpha consumed=2000 && TRANSCRIPT[-1]+="   (the server read it)" || true
	mc_says alpha 'lit-line\n'
	mc_wait_printed alpha-split-line && return 0
	has_exited server &&
		fail_at "the server ended instead of printing alpha's line" "a line holding $(shown alpha-split-line)" \
			"$(describe_end server | head -n 1)" "$(crash_hint server "$hint")"
	if has_output server 'lit-line'; then
		fail_at "the server printed a line that came in two pieces as two lines" \
			"one line holding $(shown alpha-split-line)" "the pieces printed apart: $(output_of server | grep -a -e alpha-sp -e lit-line | head -n 4 | tr '\n' '|')" "$hint"
	fi
	fail_at "the server did not print a line that came in two pieces" "a line holding $(shown alpha-split-line) within 2 s" \
		"after 2 s, no line printed holds $(shown alpha-split-line)" "$hint"
}

# A client that leaves (end of file) is dropped, its socket closed; the others go on.
mc_check_drops_departed_client() {
	mc_start_server
	mc_join alpha
	mc_join bravo
	mc_join charlie
	mc_says bravo 'bravo-hello\n'
	mc_expect_printed bravo bravo-hello "the server did not print bravo's line while alpha and charlie stayed connected" "$MC_HINT_MULTIPLEX"
	mc_leaves bravo
	if ! wait_until 2 mc_closed_or_ended; then
		fail_at "the server did not close the socket of the client that left" \
			"bravo's socket closed within 2 s (recv() returned 0)" \
			"bravo's connection still half open on the server's side (CLOSE_WAIT) after 2 s; $(describe_spin server)" \
			"when recv() returns 0 the client has left: close() its socket and take it out of the set (FD_CLR, or the array), or select() says it is ready again and again"
	fi
	is_running server && said "the server closed bravo's socket"
	mc_says alpha 'alpha-after\n'
	mc_expect_printed alpha alpha-after "the server stopped serving the others after a client left" \
		"$(crash_hint server "after closing a departed client's socket, take it out of the set: select() on a closed descriptor fails (EBADF)")"
	mc_says charlie 'charlie-after\n'
	mc_expect_printed charlie charlie-after "the server stopped serving the others after a client left" \
		"after closing a departed client's socket, take it out of the set and go on with the others"
}

mc_closed_or_ended() {
	! has_close_wait || has_exited server
}

# A client that resets its connection (ECONNRESET) does not end or stop the server.
mc_check_survives_reset() {
	mc_start_server
	mc_join alpha
	mc_join bravo
	mc_says alpha 'alpha-hello\n'
	mc_expect_printed alpha alpha-hello "the server did not print alpha's line" "$MC_HINT_MULTIPLEX"
	mc_resets alpha
	wait_until 2 settled server || true
	if has_exited server; then
		fail_at "the server ended when a client reset its connection" "the server going on with bravo" \
			"$(describe_end server | head -n 1)" \
			"$(crash_hint server "recv() failing with ECONNRESET means that client has gone: drop it as one that closed (recv() == 0), and go on; exit only on errors of the listening socket")"
	fi
	said "the server is still running"
	mc_says bravo 'bravo-after\n'
	mc_expect_printed bravo bravo-after "the server stopped serving the others after a client reset its connection" \
		"recv() failing with ECONNRESET means that client has gone: close its socket, take it out of the set, and serve the others"
}

# mc_expect_broadcast NAME TEXT: client NAME receives one message holding TEXT, and nothing
# after it (NUL bytes, the rest of a buffer) once the server is idle.
mc_expect_broadcast() {
	local step
	peer_step "$1" message=2000 || true
	quote "$PEER_GOT"
	step="server -> $1: $Q"
	plain "$PEER_GOT"
	if [[ $PEER_OUTCOME == eof || $PEER_OUTCOME == gone ]] && [[ $PLAIN != *"$2"* ]]; then
		fail_at "the server closed $1's connection instead of sending it the line typed on its stdin" \
			"server -> $1: $(shown "$2\\n")" "$step, then the connection closed" \
			"$(crash_hint server "keep every client's socket open until it leaves; put stdin (descriptor 0) in the select() (or poll()) set, and send() each line typed to every client")"
	fi
	if [[ $PEER_OUTCOME != ok || $PLAIN != *"$2"* ]]; then
		fail_at "the server did not send the line typed on its stdin to $1" "server -> $1: $(shown "$2\\n")" \
			"$step within 2 s" \
			"$(crash_hint server "put stdin (descriptor 0) in the select() (or poll()) set too; when it is readable, read the line and send() it to every connected client")"
	fi
	said "$step"
	if [[ $PEER_GOT != *'\0'* ]]; then
		wait_idle server "$MC_SETTLE" || true
		peer_step "$1" quiet && return 0
		[[ $PEER_OUTCOME == unexpected ]] || return 0
		said "server -> $1, after it: $(shown "$PEER_GOT")"
	fi
	fail_at "the server sent bytes after the line" "server -> $1: $(shown "$2\\n"), nothing after it" "${TRANSCRIPT[-1]}" \
		"send strlen(line) bytes: sizeof(buf) sends the whole buffer, strlen(line) + 1 sends the NUL"
}

# A line typed on the server's stdin goes to every connected client.
mc_check_broadcasts_stdin() {
	mc_start_server
	mc_join alpha
	mc_join bravo
	wait_idle server "$MC_SETTLE" || true
	type_in server 'to-everyone\n'
	mc_expect_broadcast alpha to-everyone
	mc_expect_broadcast bravo to-everyone
}

# With three clients connected and nothing happening, the server wants no CPU. The clients
# need not have been accepted or served (other checks own that), only kept connected.
mc_check_idle_uses_no_cpu() {
	mc_start_server
	mc_connect alpha || true
	mc_connect bravo || true
	mc_connect charlie || true
	peer_step alpha 'send=alpha-hello\n' && said "alpha -> server: \"alpha-hello\\n\"" || true
	wait_idle server "$MC_SETTLE" || true
	said "nothing more is sent or typed: the grader measures the server's CPU for $MC_IDLE_WINDOW s"
	if cpu_busy_over server "$MC_IDLE_WINDOW" "$MC_IDLE_LIMIT_MS"; then
		fail_at "the server busy-waits: it keeps a CPU busy while nothing happens" \
			"at most $MC_IDLE_LIMIT_MS ms of CPU over $MC_IDLE_WINDOW s with nothing to do (a server waiting in select() uses about 0)" \
			"it wanted $CPU_BUSY_MS ms of CPU in $CPU_BUSY_IN ms" \
			"give select() (or poll()) no timeout (NULL, or -1 for poll) so that it waits until a descriptor is ready: a zero timeout, or non-blocking recv() tried again and again, spins"
	fi
	is_running server && { said "it wanted $CPU_BUSY_MS ms of CPU"; mc_expect_clients_kept "while it was idle"; return; }
	fail_at "the server ended while its clients were connected and silent" "the server waiting for its clients" \
		"$(describe_end server | head -n 1)" "$(crash_hint server "a silent client is no reason to stop: wait in select() for the next event")"
}

# mc_crowd_said WORD: sets MC_CROWD_SAID to the crowd's report line starting with WORD (e.g.
# "sent 50 of 50"); returns 1 if it has not said it yet.
mc_crowd_said() {
	local line
	while IFS= read -r line; do
		[[ $line == "$1 "* ]] || continue
		MC_CROWD_SAID=$line
		return 0
	done <"$SL_RUN/crowd.err"
	return 1
}

mc_crowd_done() {
	mc_crowd_said sent || has_exited crowd
}

# mc_crowd_printed N: whether the server printed the lines of all N clients of the crowd.
mc_crowd_printed() {
	local count
	count=$(grep -aoE 'crowd-[0-9]+' "$SL_RUN/server.out" | sort -u | wc -l)
	MC_CROWD_PRINTED=$count
	((count >= $1)) || has_exited server
}

# MC_CROWD clients connected at once, each sending one line: all accepted, every line printed.
mc_check_holds_50_clients() {
	local connected accepted sent printed
	mc_start_server
	spawn crowd --grader --stdin "$SOCKLAB_PEER" crowd 127.0.0.1 "$PORT" "$MC_CROWD"
	wait_until 15 mc_crowd_done || true
	mc_crowd_said connected && connected=$MC_CROWD_SAID || connected="connected none"
	mc_crowd_said accepted && accepted=$MC_CROWD_SAID || accepted="accepted none"
	mc_crowd_said sent && sent=$MC_CROWD_SAID || sent="sent none"
	said "$MC_CROWD clients connect one after another and stay: $connected, $accepted; each sends its line (crowd-1 to crowd-$MC_CROWD): $sent"
	wait_until 3 mc_crowd_printed "$MC_CROWD" || true
	mc_crowd_printed "$MC_CROWD" || true
	printed="the server printed the lines of $MC_CROWD_PRINTED of the $MC_CROWD clients"
	if has_exited server; then
		fail_at "the server ended with many clients connected" "the server serving $MC_CROWD clients at once" \
			"$printed; $(describe_end server | head -n 1)" \
			"$(crash_hint server "check the count of clients before adding one: a fixed array written past its end overwrites what follows it")"
	fi
	((MC_CROWD_PRINTED >= MC_CROWD)) && [[ $accepted == "accepted $MC_CROWD of $MC_CROWD" ]] && { said "$printed"; return 0; }
	fail_at "the server did not serve $MC_CROWD clients connected at once" \
		"all $MC_CROWD clients accepted and each one's line printed" "$printed" \
		"make room for at least $MC_CROWD clients (an array of 100, as the course's, or more) and keep accepting while there is room: select() handles descriptors below FD_SETSIZE (1024)"
}

# One process, one thread: the clients are multiplexed, not given a process or thread each.
mc_check_one_process_one_thread() {
	local processes tasks
	mc_start_server
	mc_connect alpha || true
	mc_connect bravo || true
	mc_connect charlie || true
	peer_step alpha 'send=alpha-hello\n' || true
	peer_step bravo 'send=bravo-hello\n' || true
	peer_step charlie 'send=charlie-hello\n' || true
	said "alpha, bravo and charlie each sent a line"
	wait_idle server "$MC_SETTLE" || true
	processes=$(process_count server)
	tasks=$(task_count server)
	said "the server is $processes process(es), $tasks thread(s) in all"
	has_exited server &&
		fail_at "the server ended with three clients connected" "the server running, one process, one thread" \
			"$(describe_end server | head -n 1)" "$(crash_hint server "$MC_HINT_MULTIPLEX")"
	mc_expect_clients_kept "when the server's processes and threads were counted"
	((processes == 1 && tasks == 1)) && return 0
	fail_at "the server serves its clients with more than one process or thread" \
		"one process with one thread serving all three clients" "${TRANSCRIPT[-1]}" \
		"in this lab one loop serves every client: select() (or poll()) says which descriptor is ready; fork() or pthread_create() per client is lab 10's way"
}
