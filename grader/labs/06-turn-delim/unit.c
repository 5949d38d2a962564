/*
 * Unit checks of lab 06: send_all() and recv_line(), called directly over a socketpair (or,
 * for a reset, a loopback TCP connection) that the check controls.
 *
 * How TCP really delivers bytes is made certain rather than hoped for: send() and write()
 * below replace the C library's for the student's code and take at most a few bytes a call
 * when asked to, and a delivering thread writes a line piece by piece, each piece only once
 * the previous one has been read. recv() and read() are replaced too, to stop a loop that
 * goes on receiving after end of file. Every socket recv_line() reads has a 2 s receive timeout,
 * so an implementation that waits for bytes that never come fails fast instead of hanging.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

int send_all(int fd, const char *buf, size_t len);
ssize_t recv_line(int fd, char *buf, size_t size);

#define SEND_ENOSYS "send_all() still returns the skeleton's -1/ENOSYS: implement it"
#define RECV_ENOSYS "recv_line() still returns the skeleton's -1/ENOSYS: implement it"

/* --- send() and write() taking data in pieces ------------------------------------------ */

static int piece_fd = -1;      /* the descriptor whose sends are cut; -1: none */
static size_t piece_max;       /* at most this many bytes a call */
static int calls, failures_in_a_row;

static ssize_t cut_send(int fd, const void *buf, size_t len, int flags, int is_write)
{
	ssize_t n;

	if (fd == piece_fd) {
		calls++;
		if (len > piece_max)
			len = piece_max;
	}
	n = is_write ? syscall(SYS_write, fd, buf, len) : syscall(SYS_sendto, fd, buf, len, flags, NULL, 0);
	if (fd == piece_fd) {
		failures_in_a_row = n == -1 ? failures_in_a_row + 1 : 0;
		/* A loop that ignores send() failing would go on for ever: stop it with the reason. */
		expect(failures_in_a_row < 100, "send_all() kept calling send() after it failed",
		       "-1 as soon as send() fails (other than EINTR)",
		       sl_fmt("send() failed %d times in a row with %s and send_all() went on calling it",
			      failures_in_a_row, sl_errno_name(errno)),
		       "when send() returns -1, return -1: do not add -1 to the count of bytes sent");
	}
	return n;
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return cut_send(fd, buf, len, flags, 0);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	return cut_send(fd, buf, len, 0, 1);
}

/* recv() and read() watched: a loop that keeps receiving after end of file would spin. */
static int watch_fd = -1;
static int eofs_in_a_row;

static ssize_t watched_recv(int fd, void *buf, size_t len, int flags, int is_read)
{
	ssize_t n = is_read ? syscall(SYS_read, fd, buf, len) : syscall(SYS_recvfrom, fd, buf, len, flags, NULL, NULL);

	if (fd == watch_fd) {
		eofs_in_a_row = n == 0 ? eofs_in_a_row + 1 : 0;
		expect(eofs_in_a_row < 100, "recv_line() kept calling recv() after it returned 0",
		       "0 returned at once: the other side has closed, no more bytes will come",
		       sl_fmt("recv() returned 0 (end of file) %d times in a row, and recv_line() went on calling it",
			      eofs_in_a_row),
		       "recv() returning 0 means the other side closed the connection: return 0 (or the part of a line received)");
	}
	return n;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return watched_recv(fd, buf, len, flags, 0);
}

ssize_t read(int fd, void *buf, size_t len)
{
	return watched_recv(fd, buf, len, 0, 1);
}

/* --- the check's own side of the connection --------------------------------------------- */

/* A connected socketpair; sv[0] is the student's end, with a 2 s receive timeout. */
static void socket_pair(int sv[2])
{
	struct timeval two_seconds = { 2, 0 };

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof(two_seconds));
}

static void put(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = syscall(SYS_write, fd, text, len);

		cr_assert(n > 0, "the check could not write to its socket");
		text += n;
		len -= (size_t)n;
	}
}

/* Bytes waiting to be read on fd. */
static int queued(int fd)
{
	int n = 0;

	ioctl(fd, FIONREAD, &n);
	return n;
}

