/*
 * Unit checks of the echo lab: recv_exactly(), handle_client() and open_clientfd(), called
 * directly. recv_exactly() and handle_client() run in a child process, so that a call that
 * hangs, crashes or ends the process with exit() is reported as such; the check plays the
 * other end of the connection (a socketpair, or TCP over loopback for a reset).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

ssize_t recv_exactly(int fd, void *buf, size_t len);
int handle_client(int connfd);
int open_clientfd(const char *ip, uint16_t port);

#define DEADLINE_MS 2000           /* generous: a correct call takes a few milliseconds */
#define MEBIBYTE (1024 * 1024)

#define SKELETON_HINT(fn) fn "() still returns the skeleton's -1/ENOSYS: implement it"
#define CRASH_HINT "run it under gdb (gdb ./prog, then run and bt) or build it with -fsanitize=address to see the faulty line"
#define EXIT_HINT "a helper must not call exit(): return -1 (errno says why) and let main decide; the server's main then goes on to the next client (the lecture's \"no exit() while handling a client\")"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void tick(void)
{
	struct timespec ts = { 0, 1000000L };

	nanosleep(&ts, NULL);
}

/* The function under test, running in a child; it reports through a pipe. */
struct call {
	pid_t pid;
	int report;
};

/* How the call ended. */
struct outcome {
	int returned;        /* it returned: rc and err hold its result and errno */
	int hung;            /* still running at the deadline (then killed) */
	int exit_status;     /* it ended the process with exit(): the status, else -1 */
	int signal;          /* it crashed: the signal, else 0 */
	long rc;
	int err;
	char data[256];      /* what recv_exactly() wrote into its buffer */
};

enum function { RECV_EXACTLY, HANDLE_CLIENT };

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* In the child, run first of all exit handlers (registered last): a call that ends the
 * process with exit() ends it at once with its status, before Criterion's own handlers,
 * which expect the test's process, not a child of it. */
static void exit_at_once(int status, void *unused)
{
	(void)unused;
	_exit(status);
}

/*
 * Calls fn on fd in a child process (want: recv_exactly's len). other_end, the check's own
 * end of the connection, is closed in the child so that only the check holds it.
 */
static struct call start(enum function fn, int fd, size_t want, int other_end)
{
	struct call c = { -1, -1 };
	int p[2];

	if (pipe(p) == -1)
		return c;
	fflush(NULL);
	if ((c.pid = fork()) == 0) {
		char buf[256];
		long rc;
		int err;

		close(p[0]);
		close(other_end);
		/* SIGPIPE is graded by the loopback checks: here a failing send() only fails. */
		signal(SIGPIPE, SIG_IGN);
		on_exit(exit_at_once, NULL);
		errno = 0;
		rc = fn == RECV_EXACTLY ? (long)recv_exactly(fd, buf, want) : handle_client(fd);
		err = errno;
		write_all(p[1], &rc, sizeof(rc));
		write_all(p[1], &err, sizeof(err));
		if (fn == RECV_EXACTLY && rc > 0 && (size_t)rc <= sizeof(buf))
			write_all(p[1], buf, (size_t)rc);
		_exit(0);
	}
	close(p[1]);
	c.report = p[0];
	return c;
}

/* Whether the call has ended (its report is readable or closed). */
static int has_ended(struct call c)
{
	struct pollfd p = { c.report, POLLIN, 0 };

	return poll(&p, 1, 0) > 0;
}

/* Waits up to ms for the call to end (killing it after that) and tells how it ended. */
static struct outcome finish(struct call c, long ms)
{
	struct outcome o;
	char buf[sizeof(long) + sizeof(int) + sizeof(o.data)];
	long deadline = now_ms() + ms;
	size_t got = 0;
	int status = 0, ended = 0;

