# Loopback checks of lab 04: the student's client, run for real; the grader's peer, listening on
# 8784, plays the server. Each check is declared by the tags line above it: its id and points.
#
# Name resolution: the check's network namespace has only loopback, so "localhost" and dotted
# addresses resolve (from /etc/hosts, or without a lookup) and an unknown name fails at once:
# the resolver cannot reach a name server (no route, or refused on loopback), it does not wait.

load "$SOCKLAB_LIB/socklab"

readonly PORT=8784 SWAPPED_PORT=20514  # 20514 is 8784 with its two bytes swapped: no htons()
readonly UNKNOWN_HOST=no-such-host.socklab.invalid  # .invalid never resolves (RFC 6761)
readonly LOCALHOST_IP='(^|[^0-9.])127\.0\.0\.1([^0-9]|$)'

# start_server [HOST]: the grader's server listens on HOST (default: every address) port 8784;
# it accepts one client and holds the connection until the client closes it.
start_server() {
	peer_listen server "${1:-0.0.0.0}" "$PORT" hold=5000
}

# client_settled NAME: the client has ended, or it has connected and now waits (blocked) for
# something else, e.g. a message from the server. Blocked means blocked on three polls in a
# row (IDLE_POLLS counts them; run_client resets it): a write to its output may block it for
# a moment, before its last line is out.
client_settled() {
	has_exited "$1" && return 0
	if peer_accepted server >/dev/null && is_idle "$1"; then
		((++IDLE_POLLS >= 3))
	else
		IDLE_POLLS=0
		return 1
	fi
}

# run_client NAME [--stdin] [ARG...]: starts the student's client with ARG..., its connection
# attempts watched (so that a failure can say where it went), and, unless its stdin is the
# check's to feed, waits until it settles.
run_client() {
	local name=$1
	shift
	watch_connects || true
	if [[ ${1-} == --stdin ]]; then
		spawn "$name" --stdin "$SOCKLAB_BIN/client" "${@:2}"
		return 0
	fi
	spawn "$name" "$SOCKLAB_BIN/client" "$@"
	IDLE_POLLS=0
	wait_until 3 client_settled "$name" || true
}

# run_refused NAME ARG...: runs the client with ARG... where nothing answers it and waits for
# it to end (3 s at most).
run_refused() {
	local name=$1
	shift
	spawn "$name" "$SOCKLAB_BIN/client" "$@"
	wait_exit "$name" 3 || true
}

# connected: the grader's server has accepted a client. A client that connected and ended at
# once may be gone before the server printed its "accepted" line: if the socket table shows
# that a connection was made, wait for the line.
connected() {
	peer_accepted server >/dev/null && return 0
	has_connection "$PORT" || return 1
	wait_until 2 peer_accepted server >/dev/null
}

# Fails the check: the client NAME did not connect to WANT. Its connection attempts, watched
# since run_client started it, say where it went instead.
fail_not_connected() {
	local name=$1 want=$2 tried list
	tried=$(connect_attempts)
	list=$(tr '\n' ' ' <<<"$tried")
	list=${list% }
	if connected; then
		fail_check "the client connected only after 3 s" "a connection to $want" \
			"no connection within 3 s; $(describe_end "$name")" \
			"connect as soon as the address is known: is something slow or waiting before connect()?"
	elif grep -q ":$SWAPPED_PORT\$" <<<"$tried"; then
		fail_check "the client connects to port $SWAPPED_PORT, which is $PORT with its two bytes swapped" \
			"a connection to $want" "connection attempts to $list" \
			"the port in sin_port must be in network byte order: sin_port = htons($PORT)"
	elif grep -q "^\[.*\]:$PORT\$" <<<"$tried"; then
		fail_check "the client connects over IPv6" "a connection to $want" \
			"connection attempts to $list" \
			"this lab is IPv4: gethostbyname(), or getaddrinfo() with hints.ai_family = AF_INET"
	elif grep -q ":$PORT\$" <<<"$tried"; then
		fail_check "the client connects to another address than the one it was given" \
			"a connection to $want" "connection attempts to $list" \
			"connect to the address you resolved (h_addr_list[0] or ai_addr), not to a fixed one"
	elif [[ -n $tried ]]; then
		local endpoints=()
		mapfile -t endpoints <<<"$tried"
		fail_check "the client connects to another port" "a connection to $want" \
			"connection attempts to $(endpoints_named "$PORT" "${endpoints[@]}"); $(describe_end "$name")" \
			"the course's port is $PORT: sin_port = htons($PORT) (a demo's port, such as 8785, must be changed)"
	elif is_running "$name"; then
		fail_check "the client did not connect within 3 s" "a connection to $want" \
			"no connection attempt; $(describe_end "$name")" \
			"resolve the name, print its address, then connect(): is it waiting for input?"
	elif grep -qE "(^|[^0-9.])$(reversed_ip "${want%:*}")([^0-9]|\$)" <<<"$(everything_of "$name")"; then
		fail_check "the client ended without trying to connect" "a connection to $want" \
			"$(describe_end "$name")" \
			"the address it shows has its four bytes reversed, and no route leads there: keep the address as the lookup gave it (network byte order) and let inet_ntop()/inet_ntoa() write it"
	else
		fail_check "the client ended without trying to connect" "a connection to $want" \
			"$(describe_end "$name")" \
			"$(crash_hint "$name" "read its messages above: which step failed, and why?")"
	fi
}

