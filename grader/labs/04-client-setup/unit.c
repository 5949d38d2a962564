/*
 * Unit checks of lab 04: read_hostname(), resolve_host() and open_clientfd(), called directly.
 * Each check uses the grader's own code for everything but the function it checks.
 *
 * The checks run in a network namespace of their own with only loopback: "localhost" and
 * dotted addresses resolve from /etc/hosts and without a lookup, and a name server is out of
 * reach, so an unknown name fails at once (the resolver's send fails: no route, or refused on
 * loopback) instead of waiting for resolv.conf's timeouts.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

int read_hostname(FILE *in, char *buf, size_t len);
int resolve_host(const char *hostname, char *ip, size_t iplen);
int open_clientfd(const char *ip, uint16_t port);

#define UNKNOWN_HOST "no-such-host.socklab.invalid"  /* .invalid never resolves (RFC 6761) */

/* What the student's code was given or wrote, quoted with its '\r' and '\n' visible. */
static const char *shown(const char *s)
{
	static char bufs[4][256];
	static int next;
	char *buf = bufs[next++ % 4], *p = buf;

	*p++ = '"';
	for (; *s && p < buf + sizeof(bufs[0]) - 6; s++) {
		if (*s == '\n' || *s == '\r') {
			*p++ = '\\';
			*p++ = *s == '\n' ? 'n' : 'r';
		} else {
			*p++ = *s;
		}
	}
	*p++ = '"';
	*p = '\0';
	return buf;
}

/* Calls read_hostname() on a stream holding text; the first call's result, *rc. */
static void read_from(const char *text, char *buf, size_t len, int *rc)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");

	cr_assert(in != NULL, "the grader could not open a memory stream");
	errno = 0;
	*rc = read_hostname(in, buf, len);
	fclose(in);
}

/* The first thing every read_hostname check needs: a plain line is read at all. */
static void expect_reads_a_line(void)
{
	char buf[256] = "";
	int rc;

	read_from("localhost\n", buf, sizeof(buf), &rc);
	expect(rc == 0, "read_hostname() failed on the line \"localhost\\n\"", "0 (a hostname was read)",
	       sl_fmt("%d with errno %s", rc, sl_errno_name(errno)),
	       errno == ENOSYS ? "read_hostname() still returns the skeleton's -1/ENOSYS: implement it" :
	       "read from the FILE *in you are given (fgets(buf, len, in)), not from stdin");
}

CHECK(read_hostname, strips_the_newline, 1, "read_hostname reads one line and strips its newline")
{
	const char *two_lines = "example.org\nsecond.example.org\n";
	char buf[256] = "";
	FILE *in;
	int rc;

	expect_reads_a_line();
	read_from("localhost\n", buf, sizeof(buf), &rc);
	expect(strcmp(buf, "localhost") == 0, "the hostname keeps its line ending", shown("localhost"),
	       shown(buf), "fgets() keeps the '\\n': cut it off, e.g. buf[strcspn(buf, \"\\r\\n\")] = '\\0'");
	in = fmemopen((void *)two_lines, strlen(two_lines), "r");
	rc = read_hostname(in, buf, sizeof(buf));
	fclose(in);
	expect(rc == 0 && strcmp(buf, "example.org") == 0, "read_hostname() did not stop at the end of the first line",
	       shown("example.org"), shown(buf),
	       "read one line only: fgets() stops after the '\\n'; read() takes whatever is there");
}

CHECK(read_hostname, strips_a_carriage_return, 1, "read_hostname strips a Windows line ending (CR LF) too")
{
	char buf[256] = "";
	int rc;

	expect_reads_a_line();
	read_from("localhost\r\n", buf, sizeof(buf), &rc);
	expect(rc == 0 && strcmp(buf, "localhost") == 0, "a line ending in \"\\r\\n\" keeps its '\\r'",
	       shown("localhost"), shown(buf),
	       "text typed through telnet or on Windows ends lines with \"\\r\\n\": cut at either, "
	       "buf[strcspn(buf, \"\\r\\n\")] = '\\0'");
}

