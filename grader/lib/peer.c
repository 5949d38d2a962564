/*
 * peer - the grader's side of a loopback conversation.
 *
 *   peer connect HOST PORT [ACTION ... | -]
 *   peer listen  HOST PORT [ACTION ... | -]   (accepts one client, then runs the actions)
 *   peer crowd   HOST PORT N                  (N clients at once: see below)
 *   peer watch                                (reports connection attempts, until killed)
 *   peer netns                                (holds a network namespace, until killed)
 *   peer session PROGRAM [ARG...]             (runs PROGRAM in a session of its own)
 *   peer --netns PID MODE ...                 (any of these, in the network namespace of PID)
 *
 * Actions run in order on the connected socket:
 *   send=TEXT       send TEXT (C escapes \n \r \t \0 \\ \xHH are decoded)
 *   pause=MS        wait MS milliseconds (used to split a message across segments)
 *   line=MS         receive up to and including one '\n' within MS ms; echo it to stdout
 *   bytes=N,MS      receive exactly N bytes within MS ms; echo them to stdout
 *   drain=MS        receive until the other side closes, within MS ms; echo to stdout
 *   accepted=MS     wait until the server has accept()ed this connection (read from
 *                   /proc/net/tcp, so no data is exchanged)
 *   shutwr          shutdown(SHUT_WR): the other side sees end of file
 *   reset           close with an RST instead of a FIN (SO_LINGER 0)
 *   hold=MS         keep the connection open MS ms, or until the other side closes
 *   quiet           check, without waiting, that nothing has arrived: if bytes are waiting
 *                   they are received and echoed, and the action fails (status 5)
 *   consumed=MS     wait until the other side has read all we sent: its socket's receive
 *                   queue, read from /proc/net/tcp, is empty (so it has seen a partial message)
 *   echo=N,PAUSE,MS play an echo server: send back what arrives, N bytes per send() with
 *                   PAUSE ms between sends (TCP_NODELAY: each send() its own segment), until
 *                   the other side closes (done) or nothing arrives for MS ms (timeout);
 *                   what arrives is copied to stdout
 *   stream=N,MS     send N bytes of a fixed pattern (every byte value, NULs included) while
 *                   receiving at the same time, and check that the same N bytes come back;
 *                   timeout when nothing moves for MS ms, exit 5 on a wrong byte
 *   message=MS      receive one message, whether or not the sender ends it with '\n': up to
 *                   and including a '\n', or, for a sender that sends none, what arrived
 *                   once nothing more comes for MESSAGE_GAP_MS after its last byte; NUL bytes
 *                   before the message's first character (the tail of the previous one) are
 *                   received but start nothing; eof if the other side closes first
 *
 * Events go to stderr, one per line ("connected 127.0.0.1:40312", "eof", "timeout line").
 * Exit status: 0 all actions done, 2 connect/listen failed, 3 timed out, 4 the other side
 * closed before an action was satisfied, 5 data arrived that `quiet` said must not have, or
 * wrong bytes came back (stream), 1 usage or system error.
 *
 * Driven step by step: with the single action "-" the actions are read from stdin, one per
 * line, so a test can act between two of them (wait for the other program, look at it).
 * After each one a line goes to stderr: OUTCOME, ACTION, the number of bytes received during
 * it and those bytes (the first 8 KiB) C-escaped, tab-separated; OUTCOME is ok, timeout, eof,
 * unexpected or error (an unknown action). A failed step does not end the peer; end of stdin
 * does (exit status: the first failure's).
 *
 * crowd connects N clients one after another, each once the server has accept()ed the one
 * before (socket tables, as accepted=; up to CROWD_ACCEPT_MS each, CROWD_CONNECT_MS for each
 * connect()); it stops at the first not accepted in time. Then it sends "crowd-I\n" on client
 * I (1 to N), one after another, and holds every connection open until its stdin ends. It
 * reports "connected K of N", "accepted K of N" and "sent K of N" on stderr, one line each,
 * whatever K is, and exits 0 if all N got that far, 2 otherwise.
 *
 * watch prints "watching" once ready, then "syn ADDRESS:PORT" for every TCP connection attempt
 * (a SYN) made on the loopback interface of its network namespace, whether or not anything
 * listens there: it tells which address and port a program under test tried to reach. It
 * reads a packet socket, so it needs CAP_NET_RAW in the namespace, which the namespace's
 * creator has; it prints "watch failed: ..." and exits 2 where that is refused.
 *
 * netns moves into a network namespace of its own, brings its loopback up, renames itself
 * "sl-netns-ready" (the caller reads /proc/PID/comm to know it is ready) and waits to be
 * killed: the namespace lives as long as it does. One process where `unshare sh -c "ip link
 * set lo up && exec sleep infinity"` took four, for every check. It needs CAP_SYS_ADMIN: root,
 * or root of a user namespace; "netns failed: ..." and exit 2 otherwise.
 *
 * --netns PID first joins the network namespace of process PID (a check's `peer netns`), as
 * `nsenter --target PID --net` would, and session does what `setsid` does before it execs
 * PROGRAM (a new session and process group, which the caller kills as one): a check starts
 * each program, and talks to it, through one exec instead of the two or three of nsenter and
 * setsid. Joining needs CAP_SYS_ADMIN over that namespace, as nsenter does; "netns failed:
 * ..." and exit 2, or "session failed: ..." and exit 127, otherwise.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* 5: bytes that should not have come (quiet), or not the bytes sent (stream). */