# reversed_ip A.B.C.D: prints D\.C\.B\.A, a pattern for the address with its bytes reversed.
reversed_ip() {
	local a b c d
	IFS=. read -r a b c d <<<"$1"
	printf '%s\\.%s\\.%s\\.%s' "$d" "$c" "$b" "$a"
}

# expect_connection NAME: the client NAME connected to the grader's server on 127.0.0.1:8784;
# or the check fails saying where it went.
expect_connection() {
	connected || fail_not_connected "$1" "127.0.0.1:$PORT"
}

# normalised: the lines of stdin without '\r', spaces at either end, or empty lines.
normalised() {
	tr -d '\r' | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d'
}

# new_lines NEW OLD: the lines of the text NEW that are not lines of the text OLD.
new_lines() {
	printf '%s\n' "$1" | normalised | grep -vxF -f <(printf '%s\n' "$2" | normalised) || true
}

# everything_of NAME: what the program printed, on stdout then on stderr.
everything_of() {
	output_of "$1"
	printf '\n'
	errors_of "$1"
}

# says_something_new NAME OLD: the program wrote to stderr, or a line on stdout not in OLD.
says_something_new() {
	[[ -n $(errors_of "$1") || -n $(new_lines "$(output_of "$1")" "$2") ]]
}

# Fails the check: no line of NAME's stdout shows 127.0.0.1; says what it shows instead.
fail_ip_not_printed() {
	local name=$1 out
	out=$(output_of "$name")
	if grep -qwE '16777343|2130706433' <<<"$out"; then
		fail_check "the client prints the address as one integer" "127.0.0.1 on stdout" \
			"$(sl_cap "$out")" \
			"print it in dotted decimal: inet_ntoa(addr) or inet_ntop(AF_INET, &addr, ip, sizeof(ip))"
	elif grep -qE '(^|[^0-9.])1\.0\.0\.127([^0-9]|$)' <<<"$out"; then
		fail_check "the client prints the address with its four bytes reversed" "127.0.0.1 on stdout" \
			"$(sl_cap "$out")" \
			"the address is in network byte order already: print it with inet_ntoa() or inet_ntop()"
	elif grep -qE "$LOCALHOST_IP" <<<"$(errors_of "$name")"; then
		fail_check "the client prints the address on stderr only" "127.0.0.1 on stdout" \
			"$(describe_end "$name")" "print the address with printf(), to stdout"
	else
		fail_check "no line of the client's stdout shows 127.0.0.1" "127.0.0.1 on stdout" \
			"$(describe_end "$name")" \
			"$(crash_hint "$name" "once the name is resolved, print the address, e.g. printf(\"%s\\n\", ip), ending the line with '\\n'")"
	fi
}

# find_success: runs the client with localhost, connected (as client), then refused (as
# refused: nothing listens), and sets SUCCESS to the lines it printed only when connected
# (on stdout, or on stderr: the stream is the student's choice): its success message. Fails
# the check if the first run does not connect.
find_success() {
	start_server
	run_client client localhost
	expect_connection client
	stop client
	stop server
	run_refused refused localhost
	SUCCESS=$(new_lines "$(everything_of client)" "$(everything_of refused)")
}

