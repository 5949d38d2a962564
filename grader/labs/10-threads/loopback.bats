# Loopback checks of lab 10: the student's server and client, run for real. The server is lab
# 09's service with a thread per client: its behaviour is graded by the checks of lab 09, from
# the one library of multi-client checks (grader/lib/multiclient.bash, mc_check_<id>), under
# this lab's titles and points; what is lab 10's own is that the threads are really there, end
# when their client leaves, and leave nothing behind. The client is lab 08's, with two threads
# instead of poll(): its checks are steps of labs 07 and 08's conversation helpers
# (conversation.bash, which multiclient.bash loads). Each check is declared by the tags line
# above it: its id, its points and the programs it runs.

load "$SOCKLAB_LIB/socklab"
load "$SOCKLAB_LIB/multiclient"

# How much the server's address space may grow while 30 clients come and go, one after
# another: a thread that ends detached (or joined) gives its stack back for the next one, so a
# correct server grows by a stack or two; one that neither detaches nor joins keeps each
# ended thread's stack (2 MiB in the sandbox), 60 MiB for 30 clients.
readonly LEAK_CLIENTS=30 LEAK_VM_KB=$((16 * 1024))
readonly THREADS_HINT="after accept(), pthread_create() a thread for the client (its socket in a malloc()ed struct, not the address of a variable of the accept loop) and go straight back to accept(): the thread receives and prints the client's lines"

# --- the steps of lab 10 ----------------------------------------------------------------------

# tasks_at_least NAME N: whether the program holds at least N threads.
tasks_at_least() {
	(($(task_count "$1") >= $2))
}

# tasks_at_most NAME N: whether the program holds at most N threads (or has ended).
tasks_at_most() {
	has_exited "$1" && return 0
	# A server in exit() loses its threads first: wait until it has ended, and say so.
	program_exiting "$1" && return 1
	(($(task_count "$1") <= $2))
}

# vm_size_kb NAME: the address space of the program's first process, in KiB (VmSize).
vm_size_kb() {
	local key value rest
	sl_program_pids "$1"
	while read -r key value rest; do
		[[ $key == VmSize: ]] && { echo "$value"; return 0; }
	done <"/proc/${SL_PIDS[0]}/status"
	echo 0
}

# server_at_rest: the server started, idle, with no client: how many threads it has then.
server_at_rest() {
	mc_start_server
	wait_idle server "$MC_SETTLE" || true
	REST_TASKS=$(task_count server)
	said "the server, idle with no client, holds $REST_TASKS thread(s)"
}

# three_clients_served: alpha, bravo and charlie join and each sends a line, printed.
three_clients_served() {
	local name
	for name in alpha bravo charlie; do
		mc_join "$name"
		mc_says "$name" "$name-hello\\n"
		mc_expect_printed "$name" "$name-hello" "the server did not print $name's line" "$THREADS_HINT"
	done
}

# expect_running_server WHAT: fails the check if the server has ended.
expect_running_server() {
	is_running server && return 0
	fail_at "the server ended $1" "the server running" "$(describe_end server | head -n 1)" \
		"$(crash_hint server "$THREADS_HINT")"
}

# --- the server: lab 09's behaviour, graded by lab 09's checks ------------------------------

# bats test_tags=id:server-accepts-while-others,points:2,needs:server
@test "server accepts and serves a new client while another is connected and silent" {
	mc_check_accepts_while_others
}

# bats test_tags=id:server-interleaved-order,points:2,needs:server
@test "server prints the lines of three clients as they come, interleaved, each once and in order" {
	mc_check_interleaved_order
}

# bats test_tags=id:server-tags,points:2,needs:server
@test "server tags each line with its client: the same tag for one client, different tags for two" {
	mc_check_tags
}

# bats test_tags=id:server-half-line-no-delay,points:3,needs:server
@test "server prints a client's line while another has sent half a line and stopped" {
	mc_check_half_line_no_delay
}

# bats test_tags=id:server-assembles-split-lines,points:2,needs:server
@test "server prints a line that came in two pieces as one line" {
	mc_check_assembles_split_lines
}

# bats test_tags=id:server-drops-departed-client,points:2,needs:server
@test "server closes the socket of a client that leaves and goes on serving the others" {
	mc_check_drops_departed_client
}