enum { EXIT_USAGE = 1, EXIT_CONNECT = 2, EXIT_TIMEOUT = 3, EXIT_CLOSED = 4, EXIT_UNEXPECTED = 5,
       EXIT_MISMATCH = 5 };

/* What the current action received, for the step reports of the stdin-driven mode. */
enum { LOG_MAX = 8192 };
static char step_log[LOG_MAX];
static size_t step_got;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Decodes C escapes of src into dst; returns the decoded length. */
static size_t unescape(const char *src, char *dst)
{
	size_t n = 0;

	while (*src) {
		if (*src != '\\' || src[1] == '\0') {
			dst[n++] = *src++;
			continue;
		}
		src++;
		switch (*src) {
		case 'n': dst[n++] = '\n'; src++; break;
		case 'r': dst[n++] = '\r'; src++; break;
		case 't': dst[n++] = '\t'; src++; break;
		case '0': dst[n++] = '\0'; src++; break;
		case 'x': {
			char hex[3] = { 0 };

			strncpy(hex, src + 1, 2);
			dst[n++] = (char)strtol(hex, NULL, 16);
			src += 1 + strlen(hex);
			break;
		}
		default: dst[n++] = *src++; break;
		}
	}
	return n;
}

/* Echoes received bytes to stdout, and keeps the first of them for the step report. */
static void echo_received(const char *buf, size_t n)
{
	size_t keep = step_got < LOG_MAX ? LOG_MAX - step_got : 0;

	if (keep > 0)
		memcpy(step_log + step_got, buf, n < keep ? n : keep);
	step_got += n;
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
}

/* Sends all of buf; returns 0, or -1 with errno set. */
static int send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Receives into stdout until stop() says enough, the deadline passes or the peer closes.
 * Returns 0 when stop() was satisfied, EXIT_TIMEOUT, or EXIT_CLOSED.
 */
static int receive(int fd, long timeout_ms, int (*stop)(char c, size_t got, size_t want), size_t want)
{
	long deadline = now_ms() + timeout_ms;
	size_t got = 0;
	char c;

	if (stop && stop(0, 0, want) && want == 0)
		return 0;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			return EXIT_TIMEOUT;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		n = recv(fd, &c, 1, 0);
		if (n == 0)
			return EXIT_CLOSED;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return EXIT_CLOSED;
		}
		got++;
		echo_received(&c, 1);
		if (stop && stop(c, got, want))
			return 0;
	}
}

static int stop_at_newline(char c, size_t got, size_t want)
{
	(void)want;
	return got > 0 && c == '\n';
}

static int stop_at_count(char c, size_t got, size_t want)
{
	(void)c;
	return got >= want;
}