CHECK(read_hostname, fails_at_end_of_input, 1, "read_hostname returns -1 at end of input")
{
	char buf[256] = "";
	FILE *in;
	int rc;

	expect_reads_a_line();
	read_from("", buf, sizeof(buf), &rc);
	expect(rc == -1, "read_hostname() did not fail on an empty input", "-1 (end of input)",
	       sl_fmt("%d, hostname %s", rc, shown(buf)),
	       "fgets() returns NULL at end of input (scanf() returns EOF): return -1 then");
	in = fmemopen((void *)"localhost\n", 10, "r");
	read_hostname(in, buf, sizeof(buf));
	strcpy(buf, "unchanged");
	rc = read_hostname(in, buf, sizeof(buf));
	fclose(in);
	expect(rc == -1, "read_hostname() did not fail at end of input after the last line", "-1 (end of input)",
	       sl_fmt("%d, hostname %s", rc, shown(buf)),
	       "fgets() returns NULL at end of input (scanf() returns EOF): return -1 then");
}

CHECK(read_hostname, fails_on_an_empty_line, 1, "read_hostname returns -1 on an empty line")
{
	char buf[256] = "";
	int rc;

	expect_reads_a_line();
	read_from("\n", buf, sizeof(buf), &rc);
	expect(rc == -1, "read_hostname() accepted an empty line as a hostname", "-1 (no hostname)",
	       sl_fmt("%d, hostname %s", rc, shown(buf)),
	       "after cutting the line ending, return -1 if nothing is left (buf[0] == '\\0')");
}

CHECK(read_hostname, never_overflows_a_small_buffer, 1, "read_hostname never writes past the buffer it is given")
{
	/* The guard lies right after the buffer: a write past buf lands in it, not in the stack. */
	struct { char buf[8]; char guard[56]; } mem;
	const char *line = "a-long-hostname.example.org\n";
	size_t spoilt = 0;
	int rc;

	expect_reads_a_line();
	memset(&mem, '#', sizeof(mem));
	read_from(line, mem.buf, sizeof(mem.buf), &rc);
	for (size_t i = 0; i < sizeof(mem.guard); i++)
		spoilt += mem.guard[i] != '#';
	expect(spoilt == 0, "read_hostname() wrote past the end of its buffer",
	       "at most 8 bytes written into a buffer of len = 8",
	       sl_fmt("%zu bytes written past the end for the line %s", spoilt, shown(line)),
	       "scanf(\"%s\") and gets() write as much as the line holds: use fgets(buf, len, in), "
	       "which stops at len - 1 characters");
	expect(rc == -1 || memchr(mem.buf, '\0', sizeof(mem.buf)) != NULL,
	       "the hostname read into a small buffer is not a string", "a '\\0' within the 8 bytes",
	       "no '\\0' in the buffer", "fgets() always ends what it read with '\\0'");
}

/* What resolve_host() did in a child process: a crash there is reported, not suffered. */
struct resolved {
	int rc, err, crash;  /* its result, errno after it, the signal that killed it (0: none) */
	char ip[64];         /* what it wrote */
};

static struct resolved resolve_in_child(const char *name)
{
	struct resolved r = { .rc = -2 };
	int fds[2], status;
	pid_t pid;