# bats test_tags=id:connects-to-8784,points:3
@test "client given localhost as argument connects to TCP port 8784" {
	start_server
	run_client client localhost
	expect_connection client
}

# bats test_tags=id:prints-the-ip,points:2
@test "client given localhost as argument prints its IP address 127.0.0.1" {
	start_server
	run_client client localhost
	output_of client | grep -qE "$LOCALHOST_IP" || fail_ip_not_printed client
}

# bats test_tags=id:reports-success,points:2
@test "client prints a message once connected, which it does not print when refused" {
	find_success
	[[ -n $SUCCESS ]] && return 0
	if [[ -z $(everything_of client | normalised) ]]; then
		fail_check "the client printed nothing once connected" \
			"a line saying it is connected" "$(describe_end client)" \
			"print a line once connect() has succeeded, ending it with '\\n'"
	fi
	fail_check "the client prints the same lines whether the connection succeeds or is refused" \
		"a line saying it is connected, printed only once connect() has succeeded" \
		"its output when connected:
$(sl_cap "$(everything_of client | normalised)")
its output when nothing listens:
$(sl_cap "$(everything_of refused | normalised)")" \
		"check connect()'s result first: if (connect(...) == -1) { perror(\"connect\"); return 1; } then printf(\"connected to %s\\n\", ip)"
}

# bats test_tags=id:names-the-server,points:0
@test "client's success message names the server's address (advice)" {
	find_success
	grep -qE "$LOCALHOST_IP|localhost" <<<"$SUCCESS" ||
		fail_check "the success message does not say where the client connected" \
			"the server's address in the message, e.g. \"connected to 127.0.0.1 port $PORT\"" \
			"${SUCCESS:-no success message}" \
			"a message that names the address tells the user which server answered: printf(\"connected to %s port %d\\n\", ip, port)"
}

# bats test_tags=id:connects-to-the-given-address,points:2
@test "client given the address 127.0.0.2 connects to 127.0.0.2, port 8784" {
	start_server 127.0.0.2
	run_client client 127.0.0.2
	connected || fail_not_connected client "127.0.0.2:$PORT"
}

# bats test_tags=id:reads-the-hostname-from-stdin,points:3
@test "client with no argument reads the hostname from stdin and connects to port 8784" {
	start_server
	run_client client --stdin
	feed client 'localhost\n'
	IDLE_POLLS=0
	wait_until 3 client_settled client || true
	connected && return 0
	if has_exited client; then
		# The classic: the hostname passed on with fgets()'s '\n'. Without one, does it work?
		run_client retry --stdin
		feed retry 'localhost'
		close_stdin retry
		IDLE_POLLS=0
		wait_until 3 client_settled retry || true
		if connected; then
			fail_check "the hostname read from stdin keeps its newline: \"localhost\\n\" is no known host" \
				"a connection after \"localhost\" and Enter on stdin" \
				"after \"localhost\\n\": no connection; $(describe_end client)
after \"localhost\" and end of input, without a newline: connected" \
				"fgets() keeps the '\\n': cut it off before resolving, buf[strcspn(buf, \"\\r\\n\")] = '\\0'"
		fi
		! crash_signal client >/dev/null || fail_crashed_without_argument client
	fi
	fail_not_connected client "127.0.0.1:$PORT"
}

# bats test_tags=id:reports-a-refused-connection,points:2
@test "client reports a refused connection and exits non-zero when nothing listens on port 8784" {
	local connected
	# Reporting a failure is only right for a client that connects when it can.
	start_server
	run_client client localhost
	expect_connection client
	connected=$(output_of client)
	stop client
	stop server
	run_refused refused localhost
	has_exited refused ||
		fail_check "the client kept running although its connection was refused" \
			"a message and a non-zero exit status within 3 s" "$(describe_end refused)" \
			"check connect()'s result: if (connect(...) == -1) { perror(\"connect\"); return 1; }"
	! crash_signal refused >/dev/null ||
		fail_check "the client crashed when its connection was refused" \
			"a message and a non-zero exit status" "$(describe_end refused)" "$(crash_hint refused "")"
	(($(exit_status refused) != 0)) ||
		fail_check "the client exited with status 0 although its connection was refused" \
			"a non-zero exit status" "$(describe_end refused)" \
			"check connect()'s result: if (connect(...) == -1) { perror(\"connect\"); return 1; }"
	says_something_new refused "$connected" ||
		fail_check "the client exited without saying why" \
			"a message saying the connection failed (perror(\"connect\") says why)" \
			"$(describe_end refused)" "perror(\"connect\") prints \"connect: Connection refused\" on stderr"
}