/* One row of /proc/net/tcp or tcp6: ports in host order, state, receive queue. */
struct socket_row {
	unsigned local_port, remote_port, state, rx_queue;
};

/*
 * Calls visit() on every row of the socket tables (/proc/net/tcp, then tcp6) of our network
 * namespace until it returns non-zero; returns that value, or 0.
 */
static int each_socket(int (*visit)(const struct socket_row *row, void *ctx), void *ctx)
{
	const char *tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	int stop = 0;

	for (size_t t = 0; t < 2 && !stop; t++) {
		FILE *f = fopen(tables[t], "r");
		char line[512];

		if (f == NULL)
			continue;
		while (!stop && fgets(line, sizeof(line), f)) {
			char local[64], remote[64];
			unsigned txq;
			struct socket_row row = { 0, 0, 0, 0 };
			char *colon;

			if (sscanf(line, " %*s %63s %63s %x %x:%x", local, remote, &row.state, &txq,
				   &row.rx_queue) != 5)
				continue;
			if ((colon = strrchr(local, ':')))
				row.local_port = (unsigned)strtoul(colon + 1, NULL, 16);
			if ((colon = strrchr(remote, ':')))
				row.remote_port = (unsigned)strtoul(colon + 1, NULL, 16);
			stop = visit(&row, ctx);
		}
		fclose(f);
	}
	return stop;
}

struct accept_probe {
	unsigned server_port, client_port;
	int server_side_seen, backlog;
};

static int visit_for_accept(const struct socket_row *row, void *ctx)
{
	struct accept_probe *p = ctx;

	if (row->local_port == p->server_port && row->state == TCP_LISTEN)
		p->backlog += (int)row->rx_queue;
	else if (row->local_port == p->server_port && row->remote_port == p->client_port)
		p->server_side_seen = 1;
	return 0;
}

/*
 * Whether the server has accept()ed our connection: the server side of it exists (it is
 * created when our ACK lands, in any state from then on) and the listener's backlog is empty.
 * Read from the socket tables, so no byte is exchanged.
 */
static int is_accepted(unsigned server_port, unsigned client_port)
{
	struct accept_probe probe = { server_port, client_port, 0, 0 };

	each_socket(visit_for_accept, &probe);
	return probe.server_side_seen && probe.backlog == 0;
}

/* The ports of the connection fd, ours and the other end's: 0, EXIT_USAGE if fd is no socket,
 * or EXIT_CLOSED if it is no longer connected. */
static int connection_ports(int fd, unsigned *ours, unsigned *theirs)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);

	if (getsockname(fd, (struct sockaddr *)&addr, &len) == -1)
		return EXIT_USAGE;
	*ours = ntohs(addr.sin_port);
	len = sizeof(addr);
	if (getpeername(fd, (struct sockaddr *)&addr, &len) == -1)
		return EXIT_CLOSED;
	*theirs = ntohs(addr.sin_port);
	return 0;
}

enum { NOT_YET = -1 };

/*
 * Asks state(ours, theirs), given the ports of the connection fd, every poll_ms until it
 * answers other than NOT_YET, and returns that answer; EXIT_TIMEOUT once timeout_ms have
 * passed, or what connection_ports says of a socket that is not connected.
 */
static int await_state(int fd, long timeout_ms, long poll_ms, int (*state)(unsigned, unsigned))
{
	unsigned ours, theirs;
	long deadline = now_ms() + timeout_ms;
	int rc = connection_ports(fd, &ours, &theirs);

	if (rc != 0)
		return rc;
	while ((rc = state(ours, theirs)) == NOT_YET) {
		if (now_ms() >= deadline)
			return EXIT_TIMEOUT;
		sleep_ms(poll_ms);
	}
	return rc;
}

/* 0 once the other end has accept()ed our connection. */
static int accepted_state(unsigned ours, unsigned theirs)
{
	return is_accepted(theirs, ours) ? 0 : NOT_YET;
}

struct queue_probe {
	unsigned local_port, remote_port;
	long queue;
};

static int visit_for_queue(const struct socket_row *row, void *ctx)
{
	struct queue_probe *p = ctx;

	if (row->state != TCP_LISTEN && row->local_port == p->remote_port &&
	    row->remote_port == p->local_port) {
		p->queue = (long)row->rx_queue;
		return 1;
	}
	return 0;
}

