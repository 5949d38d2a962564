# Crashes and error exits explained: the report names the line, the function and the calls that
# led there (grader/lib/crashtrace.c, mapped by grader/socklab/explain.py), and the classic
# socket fault behind the end, in plain words.

load test_helper

# check_field ID FIELD: one field of a check of the last grade_json.
check_field() {
	json "next(c['$2'] for c in r['checks'] if c['id'] == '$1')"
}

@test "a lab 04 client run without an argument is reported crashed on its argv[1] line, with the cause" {
	run grade_json --lab 04 --submission "$ROOT/tests/mutants/04-client-setup/argv-without-argc.c"
	assert_failure 1
	run check_field reads-the-hostname-from-stdin actual
	assert_output --partial "it crashed with SIGSEGV"
	assert_output --partial "in a C library function called by main() at argv-without-argc.c:20"
	assert_output --partial "argv-without-argc.c:20: host = gethostbyname(argv[1]);"
	run check_field reads-the-hostname-from-stdin hint
	assert_output --partial "run without an argument, so argv[1] is NULL, and argv-without-argc.c:20 uses it"
	assert_output --partial "test argc before reading argv[1]"
}

@test "a lab 03 server that crashes when a client connects is reported with its line and call chain" {
	run grade_json --lab 03 --submission "$ROOT/tests/mutants/03-server-setup/crash-on-connect.c"
	assert_failure 1
	run check_field prints-on-connect actual
	assert_output --partial "called by accept_client() at crash-on-connect.c:62, called from main() at crash-on-connect.c:78"
	assert_output --partial "crash-on-connect.c:62: strcpy(peer, inet_ntoa(addr.sin_addr));"
	run check_field prints-on-connect hint
	assert_output --partial "a C library function called at crash-on-connect.c:62 was given a bad pointer"
}

@test "a unit check that crashes names the student's line and function, not the check's" {
	run grade_json --lab 03 --submission "$ROOT/tests/fixtures/crashes/unit-crash.c"
	assert_failure 1
	run check_field accept_client.returns_the_connection_and_the_peer_address message
	assert_output --partial "the check crashed (SIGSEGV) inside your function, in a C library function called by write_peer() at unit-crash.c:59, called from accept_client() at unit-crash.c:70"
	refute_output --partial "unit.c"
	run check_field accept_client.returns_the_connection_and_the_peer_address actual
	assert_output "unit-crash.c:59: strcpy(peer, inet_ntoa(addr->sin_addr));"
}

@test "an echo server without listen() is told that accept() fails with EINVAL for want of listen()" {
	run grade_json --lab echo --submission "$ROOT/tests/mutants/echo/server-without-listen.c"
	assert_failure 1
	run check_field server-listens-on-7007 hint
	assert_output --partial "accept() failed with EINVAL: the socket it was given never called listen()"
	assert_output --partial "call listen(sockfd, backlog) after bind() and before accept()"
}

@test "an echo client without connect() dies of SIGPIPE on its send() line, and no connection attempt was seen" {
	run grade_json --lab echo --submission "$ROOT/tests/mutants/echo/client-without-connect.c"
	assert_failure 1
	run check_field client-prints-the-echo actual
	assert_output --partial "it crashed with SIGPIPE"
	assert_output --partial "called by main() at client-without-connect.c:35"
	run check_field client-prints-the-echo hint
	assert_output --partial "it sent on a TCP socket that was never connected"
	assert_output --partial "no connection attempt was seen"
}

@test "a lab 05 client that goes on after a failed connect() is told so, with the port it tried" {
	run grade_json --lab 05 --submission "$ROOT/tests/mutants/05-turn-chat/course-client-goes-on-after-failed-connect.c"
	assert_failure 1
	run check_field client-line-with-spaces actual
	assert_output --partial "it crashed with SIGPIPE"
	assert_output --partial "called by main() at course-client-goes-on-after-failed-connect.c:44"
	run check_field client-line-with-spaces hint
	assert_output --partial "connect() failed and the program went on"
	assert_output --partial "it tried port 8785, where nothing listens, and the lab's server listens on port 8784"
	assert_output --partial "when connect() returns -1, print why (perror(\"connect\")) and stop"
}