# bats test_tags=id:server-survives-reset,points:1,needs:server
@test "server survives a client that resets its connection and goes on serving the others" {
	mc_check_survives_reset
}

# bats test_tags=id:server-broadcasts-stdin,points:1,needs:server
@test "server sends a line typed on its stdin to every client" {
	mc_check_broadcasts_stdin
}

# bats test_tags=id:server-idle-cpu,points:2,needs:server
@test "server does not busy-wait: idle with three clients connected, its threads use almost no CPU" {
	mc_check_idle_uses_no_cpu
}

# bats test_tags=id:server-holds-50-clients,points:2,needs:server
@test "server serves 50 clients connected at once" {
	mc_check_holds_50_clients
}

# --- the server: its threads --------------------------------------------------------------

# bats test_tags=id:server-thread-per-client,points:3,needs:server
@test "server gives each client a thread: three clients connected, three more threads" {
	server_at_rest
	three_clients_served
	wait_until 2 tasks_at_least server $((REST_TASKS + 3)) || true
	said "with alpha, bravo and charlie connected the server holds $(task_count server) thread(s)"
	tasks_at_least server $((REST_TASKS + 3)) && return 0
	expect_running_server "with three clients connected"
	fail_at "the server did not start a thread for each client" \
		"at least $((REST_TASKS + 3)) threads with three clients connected: the $REST_TASKS it had with none, and one more for each client" \
		"${TRANSCRIPT[-1]}" "$THREADS_HINT"
}

# bats test_tags=id:server-thread-ends,points:2,needs:server
@test "server: a client's thread ends when its client leaves" {
	local name peak
	server_at_rest
	three_clients_served
	peak=$(task_count server)
	for name in alpha bravo charlie; do
		mc_leaves "$name"
	done
	wait_until 2 tasks_at_most server "$REST_TASKS" || true
	expect_running_server "when its clients left"
	said "once alpha, bravo and charlie left, the server holds $(task_count server) thread(s) (it had $REST_TASKS with no client, $peak with three)"
	tasks_at_most server "$REST_TASKS" && return 0
	fail_at "the threads of clients that left did not end" \
		"at most $REST_TASKS threads within 2 s, as many as with no client" "${TRANSCRIPT[-1]}" \
		"when recv() returns 0 (or fails with ECONNRESET) the client has gone: close its socket, take it out of the list, and return from the thread's function (or call pthread_exit())"
}

# bats test_tags=id:server-no-leak,points:2,needs:server
@test "server ends no worse after 30 clients came and went: no thread, descriptor or stack left behind" {
	local i fds0 vm0 fds1 vm1 tasks1
	server_at_rest
	mc_join first
	mc_leaves first
	wait_until 2 tasks_at_most server "$REST_TASKS" || true
	wait_idle server "$MC_SETTLE" || true
	fds0=$(fd_count server)
	vm0=$(vm_size_kb server)
	said "after a first client came and went: $REST_TASKS thread(s), $fds0 descriptors, $((vm0 / 1024)) MiB of address space"
	for ((i = 1; i <= LEAK_CLIENTS; i++)); do
		mc_join "guest$i"
		mc_leaves "guest$i"
	done
	TRANSCRIPT=("${TRANSCRIPT[@]:0:${#TRANSCRIPT[@]}-$((2 * LEAK_CLIENTS))}")
	said "$LEAK_CLIENTS clients came and went, one after another (each accepted, then closing its connection)"
	wait_until 2 tasks_at_most server "$REST_TASKS" || true
	wait_idle server "$MC_SETTLE" || true
	expect_running_server "while clients came and went"
	tasks1=$(task_count server)
	fds1=$(fd_count server)
	vm1=$(vm_size_kb server)
	said "then: $tasks1 thread(s), $fds1 descriptors, $((vm1 / 1024)) MiB of address space"
	if ((tasks1 > REST_TASKS)); then
		fail_at "threads are left behind by clients that left" "at most $REST_TASKS threads, as before" "${TRANSCRIPT[-1]}" \
			"return from a client's thread once its client has gone"
	fi
	if ((fds1 > fds0)); then
		fail_at "descriptors are left open by clients that left" "at most $fds0 descriptors, as before" "${TRANSCRIPT[-1]}" \
			"close() a client's socket once recv() returns 0 (or fails with ECONNRESET)"
	fi
	((vm1 - vm0 <= LEAK_VM_KB)) && return 0
	fail_at "the stacks of ended threads are never given back: the server grows with each client" \
		"at most $((LEAK_VM_KB / 1024)) MiB more address space than before" "${TRANSCRIPT[-1]}" \
		"a thread nobody joins keeps its stack after it ends: pthread_detach() it after pthread_create() (or pthread_join() it)"
}