/*
 * The receive queue of the other end of our connection (local port remote_port, remote port
 * local_port) in the socket tables of our network namespace: bytes sent to it that it has not
 * read yet. Returns -1 if that socket is gone.
 */
static long other_side_queue(unsigned local_port, unsigned remote_port)
{
	struct queue_probe probe = { local_port, remote_port, -1 };

	each_socket(visit_for_queue, &probe);
	return probe.queue;
}

/* 0 once the other end has read all we sent; EXIT_CLOSED if its socket is gone. */
static int consumed_state(unsigned ours, unsigned theirs)
{
	long queue = other_side_queue(ours, theirs);

	return queue == -1 ? EXIT_CLOSED : queue == 0 ? 0 : NOT_YET;
}

/* Succeeds if nothing is waiting to be received; else receives and echoes what is. */
static int quiet(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char buf[4096];
	ssize_t n;
	size_t got = 0;

	if (poll(&p, 1, 0) <= 0)
		return 0;
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		echo_received(buf, (size_t)n);
		got += (size_t)n;
	}
	return got > 0 ? EXIT_UNEXPECTED : EXIT_CLOSED;
}

static int hold(int fd, long timeout_ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	long deadline = now_ms() + timeout_ms;

	for (;;) {
		long left = deadline - now_ms();

		if (left <= 0)
			return 0;
		if (poll(&p, 1, (int)left) > 0) {
			char buf[4096];
			ssize_t n = recv(fd, buf, sizeof(buf), 0);

			if (n <= 0)
				return EXIT_CLOSED;
			echo_received(buf, (size_t)n);
		}
	}
}

/* Byte i of the pattern stream= sends: every value, NULs included, in an order
 * that does not repeat every 256 bytes, so a lost or doubled piece shows. */
static unsigned char pattern_byte(size_t i)
{
	return (unsigned char)((uint32_t)(i * 2654435761u) >> 24);
}

static void fill_pattern(char *buf, size_t from, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)pattern_byte(from + i);
}

/*
 * Plays an echo server: sends back what arrives, chunk bytes per send() with pause_ms between
 * them, until the other side closes (0) or nothing arrives for idle_ms (EXIT_TIMEOUT); a
 * failed send() (the other side left before the whole echo) is EXIT_CLOSED.
 */
