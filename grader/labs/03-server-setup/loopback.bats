# Loopback checks of lab 03: the student's server, run for real, talked to by the grader's peer.
# Each check is declared by the tags line above it: its id and its points.

load "$SOCKLAB_LIB/socklab"

readonly PORT=8784 SWAPPED_PORT=20514  # 20514 is 8784 with its two bytes swapped: no htons()

# Explains why nothing listens on 8784 and fails the check with it.
fail_not_listening() {
	local found
	found=$(listeners_text)
	if is_listening "$SWAPPED_PORT"; then
		fail_check "the server listens on port $SWAPPED_PORT, which is $PORT with its two bytes swapped" \
			"listening on port $PORT" "listening on $found" \
			"the port in sin_port must be in network byte order: sin_port = htons($PORT)"
	elif [[ $found != nothing ]]; then
		local all=()
		mapfile -t all < <(listeners)
		fail_check "the server listens on another port" "listening on port $PORT" \
			"listening on $(endpoints_named "$PORT" "${all[@]}")" \
			"the course's port is $PORT: bind to htons($PORT) (a demo's port, such as 8785, must be changed)"
	elif has_exited server; then
		fail_check "the server ended before listening on port $PORT" "listening on port $PORT" \
			"$(describe_end server)" \
			"$(crash_hint server "read its error message above: which call failed, and why?")"
	else
		fail_check "nothing listens on port $PORT after 2 s" "listening on port $PORT" \
			"$(describe_end server)" \
			"call socket(), bind() and listen() at start-up, before anything that waits"
	fi
}

listening_or_ended() {
	is_listening "$PORT" || has_exited server
}

# Starts the student's server and waits until it listens on 8784, or fails the check.
start_server() {
	spawn server "$SOCKLAB_BIN/server"
	wait_until 2 listening_or_ended || true
	is_listening "$PORT" || fail_not_listening
}

# Connects as a client, waits until the server has accepted, and leaves; fails the check with
# the reason if the connection is refused or never accepted.
serve_client() {
	local label=$1 result
	result=$(peer connect 127.0.0.1 "$PORT" accepted=2000 2>&1) && return 0
	if [[ $result == *"connect failed"* ]]; then
		fail_check "$label could not connect" "a connection to 127.0.0.1:$PORT accepted" \
			"${result#*connect failed: }; $(describe_end server)" \
			"$(crash_hint server "keep calling accept() in a loop: the server must not end after a client")"
	else
		fail_check "$label connected but the server never accepted it within 2 s" \
			"accept() returning the connection" \
			"the connection waiting in the listen backlog; $(describe_end server)" \
			"call accept() for every client, in a loop: for (;;) { accept(); ...; close(); }"
	fi
}

# printed_or_settled SIZE: the server's stdout has grown past SIZE bytes (a line, or text it
# flushed: by fflush(), or at exit), or no more will come for now: it has ended, or waits again
# (seen twice in a row).
printed_or_settled() {
	printed_since "$1" || has_exited server && return 0
	if is_idle server; then
		((++CALM_POLLS >= 2))
	else
		CALM_POLLS=0
		return 1
	fi
}