static long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* Text for a report: C escapes, cut to about 80 characters. */
static const char *shown(const char *buf, ssize_t len)
{
	static char out[4][160];
	static int next;
	char *o = out[next++ % 4];
	size_t k = 0;

	if (len < 0)
		return "(nothing)";
	o[k++] = '"';
	for (ssize_t i = 0; i < len && k < 100; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n')
			k += (size_t)snprintf(o + k, 8, "\\n");
		else if (c == '\0')
			k += (size_t)snprintf(o + k, 8, "\\0");
		else if (c < 0x20 || c >= 0x7f)
			k += (size_t)snprintf(o + k, 8, "\\x%02x", c);
		else
			o[k++] = (char)c;
	}
	snprintf(o + k, sizeof(out[0]) - k, "\"%s", k >= 100 ? "..." : "");
	return o;
}

/* Calls recv_line() on a freshly filled buffer; a NUL is looked for within size only. */
static ssize_t receive(int fd, char *buf, size_t size)
{
	memset(buf, 'Z', size);
	errno = 0;
	return recv_line(fd, buf, size);
}

/* How strictly expect_line() judges the length returned: the length is one check's matter. */
enum { ANY_LENGTH, EXACT_LENGTH, NOT_LONGER };

/*
 * Fails the check unless recv_line() stored the string want and returned a positive length:
 * want_len exactly, or at most want_len (no bytes of the next line taken), as `length` says.
 */
static void expect_line(ssize_t got, const char *buf, size_t size, const char *want, ssize_t want_len,
			int length, const char *what, const char *hint)
{
	int err = errno;
	size_t stored = strnlen(buf, size);

	expect(got != -1, sl_fmt("recv_line() failed on %s", what), sl_fmt("%s, returning %zd", shown(want, (ssize_t)strlen(want)), want_len),
	       sl_fmt("-1 with errno %s", sl_errno_name(err)),
	       err == ENOSYS ? RECV_ENOSYS :
	       err == EAGAIN || err == EWOULDBLOCK ? "recv_line() was still waiting 2 s after the whole line had arrived: stop at the '\\n'" :
	       "return -1 only when recv() fails");
	expect(stored < size, sl_fmt("recv_line() left the buffer without a NUL on %s", what),
	       sl_fmt("the string %s", shown(want, (ssize_t)strlen(want))),
	       sl_fmt("%zu bytes and no NUL: %s", size, shown(buf, (ssize_t)size)),
	       "end the string: buf[len] = '\\0', keeping room for it (at most size - 1 characters)");
	expect(strcmp(buf, want) == 0, sl_fmt("recv_line() stored the wrong text for %s", what),
	       shown(want, (ssize_t)strlen(want)), shown(buf, (ssize_t)stored), hint);
	expect(got > 0 && (length == ANY_LENGTH || got == want_len || (length == NOT_LONGER && got < want_len)),
	       sl_fmt("recv_line() returned the wrong length for %s", what),
	       sl_fmt("%zd (the bytes the line took, its '\\n' included)", want_len), sl_fmt("%zd", got),
	       got == want_len - 1 ? "count the '\\n' too: an empty line then returns 1, and 0 means only end of file" :
	       got > want_len ? "it took bytes past the '\\n': they belong to the next line; read one byte at a time, or keep the extra bytes for the next call" :
	       "return the number of bytes received for this line, its '\\n' included");
}

/* --- a thread delivering a text piece by piece ------------------------------------------ */

struct delivery {
	int fd, reader;      /* write to fd; the student reads from reader */
	const char **pieces; /* NULL-terminated */
};

/*
 * Writes each piece once the previous one has been read (its bytes gone from the reader's
 * queue), so each recv() sees one piece at most. An implementation that peeks (MSG_PEEK)
 * leaves the bytes queued: after 20 ms the next piece goes anyway.
 */
static void *deliver(void *arg)
{
	struct delivery *d = arg;

	for (const char **p = d->pieces; *p; p++) {
		long deadline = now_us() + 20000;

		put(d->fd, *p, strlen(*p));
		while (queued(d->reader) > 0 && now_us() < deadline)
			usleep(100);
	}
	return NULL;
}

/* --- send_all ---------------------------------------------------------------------------- */

struct drain {
	int fd;
	char buf[4096];
	size_t got;
};

static void *drain(void *arg)
{
	struct drain *d = arg;
	ssize_t n;

	while (d->got < sizeof(d->buf) && (n = read(d->fd, d->buf + d->got, sizeof(d->buf) - d->got)) > 0)
		d->got += (size_t)n;
	return NULL;
}

