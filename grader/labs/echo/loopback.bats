# Loopback checks of the echo lab: the student's echo server and echo client, run for real.
# The server is talked to by the grader's peer as a client; the client talks to the peer
# playing an echo server ("the test server"), which can echo one byte at a time.
# Each check is declared by the tags line above it: its id, its points and the programs it runs.

load "$SOCKLAB_LIB/socklab"

readonly PORT=7007 OTHER_PORT=9000 WORD=sockets

# --- helpers: the server ------------------------------------------------------------------

# swapped PORT: the port a missing htons() listens on (its two bytes swapped).
swapped() {
	echo $(((($1 << 8) | ($1 >> 8)) & 0xffff))
}

listening_or_ended() {
	is_listening "$1" || has_exited server
}

# fail_not_listening PORT [ARG]: explains why nothing listens on PORT (the server was given
# ARG, or no argument) and fails the check with it.
fail_not_listening() {
	local port=$1 found
	found=$(listeners_text)
	if is_listening "$(swapped "$port")"; then
		fail_check "the server listens on port $(swapped "$port"), which is $port with its two bytes swapped" \
			"listening on port $port" "listening on $found" \
			"the port in sin_port must be in network byte order: sin_port = htons(port)"
	elif [[ $found != nothing ]]; then
		local all=()
		mapfile -t all < <(listeners)
		fail_check "the server listens on another port" "listening on port $port" \
			"listening on $(endpoints_named "$port" "${all[@]}")" \
			"listen on the port given as argv[1], or on $PORT when there is no argument"
	elif has_exited server && [[ $(errors_of server)$(output_of server) == *ermission* ]]; then
		fail_check "the server ended before listening on port $port: permission denied" \
			"listening on port $port" "$(describe_end server)" \
			"ports below 1024, such as the lecture's echo port 7, need root: the lab's port is $PORT"
	elif has_exited server; then
		fail_check "the server ended before listening on port $port" "listening on port $port" \
			"$(describe_end server)" \
			"$(crash_hint server "read its error message above: which call failed, and why?$(
				[[ -z ${2-} ]] && echo " Without an argument the server must use port $PORT")")"
	else
		fail_check "nothing listens on port $port after 2 s" "listening on port $port" \
			"$(describe_end server)" \
			"call socket(), bind() and listen() at start-up, before anything that waits"
	fi
}

# start_server [PORT]: starts the student's server (with PORT as its argument, if given) and
# waits until it listens on that port (7007 without one), or fails the check.
start_server() {
	local port=${1:-$PORT}
	spawn server "$SOCKLAB_BIN/echo-server" "$@"
	wait_until 2 listening_or_ended "$port" || true
	is_listening "$port" || fail_not_listening "$port" "$@"
}

# show FILE: the bytes of FILE as a C string: "hello\0world\r\n\xff" (the first 200).
show() {
	local byte char text=""
	if [[ ! -s $1 ]]; then
		echo "nothing"
		return
	fi
	for byte in $(head -c 200 "$1" | od -An -v -tx1); do
		case $byte in
		00) text+='\0' ;;
		0a) text+='\n' ;;
		0d) text+='\r' ;;
		09) text+='\t' ;;
		22) text+='\"' ;;
		5c) text+='\\' ;;
		2? | [3-6]? | 7[0-9a-e])
			printf -v char "\\x$byte"
			text+=$char ;;
		*) text+="\\x$byte" ;;
		esac
	done
	printf '%d bytes: "%s"' "$(wc -c <"$1")" "$text"
}

# echo_once DATA [close]: a client sends DATA (the peer's escapes: \0 \r \n \xHH) and reads
# it back within 2 s; with close it then half-closes and reads until the server closes, so
# that extra bytes show. Returns 0 when exactly DATA came back. Leaves ECHO_RC (the peer's
# status), ECHO_WANT and ECHO_GOT (files) for fail_echo.
echo_once() {
	local n
	ECHO_WANT=$SL_RUN/want.$((++ECHO_ROUND)) ECHO_GOT=$SL_RUN/got.$ECHO_ROUND ECHO_RC=0
	printf '%b' "$1" >"$ECHO_WANT"
	n=$(wc -c <"$ECHO_WANT")
	if [[ ${2-} == close ]]; then
		peer connect 127.0.0.1 "$PORT" "send=$1" shutwr drain=2000 >"$ECHO_GOT" 2>"$ECHO_GOT.err" || ECHO_RC=$?
	else
		peer connect 127.0.0.1 "$PORT" "send=$1" "bytes=$n,2000" >"$ECHO_GOT" 2>"$ECHO_GOT.err" || ECHO_RC=$?
	fi
	cmp -s "$ECHO_WANT" "$ECHO_GOT"
}
ECHO_ROUND=0

