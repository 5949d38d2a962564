# Loopback checks of lab 09: the student's server, run for real, with the grader's peers as its
# clients, several at once. Each check is declared by the tags line above it: its id, its
# points and the program it runs. The checks' bodies are shared with lab 10 (the same server
# with a thread per client) in grader/lib/multiclient.bash, one function per check.

load "$SOCKLAB_LIB/socklab"
load "$SOCKLAB_LIB/multiclient"

# bats test_tags=id:accepts-while-others,points:3,needs:server
@test "server accepts and serves a new client while another is connected and silent" {
	mc_check_accepts_while_others
}

# bats test_tags=id:interleaved-order,points:4,needs:server
@test "server prints the lines of three clients as they come, interleaved, each once and in order" {
	mc_check_interleaved_order
}

# bats test_tags=id:tags,points:2,needs:server
@test "server tags each line with its client: the same tag for one client, different tags for two" {
	mc_check_tags
}

# bats test_tags=id:half-line-no-delay,points:3,needs:server
@test "server prints a client's line while another has sent half a line and stopped" {
	mc_check_half_line_no_delay
}

# bats test_tags=id:assembles-split-lines,points:2,needs:server
@test "server prints a line that came in two pieces as one line" {
	mc_check_assembles_split_lines
}

# bats test_tags=id:drops-departed-client,points:3,needs:server
@test "server closes the socket of a client that leaves and goes on serving the others" {
	mc_check_drops_departed_client
}

# bats test_tags=id:survives-reset,points:2,needs:server
@test "server survives a client that resets its connection and goes on serving the others" {
	mc_check_survives_reset
}

# bats test_tags=id:broadcasts-stdin,points:1,needs:server
@test "server sends a line typed on its stdin to every client" {
	mc_check_broadcasts_stdin
}

# bats test_tags=id:idle-uses-no-cpu,points:2,needs:server
@test "server does not busy-wait: idle with three clients connected, it uses almost no CPU" {
	mc_check_idle_uses_no_cpu
}

# bats test_tags=id:holds-50-clients,points:3,needs:server
@test "server serves 50 clients connected at once" {
	mc_check_holds_50_clients
}

# bats test_tags=id:one-process-one-thread,points:1,needs:server
@test "server serves its clients from one process and one thread" {
	mc_check_one_process_one_thread
}