CHECK(send_all, sends_every_byte_in_pieces, 2, "send_all sends every byte when the kernel takes them a few at a time")
{
	static char data[3000];
	static struct drain d;
	pthread_t reader;
	int sv[2], rc, err;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	socket_pair(sv);
	d.fd = sv[1];
	pthread_create(&reader, NULL, drain, &d);
	piece_fd = sv[0];
	piece_max = 7;
	errno = 0;
	rc = send_all(sv[0], data, sizeof(data));
	err = errno;
	piece_fd = -1;
	shutdown(sv[0], SHUT_WR);
	pthread_join(reader, NULL);
	expect(rc == 0, "send_all() failed", "0 (all 3000 bytes sent)", sl_fmt("%d with errno %s", rc, sl_errno_name(err)),
	       err == ENOSYS ? SEND_ENOSYS : "return -1 only when send() returns -1");
	expect(d.got == sizeof(data) && memcmp(d.buf, data, sizeof(data)) == 0,
	       "not every byte arrived when send() took 7 bytes a call",
	       "the 3000 bytes, in order",
	       sl_fmt("%zu bytes arrived, after %d send() calls: %s", d.got, calls, shown(d.buf, (ssize_t)d.got)),
	       "send() may take fewer bytes than asked: loop until all are sent, moving on by what it returned");
	close(sv[0]);
	close(sv[1]);
}

CHECK(send_all, fails_when_the_connection_is_closed, 1, "send_all returns -1 when the other side has closed the connection")
{
	static char data[100000];
	char got[8] = "";
	int sv[2], rc, err;

	signal(SIGPIPE, SIG_IGN);
	socket_pair(sv);
	errno = 0;
	rc = send_all(sv[0], "abc", 3);
	err = errno;
	expect(rc == 0, "send_all() failed on an open connection", "0", sl_fmt("%d with errno %s", rc, sl_errno_name(err)),
	       err == ENOSYS ? SEND_ENOSYS : "return 0 once every byte is sent");
	expect(read(sv[1], got, 3) == 3 && memcmp(got, "abc", 3) == 0, "send_all() did not send the bytes",
	       "\"abc\"", shown(got, 3), "send the len bytes of buf");
	close(sv[1]);
	piece_fd = sv[0];
	piece_max = sizeof(data);
	errno = 0;
	rc = send_all(sv[0], data, sizeof(data));
	err = errno;
	piece_fd = -1;
	expect(rc == -1, "send_all() did not report a closed connection",
	       "-1 with errno EPIPE", sl_fmt("%d with errno %s", rc, sl_errno_name(err)),
	       "when send() returns -1 (other than EINTR), return -1 at once");
	close(sv[0]);
}

/* --- recv_line --------------------------------------------------------------------------- */

CHECK(recv_line, returns_a_line_without_its_newline, 1, "recv_line returns a line sent in one piece, without its newline, and its length")
{
	char buf[64];
	int sv[2];
	ssize_t n;

	socket_pair(sv);
	put(sv[1], "Hello Bob\n", 10);
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "Hello Bob", 10, EXACT_LENGTH, "\"Hello Bob\\n\"",
		    "store the bytes before the '\\n', then a NUL");
	put(sv[1], "\n", 1);
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "", 1, EXACT_LENGTH, "an empty line \"\\n\"", "an empty line is the empty string");
	close(sv[0]);
	close(sv[1]);
}

CHECK(recv_line, assembles_a_line_delivered_in_pieces, 3, "recv_line assembles a line delivered byte by byte, and one delivered in odd splits")
{
	static const char *pieces[] = { "H", "e", "l", "l", "o", " ", "B", "o", "b", "\n",
					"Hel", "lo B", "ob, how a", "re you", "?\n", NULL };
	struct delivery d;
	pthread_t writer;
	char buf[64];
	int sv[2];
	ssize_t n;

	socket_pair(sv);
	d = (struct delivery){ sv[1], sv[0], pieces };
	pthread_create(&writer, NULL, deliver, &d);
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "Hello Bob", 10, ANY_LENGTH, "\"Hello Bob\\n\" delivered one byte at a time",
		    "one recv() may return any part of a line: keep receiving until the '\\n' arrives");
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "Hello Bob, how are you?", 24, ANY_LENGTH,
		    "\"Hello Bob, how are you?\\n\" delivered as \"Hel\", \"lo B\", \"ob, how a\", \"re you\", \"?\\n\"",
		    "append what each recv() returns after what you have, until the '\\n' arrives");
	pthread_join(writer, NULL);
	close(sv[0]);
	close(sv[1]);
}