# bats test_tags=id:reports-an-unknown-host,points:2
@test "client reports an unknown host and exits non-zero without crashing" {
	local known
	# Reporting an unknown host is only right for a client that resolves a known one.
	start_server
	run_client client localhost
	output_of client | grep -qE "$LOCALHOST_IP" || expect_connection client
	known=$(output_of client)
	stop client
	run_refused unknown "$UNKNOWN_HOST"
	has_exited unknown ||
		fail_check "the client kept running although the host is unknown" \
			"a message and a non-zero exit status within 3 s" "$(describe_end unknown)" \
			"check the lookup's result: gethostbyname() returns NULL, getaddrinfo() non-zero"
	! crash_signal unknown >/dev/null ||
		fail_check "the client crashed on an unknown host" "a message and a non-zero exit status" \
			"$(describe_end unknown)" \
			"gethostbyname() returns NULL for an unknown name (getaddrinfo() a non-zero code): check it before using the result"
	(($(exit_status unknown) != 0)) ||
		fail_check "the client exited with status 0 although the host is unknown" \
			"a non-zero exit status" "$(describe_end unknown)" \
			"when the lookup fails, print a message and return 1"
	says_something_new unknown "$known" ||
		fail_check "the client exited without saying why" \
			"a message saying the host is unknown" "$(describe_end unknown)" \
			"fprintf(stderr, \"unknown host: %s\\n\", name) (gai_strerror() tells why getaddrinfo() failed)"
}

# Fails the check: run with no argument, the client crashed before it could be given a name.
fail_crashed_without_argument() {
	fail_check "with no argument the client crashed" \
		"the client reading a hostname from stdin when it has no argument" "$(describe_end "$1")" \
		"$(crash_hint "$1" "with no argument, argv[1] is NULL: test argc first (if (argc < 2) ...) and read the hostname from stdin then")"
}

idle_or_ended() {
	is_idle "$1" || has_exited "$1"
}

# bats test_tags=id:exits-at-end-of-input,points:1
@test "client with no argument exits with a message when stdin is at end of file" {
	local before
	run_client client --stdin
	wait_until 2 idle_or_ended client || true
	! crash_signal client >/dev/null || fail_crashed_without_argument client
	is_running client ||
		fail_check "with no argument the client did not wait for a hostname on stdin" \
			"the client waiting for a hostname on stdin" "$(describe_end client)" \
			"$(crash_hint client "without argv[1], print a prompt and read the hostname from stdin: read_hostname(stdin, ...)")"
	before=$(output_of client)
	close_stdin client
	wait_exit client 2 ||
		fail_check "the client hangs at end of input" "a message and a non-zero exit status within 2 s" \
			"$(describe_end client)" \
			"fgets() returns NULL at end of input (scanf() returns EOF): print a message and return 1, do not read again"
	if [[ $(crash_signal client) == 25 ]]; then
		fail_check "the client printed without end at end of input" "a message and a non-zero exit status" \
			"it was stopped by $(signal_name 25) after printing $(wc -c <"$SL_RUN/client.out") bytes, starting with:
$(head -c 200 "$SL_RUN/client.out")" \
			"at end of input scanf() returns EOF (fgets() NULL) every time: a loop that asks again until it gets a hostname never ends; print a message and return 1"
	fi
	! crash_signal client >/dev/null ||
		fail_check "the client crashed at end of input" "a message and a non-zero exit status" \
			"$(describe_end client)" \
			"fgets() returns NULL at end of input and leaves the buffer as it was: check it before using the buffer"
	(($(exit_status client) != 0)) ||
		fail_check "the client exited with status 0 although it got no hostname" \
			"a non-zero exit status" "$(describe_end client)" "with no hostname, print a message and return 1"
	says_something_new client "$before" ||
		fail_check "the client exited without saying why" "a message saying no hostname was given" \
			"$(describe_end client)" "fprintf(stderr, \"no hostname given\\n\") before returning 1"
}