static int echo_back(int fd, size_t chunk, long pause_ms, long idle_ms)
{
	char buf[65536];
	size_t echoed = 0;
	int one = 1, rc = 0;

	if (chunk == 0)
		chunk = sizeof(buf);
	/* Each send() its own segment, so the other side's recv() sees the pieces. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (rc == 0) {
		struct pollfd p = { fd, POLLIN, 0 };
		int ready = poll(&p, 1, (int)idle_ms);
		ssize_t n;

		if (ready == -1 && errno == EINTR)
			continue;
		if (ready <= 0) {
			rc = ready == 0 ? EXIT_TIMEOUT : EXIT_USAGE;
			break;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 ? 0 : EXIT_CLOSED;
			break;
		}
		fwrite(buf, 1, (size_t)n, stdout);
		fflush(stdout);
		for (size_t off = 0; off < (size_t)n && rc == 0; off += chunk) {
			size_t len = (size_t)n - off < chunk ? (size_t)n - off : chunk;

			if (off > 0)
				sleep_ms(pause_ms);
			if (send_all(fd, buf + off, len) == -1)
				rc = EXIT_CLOSED;
			else
				echoed += len;
		}
	}
	fprintf(stderr, "echo: %zu bytes sent back\n", echoed);
	return rc;
}

/* Checks len received bytes against the pattern from byte from; reports the first wrong one. */
static int matches_pattern(const char *buf, size_t from, size_t len, size_t total)
{
	for (size_t i = 0; i < len; i++) {
		if (from + i >= total) {
			fprintf(stderr, "stream: more bytes came back than were sent (%zu)\n", total);
			return 0;
		}
		if ((unsigned char)buf[i] != pattern_byte(from + i)) {
			fprintf(stderr, "stream: byte %zu came back as 0x%02x, sent 0x%02x\n", from + i,
				(unsigned char)buf[i], pattern_byte(from + i));
			return 0;
		}
	}
	return 1;
}

/*
 * Sends total bytes of the pattern while receiving at the same time (so neither side's
 * buffers fill up and block both), checking that the same bytes come back in order.
 * Returns 0, EXIT_TIMEOUT when nothing moves for idle_ms, EXIT_CLOSED, or EXIT_MISMATCH.
 */
static int stream(int fd, size_t total, long idle_ms)
{
	static char out[65536], in[65536];
	size_t sent = 0, got = 0;
	long deadline = now_ms() + idle_ms;
	int rc = 0;

	while (got < total && rc == 0) {
		struct pollfd p = { fd, POLLIN | (sent < total ? POLLOUT : 0), 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			rc = EXIT_TIMEOUT;
			break;
		}
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		if (p.revents & POLLOUT) {
			size_t len = total - sent < sizeof(out) ? total - sent : sizeof(out);

			fill_pattern(out, sent, len);
			n = send(fd, out, len, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0) {
				sent += (size_t)n;
				deadline = now_ms() + idle_ms;
			} else if (n == -1 && errno != EAGAIN && errno != EINTR) {
				rc = EXIT_CLOSED;
			}
		}
		if (rc == 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
			n = recv(fd, in, sizeof(in), MSG_DONTWAIT);
			if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
				rc = EXIT_CLOSED;
			} else if (n > 0) {
				if (!matches_pattern(in, got, (size_t)n, total))
					rc = EXIT_MISMATCH;
				got += (size_t)n;
				deadline = now_ms() + idle_ms;
			}
		}
	}
	fprintf(stderr, "stream: sent %zu of %zu bytes, %zu came back\n", sent, total, got);
	return rc;
}

/*
 * One write() of the other side reaches us on loopback at once, in one piece: once its text
 * has begun, MESSAGE_GAP_MS without a byte means it has all come. Only a message without '\n'
 * waits for the gap (a '\n' ends a message at once), so the gap costs nothing to a sender
 * that ends its lines, and 150 ms is far above loopback's delivery time, even on a busy machine.
 */
enum { MESSAGE_GAP_MS = 150 };

/* message=MS (see the top comment): returns 0, EXIT_TIMEOUT, or EXIT_CLOSED. */
static int receive_message(int fd, long timeout_ms)
{
	long deadline = now_ms() + timeout_ms, last = 0;
	int begun = 0;
	char c;

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		long left = deadline - now_ms();
		ssize_t n;

		if (begun && MESSAGE_GAP_MS - (now_ms() - last) < left)
			left = MESSAGE_GAP_MS - (now_ms() - last);
		if (left <= 0)
			return begun ? 0 : EXIT_TIMEOUT;
		if (poll(&p, 1, (int)left) <= 0)
			continue;
		n = recv(fd, &c, 1, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return begun ? 0 : EXIT_CLOSED;
		echo_received(&c, 1);
		if (c == '\n')
			return 0;
		if (c != '\0')
			begun = 1;
		last = now_ms();
	}
}