# printed_since SIZE: whether the server's stdout holds more than SIZE bytes (read without a
# fork, no further than SIZE + 1 bytes).
printed_since() {
	local head=""
	read -r -d '' -N $(($1 + 1)) head <"$SL_RUN/server.out" || true
	((${#head} > $1))
}

# output_size NAME: the bytes the program has printed so far.
output_size() {
	wc -c <"$SL_RUN/$1.out"
}

# wait_printed_since SIZE: waits until the server prints after SIZE bytes, ends or waits again.
wait_printed_since() {
	CALM_POLLS=0
	wait_until 2 printed_or_settled "$1" || true
}

# bats test_tags=id:listens-on-8784,points:3
@test "server listens on TCP port 8784 within 2 s" {
	start_server
}

# bats test_tags=id:binds-all-interfaces,points:2
@test "server is reachable on 127.0.0.1 and on 127.0.0.2 (bound to all interfaces)" {
	local result
	start_server
	# 127.0.0.1 is covered by the socket table, so one connection tells: a server that ends
	# after its first client is graded by another check, not this one.
	listeners | grep -qE '^(0\.0\.0\.0|127\.0\.0\.1|\[::\]|\[::ffff:127\.0\.0\.1\]):8784$' ||
		fail_check "the server does not listen on 127.0.0.1" "a listener on 0.0.0.0:$PORT" \
			"listening on $(listeners_text)" \
			"bind to every interface: addr.sin_addr.s_addr = htonl(INADDR_ANY)"
	result=$(peer connect 127.0.0.2 "$PORT" 2>&1) ||
		fail_check "a connection to 127.0.0.2:$PORT was refused" \
			"connections accepted on every local address" \
			"${result#*connect failed: }, with the server listening on $(listeners_text)" \
			"bind to every interface: addr.sin_addr.s_addr = htonl(INADDR_ANY), not 127.0.0.1"
}

# bats test_tags=id:prints-on-connect,points:3
@test "server prints a message when a client connects, not before" {
	local before size first_new
	start_server
	# Once it waits in accept() it has printed all it prints before its first client.
	wait_idle server 2 || true  # a server that ended is explained by the checks below
	before=$(output_of server)
	size=$(output_size server)
	serve_client "a client"
	# Text flushed without '\n' (fflush(), or at exit) counts: a terminal shows it.
	wait_printed_since "$size"
	printed_since "$size" ||
		fail_check "nothing was printed after a client connected" \
			"a message on stdout once accept() returns" \
			"stdout before the client:
$(sl_cap "$before")
stdout after it was accepted: the same; $(describe_end server)" \
			"$(crash_hint server "print a line after accept() returns, ending it with '\\n' (or call fflush(stdout)): stdout keeps an unfinished line in its buffer")"
	first_new=$(output_since server "$size")
	first_new=${first_new%%$'\n'*}
	if [[ -n $before ]] && grep -qxF -- "$first_new" <<<"$before"; then
		fail_check "the connection message was already printed before any client connected" \
			"the message printed after accept() returns" \
			"\"$first_new\" printed at start-up, then again after the client" \
			"print the message after accept() returns, not before calling it"
	fi
}

# bats test_tags=id:names-the-client,points:0
@test "server's message names the client's address (advice)" {
	local size after
	start_server
	wait_idle server 2 || true  # a server that ended is explained by the checks below
	size=$(output_size server)
	serve_client "a client"
	wait_printed_since "$size"
	after=$(output_since server "$size")
	[[ $after == *127.0.0.1* ]] ||
		fail_check "the message does not say which client connected" \
			"the client's address, e.g. 127.0.0.1:40312" \
			"$(sl_cap "$after")" \
			"accept() fills a struct sockaddr_in: print inet_ntoa(addr.sin_addr) and ntohs(addr.sin_port)"
}

# bats test_tags=id:serves-three-clients,points:3
@test "server serves three clients one after another" {
	local i
	start_server
	for i in 1 2 3; do
		serve_client "client $i of 3"
	done
	is_running server ||
		fail_check "the server ended after its third client" "the server still waiting for clients" \
			"$(describe_end server)" \
			"$(crash_hint server "loop forever around accept(); close each client's socket, not the listening one")"
}

# bats test_tags=id:survives-a-reset,points:2
@test "server keeps serving after a client connects and resets at once" {
	local result
	start_server
	peer connect 127.0.0.1 "$PORT" reset 2>/dev/null
	serve_client "the client after the one that reset"
	is_running server ||
		fail_check "the server ended after a client reset its connection" \
			"the server still waiting for clients" "$(describe_end server)" \
			"$(crash_hint server "a failing recv() or send() on one client is that client's problem: close it and go back to accept()")"
}

# bats test_tags=id:reports-port-in-use,points:1
@test "server exits with an error message when port 8784 is already taken" {
	local status
	# Exiting is only right for a server that does listen when it can.
	start_server
	stop server
	peer_listen holder 0.0.0.0 "$PORT"
	spawn server "$SOCKLAB_BIN/server"
	if ! wait_exit server 2; then
		local found
		found=$(listeners | grep -v ":$PORT\$" | head -n 8 | tr '\n' ' ')
		fail_check "the server kept running although it could not bind port $PORT" \
			"an error message and a non-zero exit status" \
			"still running${found:+, listening on $found (listen() picked a port of its own after bind() failed)}" \
			"check bind()'s return value: if (bind(...) == -1) { perror(\"bind\"); exit(1); }"
	fi
	status=$(exit_status server)
	((status != 0)) ||
		fail_check "the server exited with status 0 although it failed" "a non-zero exit status" \
			"status 0" "return 1 (or exit(EXIT_FAILURE)) when a call fails"
	! crash_signal server >/dev/null ||
		fail_check "the server crashed when bind() failed" "an error message and a non-zero exit status" \
			"$(describe_end server)" "$(crash_hint server "")"
	[[ -n $(output_of server)$(errors_of server) ]] ||
		fail_check "the server exited without a word" "a message saying what failed" \
			"nothing on stdout or stderr" "perror(\"bind\") says what failed and why"
}