	memset(&o, 0, sizeof(o));
	o.exit_status = -1;
	while (!ended) {
		struct pollfd p = { c.report, POLLIN, 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			break;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if ((n = read(c.report, buf + got, sizeof(buf) - got)) > 0)
			got += (size_t)n;
		else
			ended = 1;  /* end of file: the child has closed its descriptors, it is ending */
	}
	if (ended) {
		waitpid(c.pid, &status, 0);
	} else {
		kill(c.pid, SIGKILL);
		waitpid(c.pid, &status, 0);
		o.hung = 1;
	}
	close(c.report);
	if (got >= sizeof(long) + sizeof(int)) {
		o.returned = 1;
		memcpy(&o.rc, buf, sizeof(long));
		memcpy(&o.err, buf + sizeof(long), sizeof(int));
		memcpy(o.data, buf + sizeof(long) + sizeof(int), got - sizeof(long) - sizeof(int));
	} else if (!o.hung && WIFSIGNALED(status)) {
		o.signal = WTERMSIG(status);
	} else if (!o.hung && WIFEXITED(status)) {
		o.exit_status = WEXITSTATUS(status);
	}
	return o;
}

/* How the call ended, in words, for the "seen" part of a report. */
static const char *ending(const struct outcome *o, const char *fn)
{
	if (o->hung)
		return sl_fmt("%s() still running after %d s", fn, DEADLINE_MS / 1000);
	if (o->signal)
		return sl_fmt("%s() crashed with signal %d (%s)", fn, o->signal, strsignal(o->signal));
	if (!o->returned)
		return sl_fmt("%s() ended the whole process with exit(%d)", fn, o->exit_status);
	if (o->rc == -1)
		return sl_fmt("%s() returned -1 with errno %s", fn, sl_errno_name(o->err));
	return sl_fmt("%s() returned %ld", fn, o->rc);
}

/* The hint for a call that did not return: hung (the given hint), crashed or exited. */
static const char *not_returned_hint(const struct outcome *o, const char *when_hung)
{
	if (o->hung)
		return when_hung;
	return o->signal ? CRASH_HINT : EXIT_HINT;
}

/* Bytes waiting unread in the socket fd. */
static int unread(int fd)
{
	int n = 0;

	ioctl(fd, FIONREAD, &n);
	return n;
}

/* Reads what has arrived on fd, up to len bytes, until the other end closes or ms pass. */
static size_t read_until_eof(int fd, char *buf, size_t len, long ms)
{
	long deadline = now_ms() + ms;
	size_t got = 0;

	while (got < len) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		if ((n = recv(fd, buf + got, len - got, 0)) <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/* Byte i of the 1 MiB test stream: every value, NULs included, not repeating every 256. */
static unsigned char stream_byte(size_t i)
{
	return (unsigned char)((i ^ (i >> 8) ^ (i >> 16)) * 167u);
}

/* The first index where a and b differ, or len. */
static size_t first_difference(const char *a, const char *b, size_t len)
{
	size_t i = 0;

	while (i < len && a[i] == b[i])
		i++;
	return i;
}

CHECK(recv_exactly, gathers_bytes_that_arrive_in_pieces, 2, "recv_exactly gathers bytes that arrive in several pieces")
{
	static const char *const pieces[] = { "hel", "lo, w", "orld!" };
	static const char want[] = "hello, world!";
	struct outcome o;
	struct call c;
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	c = start(RECV_EXACTLY, sv[0], strlen(want), sv[1]);
	/* Each piece is sent once the previous one has been read: recv() sees them apart. */
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		long deadline = now_ms() + DEADLINE_MS;

		send(sv[1], pieces[i], strlen(pieces[i]), MSG_NOSIGNAL);
		while (unread(sv[0]) > 0 && !has_ended(c) && now_ms() < deadline)
			tick();
	}
	o = finish(c, DEADLINE_MS);
	expect(o.returned, "recv_exactly did not return", "13 bytes received: \"hello, world!\"",
	       ending(&o, "recv_exactly"),
	       not_returned_hint(&o, "recv_exactly() waited for more although all 13 bytes had arrived: stop once you have len bytes"));
	expect(o.rc != -1 || o.err != ENOSYS, "recv_exactly is not implemented", "13 bytes received",
	       ending(&o, "recv_exactly"), SKELETON_HINT("recv_exactly"));
	expect(o.rc == (long)strlen(want) && memcmp(o.data, want, strlen(want)) == 0,
	       "recv_exactly did not gather the bytes sent in three pieces",
	       "13 bytes: \"hello, world!\" (sent as \"hel\", \"lo, w\", \"orld!\")",
	       o.rc > 0 ? sl_fmt("%ld bytes: \"%.*s\"", o.rc, (int)o.rc, o.data) : ending(&o, "recv_exactly"),
	       o.rc > 0 && o.rc < (long)strlen(want) ?
	       "recv() returns what has arrived so far, here only the first piece: call it again, at buf + got for len - got bytes, until you have len bytes" :
	       "loop on recv(fd, buf + got, len - got, 0), adding what each call returns to got, until got == len");
	close(sv[0]);
	close(sv[1]);
}

CHECK(recv_exactly, returns_a_short_count_when_the_peer_closes, 2, "recv_exactly returns the bytes it got when the peer closes early, and 0 after that")
{
	struct outcome o;
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send(sv[1], "abc", 3, MSG_NOSIGNAL);
	shutdown(sv[1], SHUT_WR);
	o = finish(start(RECV_EXACTLY, sv[0], 10, sv[1]), DEADLINE_MS);
	expect(o.returned, "recv_exactly did not return when the peer closed before sending all 10 bytes",
	       "3 (the bytes that came before the peer closed)", ending(&o, "recv_exactly"),
	       not_returned_hint(&o, "recv() returning 0 means the peer closed: no more bytes will come, so stop and return what you have"));
	expect(o.rc == 3 && memcmp(o.data, "abc", 3) == 0,
	       "recv_exactly did not report the 3 bytes it got before the peer closed",
	       "3, with \"abc\" in the buffer", ending(&o, "recv_exactly"),
	       o.rc == -1 && o.err == ENOSYS ? SKELETON_HINT("recv_exactly") :
	       "when recv() returns 0 the peer has closed: return the count received so far (less than len)");
	o = finish(start(RECV_EXACTLY, sv[0], 10, sv[1]), DEADLINE_MS);
	expect(o.returned && o.rc == 0, "recv_exactly on a connection the peer has closed did not return 0",
	       "0 (nothing more: the peer closed)", ending(&o, "recv_exactly"),
	       not_returned_hint(&o, "when the first recv() returns 0, return 0"));
	close(sv[0]);
	close(sv[1]);
}

CHECK(handle_client, echoes_every_byte_and_returns_when_the_client_closes, 2, "handle_client echoes every byte, NUL bytes included, and returns 0 when the client closes")
{
	static const char msg[] = "first line\r\n\0\0two NUL bytes\0 then binary \xff\xfe\x80\x01, and a tail of text past 64 bytes\n";
	const size_t len = sizeof(msg) - 1;
	char echo[256];
	struct outcome o;
	size_t got, diff;
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	send(sv[1], msg, len, MSG_NOSIGNAL);
	shutdown(sv[1], SHUT_WR);
	o = finish(start(HANDLE_CLIENT, sv[0], 0, sv[1]), DEADLINE_MS);
	close(sv[0]);
	/* The child has ended, its end is closed: what it echoed is waiting, then end of file. */
	got = read_until_eof(sv[1], echo, sizeof(echo), DEADLINE_MS);
	diff = first_difference(echo, msg, got < len ? got : len);
	expect(o.returned, "handle_client did not return after the client closed",
	       "handle_client() returning 0 once recv() returns 0", ending(&o, "handle_client"),
	       not_returned_hint(&o, "recv() returning 0 means the client closed its side: leave the loop and return 0"));
	expect(o.rc != -1 || o.err != ENOSYS, "handle_client is not implemented",
	       "the bytes echoed, then 0", ending(&o, "handle_client"), SKELETON_HINT("handle_client"));
	expect(got == len && diff == len, "the echo differs from the bytes the client sent",
	       sl_fmt("the same %zu bytes back, with their 3 NUL bytes", len),
	       got == len ? sl_fmt("%zu bytes, the first wrong one at byte %zu", got, diff) :
	       sl_fmt("%zu bytes%s", got, got > 0 && diff == got ? ", all right but too few" : sl_fmt(", the first wrong one at byte %zu", diff)),
	       got == 12 ? "the echo stops at the first '\\0': send the n bytes recv() returned, not strlen(buf)" :
	       got < len ? "echo in a loop until recv() returns 0: one recv() gets only what has arrived, at most your buffer's size" :
	       "send back exactly the n bytes that recv() returned, from the start of your buffer");
	expect(o.rc == 0, "handle_client did not return 0 when the client closed", "0",
	       ending(&o, "handle_client"), "return 0 when recv() returns 0: the client closing is the normal end");
	close(sv[1]);
}

CHECK(handle_client, echoes_a_mebibyte, 2, "handle_client echoes 1 MiB byte for byte while the client reads the echo")
{
	static char out[65536], in[65536];
	size_t sent = 0, got = 0, wrong = (size_t)-1;
	long deadline;
	struct outcome o;
	struct call c;
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	c = start(HANDLE_CLIENT, sv[0], 0, sv[1]);
	close(sv[0]);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	/* Send and read at once, as a client must: neither side's buffers fill up. */
	deadline = now_ms() + DEADLINE_MS;
	while (got < MEBIBYTE && now_ms() < deadline) {
		struct pollfd p = { sv[1], POLLIN | (sent < MEBIBYTE ? POLLOUT : 0), 0 };
		ssize_t n;

		if (poll(&p, 1, (int)(deadline - now_ms() > 0 ? deadline - now_ms() : 0)) <= 0)
			continue;
		if (p.revents & POLLOUT) {
			size_t chunk = MEBIBYTE - sent < sizeof(out) ? MEBIBYTE - sent : sizeof(out);

			for (size_t i = 0; i < chunk; i++)
				out[i] = (char)stream_byte(sent + i);
			if ((n = send(sv[1], out, chunk, MSG_NOSIGNAL)) > 0) {
				sent += (size_t)n;
				deadline = now_ms() + DEADLINE_MS;
				if (sent == MEBIBYTE)
					shutdown(sv[1], SHUT_WR);
			}
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((n = recv(sv[1], in, sizeof(in), 0)) == 0 || (n == -1 && errno != EAGAIN))
				break;
			for (ssize_t i = 0; i < n && wrong == (size_t)-1; i++)
				if ((unsigned char)in[i] != stream_byte(got + (size_t)i))
					wrong = got + (size_t)i;
			if (n > 0) {
				got += (size_t)n;
				deadline = now_ms() + DEADLINE_MS;
			}
		}
	}
	if (sent < MEBIBYTE)
		shutdown(sv[1], SHUT_WR);
	o = finish(c, DEADLINE_MS);
	expect(o.rc != -1 || o.err != ENOSYS, "handle_client is not implemented",
	       "1048576 bytes echoed", ending(&o, "handle_client"), SKELETON_HINT("handle_client"));
	expect(got == MEBIBYTE && wrong == (size_t)-1, "the 1 MiB echo is incomplete or wrong",
	       "1048576 bytes back, equal to those sent",
	       wrong != (size_t)-1 ? sl_fmt("%zu bytes back, the first wrong one at byte %zu", got, wrong) :
	       sl_fmt("%zu bytes back (of %zu sent), then %s", got, sent,
		      o.returned ? "handle_client() returned" : "nothing more for 2 s"),
	       o.returned && o.rc == 0 ? "return only when recv() returns 0 (the client closed), not after the first recv() or a short one" :
	       "echo in a loop until recv() returns 0, sending back every byte of each recv() (a loop around send() for what it did not take)");
	expect(o.returned, "handle_client did not return after the client closed",
	       "handle_client() returning 0 once the client has closed", ending(&o, "handle_client"),
	       not_returned_hint(&o, "recv() returning 0 means the client closed its side: leave the loop and return 0"));
	close(sv[1]);
}

CHECK(handle_client, returns_when_the_client_resets, 1, "handle_client returns, without exiting, when the client resets the connection")
{
	uint16_t port = 0;
	int listenfd = sl_listen_loopback(&port), client = sl_connect_loopback(port);
	int connfd = accept(listenfd, NULL, NULL);
	struct linger lin = { 1, 0 };
	struct outcome o;

	/* The client sends a word and leaves with an RST: recv() or send() fails with ECONNRESET. */
	send(client, "hello", 5, MSG_NOSIGNAL);
	setsockopt(client, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
	close(client);
	o = finish(start(HANDLE_CLIENT, connfd, 0, listenfd), DEADLINE_MS);
	expect(o.returned, "handle_client did not return when the client reset the connection",
	       "handle_client() returning -1 (recv() or send() failed with ECONNRESET)",
	       ending(&o, "handle_client"),
	       not_returned_hint(&o, "when recv() or send() returns -1, stop and return -1: errno tells the caller why"));
	expect(o.rc != -1 || o.err != ENOSYS, "handle_client is not implemented",
	       "handle_client() returning -1 with errno ECONNRESET", ending(&o, "handle_client"),
	       SKELETON_HINT("handle_client"));
	close(connfd);
	close(listenfd);
}

CHECK(open_clientfd, connects_to_the_address_and_port_given, 2, "open_clientfd connects to the address and port given")
{
	uint16_t port = 0;
	int listenfd = sl_listen_loopback_twinned(&port), fd, err;
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	char ip[INET_ADDRSTRLEN] = "?";

	errno = 0;
	fd = open_clientfd("127.0.0.1", port);
	err = errno;
	expect(fd >= 0, "open_clientfd failed to connect to a listening server",
	       sl_fmt("a socket connected to 127.0.0.1:%u", port), sl_fmt("%d with errno %s", fd, sl_errno_name(err)),
	       err == ENOSYS ? SKELETON_HINT("open_clientfd") :
	       err == ECONNREFUSED ? "nothing listens where you connected: is sin_port = htons(port), and sin_addr filled by inet_aton(ip, &addr.sin_addr)?" :
	       "socket(AF_INET, SOCK_STREAM, 0), a struct sockaddr_in with inet_aton() and htons(port), then connect()");
	memset(&peer, 0, sizeof(peer));
	getpeername(fd, (struct sockaddr *)&peer, &len);
	inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
	expect(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK) && ntohs(peer.sin_port) == port,
	       "the socket is connected elsewhere", sl_fmt("connected to 127.0.0.1:%u", port),
	       sl_fmt("connected to %s:%u", ip, ntohs(peer.sin_port)),
	       "fill sin_addr with inet_aton(ip, ...) and sin_port with htons(port)");
	close(fd);
	close(listenfd);
}

CHECK(open_clientfd, rejects_a_bad_address, 1, "open_clientfd returns -1 with EINVAL for text that is not an IPv4 address")
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int listenfd = socket(AF_INET, SOCK_STREAM, 0), before, fd, err, after;

	/* A listener on every address: a client that ignores inet_aton()'s 0 and connects to
	 * the zeroed address 0.0.0.0 reaches it. */
	bind(listenfd, (struct sockaddr *)&addr, sizeof(addr));
	listen(listenfd, 4);
	getsockname(listenfd, (struct sockaddr *)&addr, &len);
	before = sl_count_open_fds();
	errno = 0;
	fd = open_clientfd("not.an.address", ntohs(addr.sin_port));
	err = errno;
	after = sl_count_open_fds();
	expect(fd == -1 && err == EINVAL, "open_clientfd(\"not.an.address\", ...) did not fail with EINVAL",
	       "-1 with errno EINVAL", sl_fmt("%d with errno %s", fd, sl_errno_name(err)),
	       err == ENOSYS ? SKELETON_HINT("open_clientfd") :
	       fd >= 0 ? "inet_aton() returns 0 for text that is not an address, leaving sin_addr 0.0.0.0 (this host): check its result and return -1 with errno = EINVAL" :
	       "inet_aton() returns 0 for text that is not an address and sets no errno: then set errno = EINVAL and return -1, before socket()");
	expect(after == before, "a descriptor leaked on failure", sl_fmt("%d open descriptors", before),
	       sl_fmt("%d open descriptors", after), "check the address before socket(), or close the socket before returning -1");
	if (fd >= 0)
		close(fd);
	close(listenfd);
}