static int run_action(int fd, const char *action)
{
	const char *arg = strchr(action, '=');
	size_t name_len = arg ? (size_t)(arg - action) : strlen(action);
	long ms = arg ? atol(arg + 1) : 0;
	int rc;

	if (arg)
		arg++;
#define IS(name) (name_len == strlen(name) && strncmp(action, name, name_len) == 0)
	if (IS("send") && arg) {
		char *buf = malloc(strlen(arg) + 1);
		size_t len = unescape(arg, buf);

		rc = send_all(fd, buf, len) == -1 ? EXIT_CLOSED : 0;
		free(buf);
		return rc;
	}
	if (IS("pause")) {
		sleep_ms(ms);
		return 0;
	}
	if (IS("line"))
		return receive(fd, ms, stop_at_newline, 0);
	if (IS("bytes") && arg && strchr(arg, ','))
		return receive(fd, atol(strchr(arg, ',') + 1), stop_at_count, (size_t)atol(arg));
	if (IS("drain")) {
		rc = receive(fd, ms, NULL, 0);
		return rc == EXIT_CLOSED ? 0 : rc;
	}
	if (IS("accepted"))
		return await_state(fd, ms, 5, accepted_state);
	if (IS("hold"))
		return hold(fd, ms);
	if (IS("quiet"))
		return quiet(fd);
	if (IS("consumed"))
		return await_state(fd, ms, 2, consumed_state);
	if (IS("echo") && arg) {
		long chunk = 0, pause = 0, idle = 0;

		if (sscanf(arg, "%ld,%ld,%ld", &chunk, &pause, &idle) != 3 || chunk < 0)
			goto unknown;
		return echo_back(fd, (size_t)chunk, pause, idle);
	}
	if (IS("message"))
		return receive_message(fd, ms);
	if (IS("stream") && arg && strchr(arg, ','))
		return stream(fd, (size_t)atol(arg), atol(strchr(arg, ',') + 1));
	if (IS("shutwr"))
		return shutdown(fd, SHUT_WR) == -1 ? EXIT_CLOSED : 0;
	if (IS("reset")) {
		struct linger lin = { 1, 0 };

		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
		return 0;
	}
#undef IS
unknown:
	fprintf(stderr, "peer: unknown action %s\n", action);
	return EXIT_USAGE;
}

static const char *outcome_word(int rc)
{
	switch (rc) {
	case 0: return "ok";
	case EXIT_TIMEOUT: return "timeout";
	case EXIT_CLOSED: return "eof";
	case EXIT_UNEXPECTED: return "unexpected";
	default: return "error";
	}
}

/* Writes bytes C-escaped, so a step report stays one line whatever was received. */
static void write_escaped(FILE *f, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		switch (c) {
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\0': fputs("\\0", f); break;
		case '\\': fputs("\\\\", f); break;
		default:
			if (c >= 0x20 && c < 0x7f)
				fputc(c, f);
			else
				fprintf(f, "\\x%02x", c);
		}
	}
}

/* Runs the actions read from stdin, one per line, reporting each on stderr (see above). */
static int run_steps(int fd)
{
	char *action = NULL;
	size_t size = 0;
	ssize_t len;
	int first_failure = 0;

	while ((len = getline(&action, &size, stdin)) != -1) {
		int rc;

		if (len > 0 && action[len - 1] == '\n')
			action[--len] = '\0';
		step_got = 0;
		rc = run_action(fd, action);
		fprintf(stderr, "%s\t%s\t%zu\t", outcome_word(rc), action, step_got);
		write_escaped(stderr, step_log, step_got < LOG_MAX ? step_got : LOG_MAX);
		fputc('\n', stderr);
		if (first_failure == 0)
			first_failure = rc;
	}
	free(action);
	return first_failure;
}

/*
 * Returns a socket connected to host:port, or -1 with errno set. With bound_ms above 0, a
 * connect() that takes longer fails with ETIMEDOUT (a server whose backlog is full drops the
 * SYN, and the kernel would try again for a minute).
 */