@test "a lab 05 server that ends its receive buffer one byte past it gets advice naming the overflow and its line" {
	mkdir "$BATS_TEST_TMPDIR/sub"
	cp -r "$ROOT/solutions/05-turn-chat" "$BATS_TEST_TMPDIR/sub/"
	cp "$ROOT/tests/mutants/05-turn-chat/server-overflows-by-one/server.c" "$BATS_TEST_TMPDIR/sub/05-turn-chat/"
	run grade_json --lab 05 --submission "$BATS_TEST_TMPDIR/sub"
	assert_success  # advice: no point lost
	run check_field pair-memory status
	assert_output fail
	run check_field pair-memory actual
	assert_output --partial "AddressSanitizer: stack-buffer-overflow: a write of 1 byte just past the end of 's' (declared at line 17), at server.c:38 in main()"
	assert_output --partial "server.c:38: s[n] = 0;"
	run check_field pair-memory hint
	assert_output --partial "recv() at most sizeof(buf) - 1 bytes, then buf[n] = '\\0'"
	run check_field pair-chat status
	assert_output pass
}

@test "the crash handler leaves a crash's exit status and a passing program's output as they were" {
	local so
	so=$(ls "${XDG_CACHE_HOME:-$HOME/.cache}"/socklab/build/*/crashtrace.so | head -n 1)
	[ -n "$so" ]
	printf '#include <signal.h>\n#include <stdio.h>\nint main(int c, char **v) { signal(SIGPIPE, SIG_IGN); if (c > 1) { int *p = 0; return *p; } puts("fine"); return 0; }\n' >"$BATS_TEST_TMPDIR/p.c"
	gcc -g -o "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/p.c"
	SOCKLAB_CRASH_FD=9 LD_PRELOAD=$so run "$BATS_TEST_TMPDIR/p" 9>"$BATS_TEST_TMPDIR/trace"
	assert_success
	assert_output fine
	SOCKLAB_CRASH_FD=9 LD_PRELOAD=$so run "$BATS_TEST_TMPDIR/p" crash 9>"$BATS_TEST_TMPDIR/trace"
	assert_equal "$status" 139
	run grep -c '^crash 11 ' "$BATS_TEST_TMPDIR/trace"
	assert_output 1
}

@test "the crash handler arms only in the program SOCKLAB_CRASH_PROGRAM names, not in a wrapper on the way" {
	local so=$BATS_TEST_TMPDIR/crashtrace.so
	gcc -O2 -shared -fPIC -o "$so" "$ROOT/grader/lib/crashtrace.c" -ldl
	printf 'int main(void) { int *p = 0; return *p; }\n' >"$BATS_TEST_TMPDIR/p.c"
	gcc -g -o "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/p.c"
	ln -s "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/link"
	# Named: through a symlink, and behind stdbuf, which inherits the preload.
	SOCKLAB_CRASH_FD=9 SOCKLAB_CRASH_PROGRAM=$BATS_TEST_TMPDIR/link LD_PRELOAD=$so \
		run stdbuf -oL "$BATS_TEST_TMPDIR/p" 9>"$BATS_TEST_TMPDIR/named"
	assert_equal "$status" 139
	run grep -c '^crash 11 ' "$BATS_TEST_TMPDIR/named"
	assert_output 1
	# Another program named: this one is a wrapper's child, not watched, and dies the same.
	SOCKLAB_CRASH_FD=9 SOCKLAB_CRASH_PROGRAM=/usr/bin/stdbuf LD_PRELOAD=$so \
		run "$BATS_TEST_TMPDIR/p" 9>"$BATS_TEST_TMPDIR/other"
	assert_equal "$status" 139
	assert_file_empty "$BATS_TEST_TMPDIR/other"
}