# bats test_tags=id:server-one-process,points:1,needs:server
@test "server is one process: its clients get threads, not processes (no fork)" {
	local processes
	server_at_rest
	three_clients_served
	processes=$(process_count server)
	said "with three clients connected the server is $processes process(es)"
	((processes == 1)) && return 0
	expect_running_server "with three clients connected"
	fail_at "the server forks a process for its clients" "one process, a thread per client" "${TRANSCRIPT[-1]}" \
		"threads share the list of clients (and stdout) with the main thread; a process made by fork() has a copy of its own: pthread_create() instead of fork()"
}

# --- the client, with the grader as its server ----------------------------------------------

# bats test_tags=id:client-two-in-a-row,points:3,needs:client
@test "client sends each line typed at once, two in a row, while the server says nothing" {
	check_client_two_in_a_row
}

# bats test_tags=id:client-prints-at-once,points:3,needs:client
@test "client prints each server message at once, two in a row, while its user types nothing" {
	check_client_prints_at_once
}

# bats test_tags=id:client-quit,points:1,needs:client
@test "client closes the connection on /quit and exits with status 0" {
	check_client_quit
}

# bats test_tags=id:client-notices-server-left,points:2,needs:client
@test "client exits with status 0 at once when the server leaves, without its user typing" {
	check_client_notices_server_left
}

# bats test_tags=id:client-idle-cpu,points:2,needs:client
@test "client does not busy-wait: idle, its threads use almost no CPU" {
	client_exchange
	wait_idle client "$MC_SETTLE" || true
	said "nothing typed, nothing sent: the grader measures the client's CPU for $MC_IDLE_WINDOW s"
	if cpu_busy_over client "$MC_IDLE_WINDOW" "$MC_IDLE_LIMIT_MS"; then
		fail_at "the client busy-waits: it keeps a CPU busy while nothing happens" \
			"at most $MC_IDLE_LIMIT_MS ms of CPU over $MC_IDLE_WINDOW s with nothing to do (threads blocked in recv() and getline() use none)" \
			"it wanted $CPU_BUSY_MS ms of CPU in $CPU_BUSY_IN ms" \
			"let each thread block: the receiving one in recv() on a blocking socket, the other in fgets() or getline(); a loop that tries again and again spins"
	fi
	is_running client && { said "it wanted $CPU_BUSY_MS ms of CPU"; return 0; }
	fail_at "the client ended while nothing happened" "the client still chatting" \
		"$(describe_end client | head -n 1)" "$(crash_hint client "keep the connection open until the user types /quit or the server leaves")"
}

# bats test_tags=id:client-two-threads,points:2,needs:client
@test "client has two threads while it chats: one reads stdin, the other receives" {
	local tasks
	client_exchange
	tasks=$(task_count client)
	said "connected and chatting, the client holds $tasks thread(s) in $(process_count client) process(es)"
	((tasks >= 2 && $(process_count client) == 1)) && return 0
	if is_running client; then
		fail_at "the client does not chat with two threads" "two threads (or more) in one process" "${TRANSCRIPT[-1]}" \
			"after connect(), pthread_create() a thread that receives and prints; the main thread reads stdin and sends"
	fi
	fail_at "the client ended while chatting" "the client chatting with two threads" "$(describe_end client | head -n 1)" \
		"$(crash_hint client "keep the connection open until the user types /quit or the server leaves")"
}

# --- the two together -----------------------------------------------------------------------

# bats test_tags=id:pair-chat,points:2,needs:client:server
@test "client and server chat without turns until the client's /quit; the server goes on" {
	pair_until_quit
	expect_running_server "when its client quit"
	said "the server is still running"
}

# --- memory errors that do not crash yet (advice) ---------------------------------------------

# bats test_tags=id:pair-memory,points:0,needs:client:server
@test "client and server chat without a memory error under AddressSanitizer and UBSan (advice)" {
	chat_check_pair_memory
}