# fail_echo WHO: explains why the last echo_once did not get its bytes back.
fail_echo() {
	local who=$1 want got
	want=$(wc -c <"$ECHO_WANT")
	got=$(wc -c <"$ECHO_GOT")
	if ((ECHO_RC == 2)); then
		fail_check "$who could not connect" "a connection to 127.0.0.1:$PORT, and the echo" \
			"$(grep -m1 'connect failed' "$ECHO_GOT.err"); $(describe_end server)" \
			"$(crash_hint server "keep serving: after a client, close its socket and go back to accept()")"
	elif ((got == 0)); then
		fail_check "$who got nothing back" "the $want bytes it sent: $(show "$ECHO_WANT")" \
			"nothing within 2 s$( ((ECHO_RC == 4)) && echo ", then the server closed the connection"); $(describe_end server)" \
			"$(crash_hint server "recv() what the client sends and send() the same n bytes back, in a loop")"
	elif cmp -s <(head -c "$got" "$ECHO_WANT") "$ECHO_GOT"; then
		local nul
		nul=$(head -c "$want" "$ECHO_WANT" | tr '\0' '\n' | head -n 1 | wc -c)
		fail_check "$who got only $got of its $want bytes back" "$(show "$ECHO_WANT")" \
			"$(show "$ECHO_GOT")$( ((ECHO_RC == 4)) && echo ", then the server closed the connection")" \
			"$(if ((got == nul - 1)); then
				echo "the echo stops where the first NUL byte was: send the n bytes recv() returned, not strlen(buf)"
			else
				echo "echo in a loop until recv() returns 0, sending back all the n bytes of each recv()"
			fi)"
	elif cmp -s <(head -c "$want" "$ECHO_GOT") "$ECHO_WANT"; then
		fail_check "$who got more bytes back than it sent" "$(show "$ECHO_WANT")" "$(show "$ECHO_GOT")" \
			"send back the n bytes recv() returned, nothing more (no '\\0', no message of your own)"
	else
		fail_check "$who got other bytes back than it sent" "$(show "$ECHO_WANT")" "$(show "$ECHO_GOT")" \
			"send back exactly the n bytes recv() returned, from the start of your buffer, and nothing else on the connection"
	fi
}

# fail_survival WHO EVENT: explains why the server stopped serving after EVENT.
fail_survival() {
	local who=$1 event=$2
	wait_exit server 1 || true
	if has_exited server && [[ $(crash_signal server) == 13 ]]; then
		fail_check "the server died of SIGPIPE after $event" "the server serving the next client" \
			"$(describe_end server)" \
			"send() to a client that has gone raises SIGPIPE, which ends the process: signal(SIGPIPE, SIG_IGN) at start-up (or send(..., MSG_NOSIGNAL)) makes send() fail with EPIPE instead; then return -1 and serve the next client"
	elif has_exited server; then
		fail_check "the server ended after $event" "the server serving the next client" \
			"$(describe_end server)" \
			"$(crash_hint server "a failing recv() or send() is that client's problem: no exit() while handling a client; close its socket and go back to accept()")"
	else
		fail_echo "$who"
	fi
}

# --- helpers: the client ------------------------------------------------------------------

# start_test_server PORT CHUNK PAUSE [ADDRESS]: the grader's peer plays the echo server on
# ADDRESS:PORT (127.0.0.1): it sends back what arrives, CHUNK bytes at a time (0: all) with
# PAUSE ms between, until the client closes, or closes itself after 2 s without data. What it
# receives is output_of test_server.
start_test_server() {
	TEST_SERVER_PORT=$1
	spawn test_server --grader "$SOCKLAB_PEER" listen "${4:-127.0.0.1}" "$1" "echo=$2,$3,2000"
	wait_listen "$1" 2 || fail_check "the test server could not listen on port $1" \
		"the grader's echo server listening" "$(errors_of test_server)" \
		"this is the grader's problem, not yours: tell your teaching assistant"
}

# run_client NAME ARG...: starts the student's client under NAME with ARGs, its connection
# attempts watched (a client that never reaches the test server is told where it went).
run_client() {
	local name=$1
	shift
	watch_connects || true
	spawn "$name" "$SOCKLAB_BIN/echo-client" "$@"
}