static int remote_connect(const char *host, unsigned port, long bound_ms)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	struct timeval bound = { bound_ms / 1000, (bound_ms % 1000) * 1000 };
	int fd;

	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	/* Linux bounds a blocking connect() by the send timeout (it then fails with EINPROGRESS). */
	if (bound_ms > 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof(bound));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1) {
		int saved = errno == EINPROGRESS ? ETIMEDOUT : errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Returns a listening socket on host:port, or -1 with errno set. */
static int local_listen(const char *host, unsigned port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd, one = 1;

	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 || listen(fd, 16) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * Prints "syn ADDRESS:PORT" if pkt (an IPv4 or IPv6 packet of len bytes) opens a TCP
 * connection: SYN set, ACK not (a SYN-ACK is the answer, not an attempt).
 */
static void report_syn(const unsigned char *pkt, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	const unsigned char *tcp;

	if (len >= 20 && pkt[0] >> 4 == 4 && pkt[9] == IPPROTO_TCP) {
		tcp = pkt + (pkt[0] & 0x0f) * 4;
		inet_ntop(AF_INET, pkt + 16, ip, sizeof(ip));
	} else if (len >= 40 && pkt[0] >> 4 == 6 && pkt[6] == IPPROTO_TCP) {
		tcp = pkt + 40;  /* no extension headers on a loopback SYN */
		ip[0] = '[';
		inet_ntop(AF_INET6, pkt + 24, ip + 1, sizeof(ip) - 2);
		strcat(ip, "]");
	} else {
		return;
	}
	if (tcp + 14 > pkt + len || (tcp[13] & 0x12) != 0x02)
		return;
	fprintf(stderr, "syn %s:%u\n", ip, (unsigned)(tcp[2] << 8 | tcp[3]));
}

/* Reports every connection attempt on the loopback interface until killed. */
static int watch_connects(void)
{
	struct sockaddr_ll lo = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	unsigned char pkt[256];
	int fd;

	lo.sll_ifindex = (int)if_nametoindex("lo");
	if ((fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL))) == -1 ||
	    bind(fd, (struct sockaddr *)&lo, sizeof(lo)) == -1) {
		fprintf(stderr, "watch failed: %s\n", strerror(errno));
		return EXIT_CONNECT;
	}
	fprintf(stderr, "watching\n");
	for (;;) {
		struct sockaddr_ll from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(fd, pkt, sizeof(pkt), MSG_TRUNC, (struct sockaddr *)&from, &fromlen);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "watch failed: %s\n", strerror(errno));
			return EXIT_USAGE;
		}
		/* Loopback shows each packet twice, leaving and arriving: count it once. */
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		report_syn(pkt, (size_t)n < sizeof(pkt) ? (size_t)n : sizeof(pkt));
	}
}

enum { CROWD_MAX = 512, CROWD_CONNECT_MS = 3000, CROWD_ACCEPT_MS = 2000 };

/* Whether the server has accept()ed the connected socket fd (see is_accepted). */
static int crowd_accepted(int fd, unsigned port)
{
	struct sockaddr_in self;
	socklen_t len = sizeof(self);

	return getsockname(fd, (struct sockaddr *)&self, &len) == 0 && is_accepted(port, ntohs(self.sin_port));
}

/*
 * Plays n clients of host:port at once (see the top comment). Each connects once the one
 * before it has been accepted: many connects at a time would overflow a small listen
 * backlog (listen(fd, 5) is common), and a SYN dropped there is retried only a second later.
 */
static int crowd(const char *host, unsigned port, int n)
{
	static int fds[CROWD_MAX];
	int connected = 0, accepted = 0, sent = 0;
	char c;

	if (n < 1 || n > CROWD_MAX) {
		fprintf(stderr, "peer: crowd of 1 to %d clients\n", CROWD_MAX);
		return EXIT_USAGE;
	}
	while (connected < n && (fds[connected] = remote_connect(host, port, CROWD_CONNECT_MS)) != -1) {
		long deadline = now_ms() + CROWD_ACCEPT_MS;

		connected++;
		while (!crowd_accepted(fds[connected - 1], port) && now_ms() < deadline)
			sleep_ms(2);
		if (!crowd_accepted(fds[connected - 1], port))
			break;
		accepted++;
	}
	if (connected < n && accepted == connected)
		fprintf(stderr, "connect %d failed: %s\n", connected + 1, strerror(errno));
	fprintf(stderr, "connected %d of %d\n", connected, n);
	fprintf(stderr, "accepted %d of %d\n", accepted, n);
	for (; sent < connected; sent++) {
		char line[32];
		int len = snprintf(line, sizeof(line), "crowd-%d\n", sent + 1);

		if (send_all(fds[sent], line, (size_t)len) == -1)
			break;
	}
	fprintf(stderr, "sent %d of %d\n", sent, n);
	/* Hold every connection until told to let go. */
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	for (int i = 0; i < connected; i++)
		close(fds[i]);
	return sent == n && accepted == n ? 0 : EXIT_CONNECT;
}