	cr_assert(pipe(fds) == 0, "the grader could not make a pipe");
	if ((pid = fork()) == 0) {
		errno = 0;
		r.rc = resolve_host(name, r.ip, INET_ADDRSTRLEN);
		r.err = errno;
		_exit(write(fds[1], &r, sizeof(r)) == sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	if (read(fds[0], &r, sizeof(r)) != sizeof(r))
		memset(r.ip, 0, sizeof(r.ip));
	r.ip[sizeof(r.ip) - 1] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	r.crash = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	return r;
}

/* What is wrong with ip, the text resolve_host() wrote for want, as a hint. */
static const char *address_hint(const char *ip, const char *want)
{
	struct in_addr addr;
	char swapped[INET_ADDRSTRLEN];
	unsigned long n = strtoul(ip, NULL, 10);

	inet_pton(AF_INET, want, &addr);
	addr.s_addr = __builtin_bswap32(addr.s_addr);
	inet_ntop(AF_INET, &addr, swapped, sizeof(swapped));
	if (strcmp(ip, swapped) == 0)
		return "the four bytes are reversed: s_addr is in network byte order, so let inet_ntop() "
		       "or inet_ntoa() print it instead of taking it apart yourself";
	if (strchr(ip, '.') == NULL && n != 0 && strspn(ip, "0123456789") == strlen(ip))
		return "that is the address as one integer: print it as dotted decimal with "
		       "inet_ntop(AF_INET, &addr, ip, iplen) or inet_ntoa(addr)";
	if (strchr(ip, ':'))
		return "that is an IPv6 address: ask for IPv4 only (hints.ai_family = AF_INET)";
	return "write the address with inet_ntop(AF_INET, &sin_addr, ip, iplen) (or copy inet_ntoa()'s "
	       "text with snprintf(ip, iplen, \"%s\", ...))";
}

/* Resolves name (into a buffer of INET_ADDRSTRLEN bytes) and expects want. */
static void expect_resolves(const char *name, const char *want)
{
	struct resolved r = resolve_in_child(name);

	expect(r.crash == 0, sl_fmt("resolve_host(\"%s\") crashed", name), sl_fmt("0 and \"%s\"", want),
	       sl_fmt("killed by signal %d (%s)", r.crash, strsignal(r.crash)),
	       "run it under gdb or build with -fsanitize=address to see the faulty line");
	expect(r.rc == 0, sl_fmt("resolve_host(\"%s\") failed", name), sl_fmt("0 and \"%s\"", want),
	       sl_fmt("%d with errno %s", r.rc, sl_errno_name(r.err)),
	       r.err == ENOSYS ? "resolve_host() still returns the skeleton's -1/ENOSYS: implement it" :
	       "use getaddrinfo() with hints.ai_family = AF_INET (or gethostbyname()) and return 0 "
	       "once the address is written");
	expect(strcmp(r.ip, want) == 0, sl_fmt("resolve_host(\"%s\") wrote the wrong address", name),
	       shown(want), shown(r.ip), address_hint(r.ip, want));
}

CHECK(resolve_host, resolves_localhost, 2, "resolve_host gives 127.0.0.1 for localhost")
{
	expect_resolves("localhost", "127.0.0.1");
}

CHECK(resolve_host, gives_a_dotted_address_back, 1, "resolve_host gives a dotted address back as it is (127.0.0.1, 10.20.30.40)")
{
	expect_resolves("127.0.0.1", "127.0.0.1");
	expect_resolves("10.20.30.40", "10.20.30.40");
}

CHECK(resolve_host, fails_for_an_unknown_host, 1, "resolve_host returns -1 for an unknown host, without crashing")
{
	struct resolved r;

	expect_resolves("localhost", "127.0.0.1");
	r = resolve_in_child(UNKNOWN_HOST);
	expect(r.crash == 0, "resolve_host() crashed on an unknown host", "-1",
	       sl_fmt("killed by signal %d (%s) for \"%s\"", r.crash, strsignal(r.crash), UNKNOWN_HOST),
	       "gethostbyname() returns NULL for an unknown name (getaddrinfo() a non-zero code, and "
	       "no result): check it and return -1 before using the result");
	expect(r.rc == -1, "resolve_host() did not fail on an unknown host", "-1",
	       sl_fmt("%d, address %s for \"%s\"", r.rc, shown(r.ip), UNKNOWN_HOST),
	       "return -1 when gethostbyname() returns NULL or getaddrinfo() returns non-zero");
}

/* A port different from port, with its two bytes swapped, as a missing htons() makes it. */
/*
 * Returns a port on 127.0.0.1 held with its byte-swapped twin, where a missing htons() goes:
 * both listening (listening set; a missing htons() then connects to the twin and can be named),
 * or both bound without listening (connections to either are refused). fds gets the two
 * sockets. Other checks run at the same time in the same namespace: bound, no port can be
 * taken by them.
 */
static uint16_t hold_port_pair(int fds[2], int listening)
{
	for (int tries = 0; tries < 100; tries++) {
		uint16_t port = 0, twin;

		fds[0] = listening ? sl_listen_loopback(&port) : sl_refuse_loopback(&port);
		twin = sl_swapped_port(port);
		/* Below 1024 only root may bind: skip the ports whose twin falls there. */
		if (fds[0] != -1 && twin >= 1024 && twin != port) {
			fds[1] = listening ? sl_listen_loopback(&twin) : sl_refuse_loopback(&twin);
			if (fds[1] != -1)
				return port;
		}
		if (fds[0] != -1)
			close(fds[0]);
	}
	cr_assert_fail("the grader found no pair of free ports on 127.0.0.1");
	return 0;
}

static void release_port_pair(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

/* Calls open_clientfd("127.0.0.1", port), a server listening there, and fails the check, with
 * the reason, if it returned -1. */
static int connect_or_fail(uint16_t port)
{
	int fd;

	errno = 0;
	fd = open_clientfd("127.0.0.1", port);
	expect(fd >= 0, "open_clientfd() failed although a server listens there",
	       sl_fmt("a connected socket to 127.0.0.1:%u", port), sl_fmt("%d with errno %s", fd, sl_errno_name(errno)),
	       errno == ENOSYS ? "open_clientfd() still returns the skeleton's -1/ENOSYS: implement it" :
	       errno == ECONNREFUSED ? "refused: is the port in network byte order? sin_port = htons(port)" :
	       "check each call's return value and errno: which of inet_pton/socket/connect fails?");
	return fd;
}

CHECK(open_clientfd, connects_to_the_given_port, 2, "open_clientfd returns a TCP socket connected to 127.0.0.1 on the given port")
{
	int held[2], fd, type = -1;
	uint16_t port = hold_port_pair(held, 1);
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);

	fd = connect_or_fail(port);
	memset(&peer, 0, sizeof(peer));
	getpeername(fd, (struct sockaddr *)&peer, &len);
	expect(ntohs(peer.sin_port) == port, "open_clientfd() connected to another port",
	       sl_fmt("port %u", port), sl_fmt("port %u", ntohs(peer.sin_port)),
	       ntohs(peer.sin_port) == sl_swapped_port(port) ?
	       "the port's two bytes are swapped: sin_port = htons(port) (network byte order)" :
	       "connect to the port given as argument: sin_port = htons(port)");
	len = sizeof(type);
	getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	expect(type == SOCK_STREAM, "the socket is not a TCP (stream) socket", "SOCK_STREAM",
	       sl_fmt("socket type %d", type), "create it with socket(AF_INET, SOCK_STREAM, 0)");
	close(fd);
	release_port_pair(held);
}

CHECK(open_clientfd, refused_gives_econnrefused, 1, "open_clientfd returns -1 with ECONNREFUSED when nothing listens")
{
	int held[2], fd;
	uint16_t port = hold_port_pair(held, 0);

	errno = 0;
	fd = open_clientfd("127.0.0.1", port);
	expect(fd == -1 && errno == ECONNREFUSED, "open_clientfd() to a port where nothing listens did not fail with ECONNREFUSED",
	       "-1 with errno ECONNREFUSED", sl_fmt("%d with errno %s", fd, sl_errno_name(errno)),
	       errno == ENOSYS ? "open_clientfd() still returns the skeleton's -1/ENOSYS: implement it" :
	       fd >= 0 ? "check connect()'s result: if (connect(...) == -1) { close(fd); return -1; }" :
	       "return -1 as soon as connect() fails, keeping its errno (close() may change errno: save it)");
	if (fd >= 0)
		close(fd);
	release_port_pair(held);
}

CHECK(open_clientfd, leaks_nothing_on_failure, 1, "open_clientfd leaves no descriptor open when it fails")
{
	int held[2], fd, before, after;
	uint16_t port = hold_port_pair(held, 1);

	/* Only a function that connects can be said to clean up when connecting fails. */
	close(connect_or_fail(port));
	release_port_pair(held);
	port = hold_port_pair(held, 0);
	before = sl_count_open_fds();
	fd = open_clientfd("127.0.0.1", port);
	after = sl_count_open_fds();
	expect(fd == -1, "open_clientfd() did not fail on a port where nothing listens", "-1",
	       sl_fmt("descriptor %d", fd), "check connect()'s result: if (connect(...) == -1) { close(fd); return -1; }");
	expect(after == before, "a descriptor leaked on failure", sl_fmt("%d open descriptors", before),
	       sl_fmt("%d open descriptors", after), "close the socket before returning -1");
	release_port_pair(held);
}