either_ended() {
	has_exited test_server || has_exited "$1"
}

# await_exchange CLIENT: waits until the test server is done with the client: it has ended
# (the client closed, or 2 s passed without data), or the client has ended and the test server
# does not follow within 1 s (the client never connected to it). A client still running after
# 3 s that never connected leaves the test server nothing to finish: no wait then.
await_exchange() {
	if wait_until 3 either_ended "$1" || test_server_connected; then
		# A client that ended with no connection ever made (none in the socket table, not
		# even closing) has left the test server nothing to finish either.
		has_exited "$1" && ! test_server_connected && ! has_connection "$(test_server_port)" && return 0
		has_exited test_server || wait_exit test_server 1 || true
	fi
}

# test_server_port: the port the test server listens on (start_test_server's).
test_server_port() {
	echo "${TEST_SERVER_PORT:-0}"
}

printed_word() {
	grep -qF -- "$WORD" "$SL_RUN/$1.out"
}

printed_or_ended() {
	printed_word "$1" || has_exited "$1"
}

test_server_connected() {
	grep -q '^accepted' "$SL_RUN/test_server.err"
}

received_word() {
	grep -qF -- "$WORD" "$SL_RUN/test_server.out"
}

# fail_no_exchange CLIENT PORT: the client did not get as far as sending the word to the test
# server on PORT; says how far it got.
fail_no_exchange() {
	local client=$1 port=$2
	if ! test_server_connected; then
		local tried=()
		mapfile -t tried < <(connect_attempts | grep -v ":$port\$")
		((${#tried[@]} == 0)) ||
			fail_check "the client connects to another port than $port" \
				"a connection to 127.0.0.1:$port, then the word \"$WORD\"" \
				"connection attempts to $(endpoints_named "$port" "${tried[@]}"); $(describe_end "$client")" \
				"take the port from argv[3] when it is given, else use $PORT: sin_port = htons(port)"
		fail_check "the client did not connect to the test server on 127.0.0.1:$port" \
			"a connection to 127.0.0.1:$port, then the word \"$WORD\"" "$(describe_end "$client")" \
			"$(crash_hint "$client" "inet_aton(argv[1], &addr.sin_addr), sin_port = htons(port), then connect(): check each result and perror() it")"
	else
		fail_check "the client connected but did not send the word" \
			"the word \"$WORD\" on the connection" "nothing received; $(describe_end "$client")" \
			"$(crash_hint "$client" "send() the word's strlen(argv[2]) bytes after connecting")"
	fi
}

# client_works: runs the client against the test echo server and fails the check unless it
# prints the echo: how a client fails is graded only for a client that works.
client_works() {
	start_test_server "$PORT" 0 0
	run_client client 127.0.0.1 "$WORD" "$PORT"
	wait_until 3 printed_or_ended client || true
	printed_word client || fail_check "the client does not print the echo yet, so how it fails cannot be graded" \
		"first, with a server there, the echo of \"$WORD\" printed" "$(describe_end client)" \
		"make the client work first: see the check \"client sends the word and prints the echo it receives\""
	stop client
	stop test_server
}

# fail_unless_failed_well CLIENT WHAT [CRASH_HINT]: the client, given WHAT, must exit non-zero
# with a message (no crash, no hang).
fail_unless_failed_well() {
	local client=$1 what=$2 status
	wait_exit "$client" 2 || fail_check "the client kept running with $what" \
		"an error message and a non-zero exit status" "$(describe_end "$client")" \
		"check each call's result: when one fails, perror() it and return 1 from main"
	! crash_signal "$client" >/dev/null || fail_check "the client crashed with $what" \
		"an error message and a non-zero exit status" "$(describe_end "$client")" \
		"${3:+$3; }$(crash_hint "$client" "")"
	status=$(exit_status "$client")
	((status != 0)) || fail_check "the client exited with status 0 with $what" \
		"a non-zero exit status" "$(describe_end "$client")" \
		"return 1 (or exit(EXIT_FAILURE)) when a call fails: scripts and make rely on it"
	[[ -n $(output_of "$client")$(errors_of "$client") ]] || fail_check "the client exited without a word with $what" \
		"a message saying what failed" "nothing on stdout or stderr" \
		"perror(\"connect\") says what failed and why"
}

# --- the server ---------------------------------------------------------------------------

# bats test_tags=id:server-listens-on-7007,points:1,needs:echo-server
@test "server listens on TCP port 7007, its default, when run without an argument" {
	start_server
}

# bats test_tags=id:server-takes-the-port-argument,points:1,needs:echo-server
@test "server listens on the port given as its argument" {
	start_server "$OTHER_PORT"
}

# bats test_tags=id:echoes-exactly,points:3,needs:echo-server
@test "server echoes each client's bytes exactly, for three clients one after another" {
	start_server "$PORT"
	echo_once 'first client: hello\0world\r\n\xff\x01\x80 and text past 32 bytes' ||
		fail_echo "client 1 of 3"
	echo_once 'second client\tsays\0\0two NUL bytes, then more text\n' ||
		fail_echo "client 2 of 3"
	# The last one also half-closes and reads until the server closes: extra bytes show.
	echo_once 'third client, who then closes its side\r\n\0end' close ||
		fail_echo "client 3 of 3"
}

# bats test_tags=id:echoes-a-mebibyte,points:3,needs:echo-server
@test "server echoes 1 MiB sent while the client reads at the same time" {
	local rc=0 err
	start_server "$PORT"
	err=$(peer connect 127.0.0.1 "$PORT" stream=1048576,2000 2>&1 >/dev/null) || rc=$?
	((rc == 0)) && return 0
	local summary wrong
	summary=$(grep -m1 '^stream: sent' <<<"$err" || true)
	summary=${summary#stream: }
	wrong=$(grep -m1 'came back as\|more bytes' <<<"$err" || true)
	wrong=${wrong#stream: }
	case $rc in
	5) fail_check "the 1 MiB echo came back with wrong bytes" \
		"the 1048576 bytes sent (every byte value, NUL included), back in order" "$wrong ($summary)" \
		"$(if [[ $wrong == *"sent 0x00"* ]]; then
			echo "a NUL byte was lost: send the n bytes recv() returned, not strlen(buf)"
		else
			echo "send back each recv()'s n bytes from the start of your buffer, in order, before the next recv()"
		fi)" ;;
	4) fail_check "the server closed the connection before echoing 1 MiB" \
		"the 1048576 bytes sent, all back" "$summary; $(describe_end server)" \
		"$(crash_hint server "keep echoing until recv() returns 0, whatever the size of your buffer: one recv() gets at most what has arrived")" ;;
	*) fail_check "the echo of 1 MiB stopped" "the 1048576 bytes sent, all back" \
		"$summary, then nothing for 2 s; $(describe_end server)" \
		"echo each piece as it arrives: recv(), then send() its n bytes (all of them: send() may take fewer), in a loop until recv() returns 0" ;;
	esac
}

# bats test_tags=id:closes-after-the-client,points:2,needs:echo-server
@test "server closes the connection once the client has closed its side" {
	local rc=0 got
	start_server "$PORT"
	got=$(peer connect 127.0.0.1 "$PORT" send=hello shutwr drain=2000 2>/dev/null) || rc=$?
	((rc == 0)) && return 0
	if ((rc == 3)); then
		fail_check "the server kept the connection open after the client had closed its side" \
			"the echo \"hello\", then the server closing the connection" \
			"\"$got\", then the connection still open 2 s later; $(describe_end server)" \
			"recv() returning 0 means the client has closed: leave the echo loop and close(connfd)"
	else
		fail_check "the client could not exchange with the server" \
			"the echo \"hello\", then the server closing the connection" "peer status $rc; $(describe_end server)" \
			"$(crash_hint server "accept(), echo until recv() returns 0, close(connfd), and again")"
	fi
}

# bats test_tags=id:survives-a-client-that-leaves,points:2,needs:echo-server
@test "server keeps serving after a client leaves before its echo is sent back (EPIPE, not SIGPIPE)" {
	local rc=0
	start_server "$PORT"
	# Frozen, the server cannot react: the client's word, its end of file and its reset all
	# reach the kernel first. Thawed, it reads the word and its echo finds the client gone:
	# send() fails with EPIPE, and raises SIGPIPE.
	freeze server || true
	peer connect 127.0.0.1 "$PORT" send=hello shutwr reset 2>/dev/null || rc=$?
	thaw server
	((rc == 0)) || fail_check "the client that leaves could not connect" "a connection to 127.0.0.1:$PORT" \
		"peer status $rc; $(describe_end server)" "$(crash_hint server "keep the listening socket open")"
	echo_once 'still there?\n' || fail_survival "the next client" "a client left before its echo"
}

# bats test_tags=id:survives-a-reset,points:2,needs:echo-server
@test "server keeps serving after a client resets the connection in the middle of an echo" {
	start_server "$PORT"
	peer connect 127.0.0.1 "$PORT" send=hello reset 2>/dev/null || true
	echo_once 'still there?\n' || fail_survival "the next client" "a client reset its connection"
}

# bats test_tags=id:prints-the-client-address,points:2,needs:echo-server
@test "server prints the address of each client it serves" {
	start_server "$PORT"
	echo_once 'hello\n' || fail_echo "the client"
	wait_output server '127\.0\.0\.1' 2 && return 0
	if [[ -z $(output_of server) ]]; then
		fail_check "nothing was printed for the client" "a line naming the client, e.g. \"handling client 127.0.0.1\"" \
			"$(describe_end server)" \
			"print inet_ntoa(addr.sin_addr) after accept(), ending the line with '\\n' (or call fflush(stdout))"
	fi
	fail_check "no line printed names the client's address" "the client's address, 127.0.0.1, in a line" \
		"stdout: $(sl_cap "$(output_of server)")" \
		"accept(listenfd, (struct sockaddr *)&addr, &len) fills addr with the client's address: print inet_ntoa(addr.sin_addr), ending the line with '\\n'"
}

# --- the client ---------------------------------------------------------------------------

# bats test_tags=id:client-prints-the-echo,points:3,needs:echo-client
@test "client sends the word and prints the echo it receives" {
	start_test_server "$PORT" 0 0
	run_client client 127.0.0.1 "$WORD" "$PORT"
	wait_until 3 printed_or_ended client || true
	printed_word client && return 0
	received_word || fail_no_exchange client "$PORT"
	fail_check "the client did not print the echo" "\"$WORD\" on stdout" \
		"the test server got \"$(output_of test_server | tr '\0' '@')\" and sent it back; $(describe_end client)" \
		"$(crash_hint client "receive as many bytes as you sent (recv_exactly), then print them, ending the line with '\\n'")"
}

# bats test_tags=id:client-sends-only-the-word,points:1,needs:echo-client
@test "client sends exactly the word's bytes, without the NUL byte that ends it in memory" {
	start_test_server "$PORT" 0 0
	run_client client 127.0.0.1 "$WORD" "$PORT"
	await_exchange client
	received_word || fail_no_exchange client "$PORT"
	cmp -s <(printf '%s' "$WORD") "$SL_RUN/test_server.out" && return 0
	if cmp -s <(printf '%s\0' "$WORD") "$SL_RUN/test_server.out"; then
		fail_check "the client sent the word with its '\\0' terminator" "${#WORD} bytes: \"$WORD\"" \
			"$(show "$SL_RUN/test_server.out")" \
			"send strlen(word) bytes: the '\\0' ends the string in memory, it is not part of the message"
	else
		fail_check "the client sent other bytes than the word" "${#WORD} bytes: \"$WORD\"" \
			"$(show "$SL_RUN/test_server.out")" \
			"send strlen(argv[2]) bytes from argv[2]: not sizeof(buf), not a message of your own"
	fi
}

# bats test_tags=id:client-gathers-pieces,points:3,needs:echo-client
@test "client prints the whole word when the echo comes back one byte at a time" {
	local status
	# 1 byte per send, 30 ms apart: each recv() of the client gets one byte.
	start_test_server "$PORT" 1 30
	run_client client 127.0.0.1 "$WORD" "$PORT"
	await_exchange client
	received_word || fail_no_exchange client "$PORT"
	status=$(exit_status test_server)
	if ((status == 4)); then
		fail_check "the client closed before the whole echo had come back" \
			"the ${#WORD} bytes of \"$WORD\" received, one at a time" \
			"the client closed its connection while the test server, sending 1 byte every 30 ms, had sent $(grep -o '[0-9]* bytes sent back' "$SL_RUN/test_server.err" | cut -d' ' -f1) of ${#WORD}; $(describe_end client)" \
			"recv() returns what has arrived so far, here one byte: call it again until you have as many bytes as you sent (recv_exactly)"
	fi
	wait_until 2 printed_or_ended client || true
	printed_word client || fail_check "the client did not print the whole word" \
		"\"$WORD\" on stdout, whole" "$(describe_end client)" \
		"gather all the bytes before printing them (or print each piece as it comes, without a newline between pieces)"
}

# bats test_tags=id:client-closes-when-done,points:2,needs:echo-client
@test "client closes the connection once it has the whole echo (the server sees end of file)" {
	local status
	start_test_server "$PORT" 0 0
	run_client client 127.0.0.1 "$WORD" "$PORT"
	await_exchange client
	received_word || fail_no_exchange client "$PORT"
	status=$(exit_status test_server)
	# 4: the connection ended before the whole echo went back, a reset included: the client
	# closed with bytes it had not read (a NUL it sent too, the sends-only-the-word check's).
	((status == 0 || (status == 4 && $(has_exited client && echo 1 || echo 0)))) && return 0
	fail_check "the client kept the connection open after the whole echo had come back" \
		"the client closing its connection once it has the ${#WORD} bytes back" \
		"the test server waited 2 s for the client to close, then closed first; $(describe_end client)" \
		"the server waits for you to close before it closes: count the bytes instead (as many as you sent), stop receiving when you have them all, then close(fd)"
}

# bats test_tags=id:client-rejects-a-bad-address,points:2,needs:echo-client
@test "client rejects an address that is not IPv4 with a message and a non-zero exit, connecting nowhere" {
	client_works
	# On every address: a client that ignores inet_aton()'s failure connects to 0.0.0.0, here.
	start_test_server "$PORT" 0 0 0.0.0.0
	run_client badaddr not.an.address "$WORD" "$PORT"
	wait_until 2 has_exited badaddr || true
	! test_server_connected || fail_check "the client connected somewhere with the address \"not.an.address\"" \
		"an error message and a non-zero exit, no connection" \
		"a connection to this machine (0.0.0.0); $(describe_end badaddr)" \
		"inet_aton() returns 0 for text that is not an address and leaves sin_addr as it was (0.0.0.0 is this machine): check its result, print a message, return 1"
	fail_unless_failed_well badaddr 'the address "not.an.address"' \
		"a failed conversion used anyway? gethostbyname() returns NULL for a name it cannot resolve, inet_aton() returns 0: check before using the result"
}

# bats test_tags=id:client-reports-a-refused-connection,points:1,needs:echo-client
@test "client reports a refused connection with a message and a non-zero exit" {
	client_works
	run_client refused 127.0.0.1 "$WORD" "$PORT"
	fail_unless_failed_well refused "no server on port $PORT"
}

# bats test_tags=id:client-default-port,points:1,needs:echo-client
@test "client connects to port 7007, its default, when given no port" {
	start_test_server "$PORT" 0 0
	run_client client 127.0.0.1 "$WORD"
	await_exchange client
	received_word && return 0
	local tried=()
	mapfile -t tried < <(connect_attempts | grep -v ":$PORT\$")
	fail_check "the client did not send the word to port $PORT when given no port" \
		"a connection to 127.0.0.1:$PORT, then \"$WORD\"" \
		"${tried[0]:+connection attempts to $(endpoints_named "$PORT" "${tried[@]}"); }$(describe_end client)" \
		"$(crash_hint client "without a third argument use port $PORT (the lecture's 7 needs root to listen on): port = argc > 3 ? atoi(argv[3]) : $PORT")"
}

# bats test_tags=id:client-takes-the-port-argument,points:1,needs:echo-client
@test "client connects to the port given as its third argument" {
	start_test_server "$OTHER_PORT" 0 0
	run_client client 127.0.0.1 "$WORD" "$OTHER_PORT"
	await_exchange client
	received_word && return 0
	fail_check "the client did not send the word to port $OTHER_PORT, its third argument" \
		"a connection to 127.0.0.1:$OTHER_PORT, then \"$WORD\"" "$(describe_end client)" \
		"$(crash_hint client "take the port from argv[3] when it is given, and connect to htons(port)")"
}

# --- together -----------------------------------------------------------------------------

# bats test_tags=id:client-and-server-together,points:1
@test "client and server work together: the client prints the word the server echoed" {
	start_server "$PORT"
	run_client client 127.0.0.1 "$WORD" "$PORT"
	wait_exit client 2 || fail_check "the client did not finish with your server within 2 s" \
		"the client printing \"$WORD\" and exiting" \
		"client: $(describe_end client)
server: $(describe_end server)" \
		"the server waits for the client to close; the client must not wait for the server to close: receive exactly as many bytes as you sent, then close"
	printed_word client && (($(exit_status client) == 0)) && return 0
	fail_check "the client did not print the word your server echoed" "\"$WORD\" printed, exit status 0" \
		"client: $(describe_end client)
server: $(describe_end server)" \
		"run both by hand: ./echo-server in one terminal, ./echo-client 127.0.0.1 $WORD in another"
}