CHECK(recv_line, returns_two_lines_that_arrived_together_one_at_a_time, 3, "recv_line returns two lines that arrived in one piece one at a time")
{
	char buf[64];
	int sv[2];
	ssize_t n;

	socket_pair(sv);
	put(sv[1], "first line\nsecond line\n", 23);
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "first line", 11, NOT_LONGER, "the first of \"first line\\nsecond line\\n\"",
		    "stop at the first '\\n': the bytes after it belong to the next line");
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "second line", 12, ANY_LENGTH, "the second of \"first line\\nsecond line\\n\"",
		    "the first call must not swallow the next line: read one byte at a time, or keep the extra bytes for the next call");
	close(sv[0]);
	close(sv[1]);
}

CHECK(recv_line, returns_zero_at_end_of_file, 1, "recv_line returns 0 when the other side has closed the connection")
{
	char buf[64];
	int sv[2];
	ssize_t n;

	socket_pair(sv);
	put(sv[1], "last words\n", 11);
	shutdown(sv[1], SHUT_WR);
	watch_fd = sv[0];
	n = receive(sv[0], buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "last words", 11, ANY_LENGTH, "\"last words\\n\" before the end of file",
		    "store the bytes before the '\\n', then a NUL");
	n = receive(sv[0], buf, sizeof(buf));
	expect(n == 0, "recv_line() did not report the end of file", "0", sl_fmt("%zd, with %s stored", n, shown(buf, (ssize_t)strnlen(buf, sizeof(buf)))),
	       "recv() returns 0 when the other side has closed: return 0 then (unless part of a line came first)");
	close(sv[0]);
	close(sv[1]);
}

CHECK(recv_line, returns_minus_one_on_error, 1, "recv_line returns -1 when the connection is reset")
{
	uint16_t port = 0;
	int listenfd = sl_listen_loopback(&port), theirs = sl_connect_loopback(port), ours;
	struct linger reset_on_close = { 1, 0 };
	struct timeval two_seconds = { 2, 0 };
	char buf[64];
	ssize_t n;

	ours = accept(listenfd, NULL, NULL);
	cr_assert(ours >= 0, "the check could not set up a loopback connection");
	setsockopt(ours, SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof(two_seconds));
	put(theirs, "hello\n", 6);
	n = receive(ours, buf, sizeof(buf));
	expect_line(n, buf, sizeof(buf), "hello", 6, ANY_LENGTH, "\"hello\\n\"", "store the bytes before the '\\n', then a NUL");
	setsockopt(theirs, SOL_SOCKET, SO_LINGER, &reset_on_close, sizeof(reset_on_close));
	close(theirs);
	n = receive(ours, buf, sizeof(buf));
	expect(n == -1, "recv_line() did not report a reset connection", "-1 with errno ECONNRESET",
	       sl_fmt("%zd with errno %s", n, sl_errno_name(errno)),
	       "when recv() returns -1 (other than EINTR), return -1: 0 would mean a clean end of file");
	close(ours);
	close(listenfd);
}

/* A buffer of size bytes followed by guard bytes that recv_line() must leave alone. */
struct guarded {
	char buf[8];
	unsigned char guard[56];
};

static void expect_guard_intact(const struct guarded *g, const char *what)
{
	size_t i = 0;

	while (i < sizeof(g->guard) && g->guard[i] == 0xA5)
		i++;
	expect(i == sizeof(g->guard), sl_fmt("recv_line() wrote past the end of the buffer on %s", what),
	       "nothing written after the 8-byte buffer",
	       sl_fmt("byte %zu after the buffer overwritten", i),
	       "store at most size - 1 characters and the NUL: check the length before each store");
}