/* Holds a network namespace of its own, loopback up, until killed (see the top comment). */
static int hold_netns(void)
{
	struct ifreq lo = { .ifr_name = "lo" };
	int fd = -1;

	if (unshare(CLONE_NEWNET) == -1 || (fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    ioctl(fd, SIOCGIFFLAGS, &lo) == -1) {
		fprintf(stderr, "netns failed: %s\n", strerror(errno));
		return EXIT_CONNECT;
	}
	lo.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &lo) == -1) {
		fprintf(stderr, "netns failed: loopback: %s\n", strerror(errno));
		return EXIT_CONNECT;
	}
	close(fd);
	prctl(PR_SET_NAME, "sl-netns-ready");
	for (;;)
		pause();
}

/* Joins the network namespace of process pid (a decimal string). */
static int join_netns(const char *pid)
{
	char path[64];
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%s/ns/net", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = setns(fd, CLONE_NEWNET);
	close(fd);
	return rc;
}

/* Runs argv[0] in a new session; returns only if it cannot. */
static int run_in_session(char **argv)
{
	if (setsid() == -1)
		return -1;
	execvp(argv[0], argv);
	return -1;
}

static void print_endpoint(const char *event, int fd, int peer)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	char ip[INET_ADDRSTRLEN] = "?";

	if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&addr, &len) == 0)
		inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof(ip));
	fprintf(stderr, "%s %s:%u\n", event, ip, ntohs(addr.sin_port));
}

int main(int argc, char **argv)
{
	int fd, rc = 0;

	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc > 2 && strcmp(argv[1], "--netns") == 0) {
		if (join_netns(argv[2]) == -1) {
			fprintf(stderr, "netns failed: %s: %s\n", argv[2], strerror(errno));
			return EXIT_CONNECT;
		}
		argc -= 2;
		argv += 2;
	}
	if (argc > 2 && strcmp(argv[1], "session") == 0) {
		run_in_session(argv + 2);
		fprintf(stderr, "session failed: %s: %s\n", argv[2], strerror(errno));
		return 127;
	}
	if (argc == 2 && strcmp(argv[1], "watch") == 0)
		return watch_connects();
	if (argc == 2 && strcmp(argv[1], "netns") == 0)
		return hold_netns();
	if (argc == 5 && strcmp(argv[1], "crowd") == 0)
		return crowd(argv[2], (unsigned)atoi(argv[3]), atoi(argv[4]));
	if (argc < 4 || (strcmp(argv[1], "connect") != 0 && strcmp(argv[1], "listen") != 0)) {
		fprintf(stderr, "usage: peer connect|listen HOST PORT [ACTION ... | -] | peer crowd HOST PORT N | peer watch | peer netns | peer session PROGRAM [ARG...], each after an optional --netns PID\n");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "connect") == 0) {
		if ((fd = remote_connect(argv[2], (unsigned)atoi(argv[3]), 0)) == -1) {
			fprintf(stderr, "connect failed: %s\n", strerror(errno));
			return EXIT_CONNECT;
		}
		print_endpoint("connected", fd, 0);
	} else {
		int lfd = local_listen(argv[2], (unsigned)atoi(argv[3]));

		if (lfd == -1) {
			fprintf(stderr, "listen failed: %s\n", strerror(errno));
			return EXIT_CONNECT;
		}
		fprintf(stderr, "listening\n");
		if ((fd = accept(lfd, NULL, NULL)) == -1) {
			fprintf(stderr, "accept failed: %s\n", strerror(errno));
			return EXIT_CONNECT;
		}
		close(lfd);
		print_endpoint("accepted", fd, 1);
	}
	if (argc == 5 && strcmp(argv[4], "-") == 0) {
		rc = run_steps(fd);
		close(fd);
		return rc;
	}
	for (int i = 4; i < argc && rc == 0; i++) {
		rc = run_action(fd, argv[i]);
		if (rc == EXIT_TIMEOUT)
			fprintf(stderr, "timeout %s\n", argv[i]);
		else if (rc == EXIT_CLOSED)
			fprintf(stderr, "eof %s\n", argv[i]);
		else if (rc == EXIT_MISMATCH)
			fprintf(stderr, "mismatch %s\n", argv[i]);
	}
	close(fd);
	return rc;
}