CHECK(recv_line, never_writes_past_the_buffer, 2, "recv_line never writes past the buffer and always ends it with a NUL")
{
	struct guarded g;
	int sv[2], more[2];
	ssize_t n;

	/* Each line on a connection of its own, so a slip on one does not spill into the other. */
	socket_pair(sv);
	socket_pair(more);
	put(sv[1], "1234567\n", 8);
	put(more[1], "0123456789abcdef\n", 17);
	memset(g.guard, 0xA5, sizeof(g.guard));
	n = receive(sv[0], g.buf, sizeof(g.buf));
	expect_guard_intact(&g, "a 7-character line with an 8-byte buffer");
	expect(n > 0 && memchr(g.buf, '\0', sizeof(g.buf)) && strcmp(g.buf, "1234567") == 0,
	       "recv_line() did not store a 7-character line in an 8-byte buffer",
	       "\"1234567\", NUL-terminated, and a positive length",
	       sl_fmt("%zd, with %s stored", n, shown(g.buf, (ssize_t)strnlen(g.buf, sizeof(g.buf)))),
	       n == -1 && errno == ENOSYS ? RECV_ENOSYS : "7 characters and the NUL fill an 8-byte buffer exactly");
	n = receive(more[0], g.buf, sizeof(g.buf));
	expect_guard_intact(&g, "a 16-character line with an 8-byte buffer");
	expect(n > 0 && memchr(g.buf, '\0', sizeof(g.buf)) && strcmp(g.buf, "0123456") == 0,
	       "recv_line() did not keep the first 7 characters of a line longer than its buffer",
	       "\"0123456\", NUL-terminated, and a positive length",
	       sl_fmt("%zd, with %s stored", n, shown(g.buf, (ssize_t)strnlen(g.buf, sizeof(g.buf)))),
	       n == -1 && errno == ENOSYS ? RECV_ENOSYS : "keep size - 1 characters and the NUL; what does not fit is dropped (or left for the next call)");
	close(sv[0]);
	close(sv[1]);
	close(more[0]);
	close(more[1]);
}

CHECK(recv_line, handles_a_10_kB_line_as_documented, 2, "recv_line cuts a 10 kB line to its buffer and then returns the next line")
{
	static char line[10001];
	char buf[64];
	size_t kept, pieces = 0;
	int sv[2];
	ssize_t n;

	for (size_t i = 0; i < 10000; i++)
		line[i] = (char)('0' + i % 10);
	line[10000] = '\n';
	socket_pair(sv);
	put(sv[1], line, sizeof(line));
	put(sv[1], "next\n", 5);
	n = receive(sv[0], buf, sizeof(buf));
	expect(n > 0 && memchr(buf, '\0', sizeof(buf)) && strlen(buf) == 63 && memcmp(buf, line, 63) == 0,
	       "recv_line() did not keep the start of a 10 000-character line in a 64-byte buffer",
	       "its first 63 characters, NUL-terminated, and a positive length",
	       sl_fmt("%zd, with %s stored", n, shown(buf, (ssize_t)strnlen(buf, sizeof(buf)))),
	       n == -1 && errno == ENOSYS ? RECV_ENOSYS : "keep size - 1 characters and the NUL");
	/*
	 * The skeleton documents cutting the line (the rest is read and dropped); returning it in
	 * pieces of size - 1 characters is accepted too: the pieces must then be the line, in order.
	 */
	kept = 63;
	while ((n = receive(sv[0], buf, sizeof(buf))) > 0 && strcmp(buf, "next") != 0 && pieces++ < 200) {
		size_t len = strnlen(buf, sizeof(buf));

		expect(kept + len <= 10000 && memcmp(line + kept, buf, len) == 0,
		       "after a cut 10 000-character line, recv_line() returned bytes that are neither the next line nor the rest of that one",
		       "\"next\" (the rest of the long line dropped), or the rest of the long line in pieces",
		       shown(buf, (ssize_t)len), "after the cut, read and drop bytes up to and including the '\\n'");
		kept += len;
	}
	expect(n > 0 && strcmp(buf, "next") == 0, "after a 10 000-character line, recv_line() did not return the next line",
	       "\"next\"", n > 0 ? shown(buf, (ssize_t)strnlen(buf, sizeof(buf))) : sl_fmt("%zd with errno %s", n, sl_errno_name(errno)),
	       "after keeping size - 1 characters, go on reading up to the '\\n' and drop those bytes");
	close(sv[0]);
	close(sv[1]);
}
