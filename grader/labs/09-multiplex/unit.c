/*
 * Unit checks of lab 09: the set of clients the server keeps (client_add, client_remove), one
 * client's bytes turned into printed lines (client_read: whole lines printed, an unfinished one
 * kept for the next call, the end of file and a reset taken for the client leaving) and a line
 * sent to every client (broadcast). Each client is one end of a socketpair; what client_read()
 * prints is caught in a file standing in for stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "unit.h"

/* As labs/09-multiplex/clients.h declares them. */
#define CLIENTS_MAX 100
#define CLIENT_LINE_MAX 1024
enum client_state { CLIENT_ERROR = -1, CLIENT_LEFT = 0, CLIENT_GOES_ON = 1 };
struct client {
	int fd;
	char buf[CLIENT_LINE_MAX];
	size_t len;
};
struct clients {
	struct client list[CLIENTS_MAX];
	int count;
};

int client_add(struct clients *set, int fd);
int client_remove(struct clients *set, int i);
enum client_state client_read(struct client *c);
int broadcast(struct clients *set, const char *buf, size_t len);

static struct clients set;  /* each check runs in a process of its own: it starts empty */

static const char *state_name(int state)
{
	switch (state) {
	case CLIENT_ERROR: return "CLIENT_ERROR";
	case CLIENT_LEFT: return "CLIENT_LEFT";
	case CLIENT_GOES_ON: return "CLIENT_GOES_ON";
	default: return sl_fmt("%d (none of enum client_state)", state);
	}
}

static const char *skeleton_hint(const char *function, int err, const char *otherwise)
{
	return err == ENOSYS ? sl_fmt("%s() still returns the skeleton's -1/ENOSYS: implement it", function) : otherwise;
}

/*
 * A connected socketpair: sv[0] is the server's end, sv[1] the client's. The server's end
 * gives up a recv() after 500 ms (SO_RCVTIMEO), so a client_read() that waits for more than
 * select() promised fails fast with EAGAIN instead of hanging the check.
 */
static void client_pair(int sv[2])
{
	struct timeval bound = { 0, 500000 };

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof(bound));
}

/* The client_read() checks' client: set.list[0] on a new pair (see client_pair), its buffer empty. */
static void first_client_on_pair(int sv[2])
{
	client_pair(sv);
	set.list[0].fd = sv[0];
	set.list[0].len = 0;
}

/* Calls client_read() with stdout caught: *printed gets what it printed. */
static int read_client(struct client *c, char *printed, size_t size)
{
	struct sl_caught caught;
	int state;

	sl_catch_stdout(&caught);
	state = client_read(c);
	sl_release_stdout(&caught, printed, size);
	return state;
}

static const char *read_hint(int state, int err, const char *otherwise)
{
	if (state == CLIENT_ERROR && err == ENOSYS)
		return "client_read() still returns the skeleton's CLIENT_ERROR/ENOSYS: implement it";
	if (err == EAGAIN || err == EWOULDBLOCK)
		return "client_read() waited for more bytes than had come (the check's recv() gave up after 500 ms): call recv() once, print the lines now whole, and keep the rest for the next call";
	return otherwise;
}

/*
 * Whether printed holds a line with first and, if second is not NULL, a later line with
 * second, each line ended by '\n' (the tag, before or after the text, is the student's).
 */
static int on_lines_of_their_own(const char *printed, const char *first, const char *second)
{
	const char *at = strstr(printed, first), *end;

	if (at == NULL || (end = strchr(at, '\n')) == NULL)
		return 0;
	return second == NULL || on_lines_of_their_own(end + 1, second, NULL);
}

/* Whether fd is closed. */
static int is_closed(int fd)
{
	return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

CHECK(client_add, keeps_the_client, 2, "client_add puts a new client at the end of the set, with an empty line buffer")
{
	int first, second;

	set.list[0].len = 77;  /* what a previous client left there */
	errno = 0;
	first = client_add(&set, 11);
	expect(first == 0 && set.count == 1 && set.list[0].fd == 11 && set.list[0].len == 0,
	       "client_add() did not keep the first client",
	       "0 returned; count 1; list[0].fd 11, list[0].len 0",
	       sl_fmt("%d returned (errno %s); count %d; list[0].fd %d, list[0].len %zu", first, sl_errno_name(errno),
		      set.count, set.list[0].fd, set.list[0].len),
	       skeleton_hint("client_add", errno, "store fd in list[count], set its len to 0, return count and add one to it"));
	second = client_add(&set, 12);
	expect(second == 1 && set.count == 2 && set.list[0].fd == 11 && set.list[1].fd == 12,
	       "client_add() did not keep a second client beside the first",
	       "1 returned; count 2; list[0].fd 11, list[1].fd 12",
	       sl_fmt("%d returned; count %d; list[0].fd %d, list[1].fd %d", second, set.count, set.list[0].fd, set.list[1].fd),
	       "add after the clients already there: list[count]");
}

CHECK(client_add, refuses_when_full, 1, "client_add refuses a client when the set is full (ENOSPC) and leaves the set as it was")
{
	int rc;

	for (int i = 0; i < CLIENTS_MAX; i++)
		set.list[i].fd = 100 + i;
	set.count = CLIENTS_MAX;
	errno = 0;
	rc = client_add(&set, 999);
	expect(rc == -1 && errno == ENOSPC && set.count == CLIENTS_MAX,
	       "client_add() did not refuse a client beyond CLIENTS_MAX",
	       sl_fmt("-1 returned with errno ENOSPC; count still %d", CLIENTS_MAX),
	       sl_fmt("%d returned (errno %s); count %d", rc, sl_errno_name(errno), set.count),
	       skeleton_hint("client_add", errno, "check count against CLIENTS_MAX before writing list[count]: past the end of the array is other memory"));
}

CHECK(client_remove, closes_and_forgets, 2, "client_remove closes the client's socket and takes it out of the set, keeping the others")
{
	int sv[3][2], rc, a, b;

	for (int i = 0; i < 3; i++) {
		cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) == 0, "socketpair failed");
		set.list[i].fd = sv[i][0];
		set.list[i].len = 0;
	}
	set.count = 3;
	errno = 0;
	rc = client_remove(&set, 1);
	expect(rc == 0 && set.count == 2, "client_remove() did not take the client out of the set",
	       "0 returned, count 2", sl_fmt("%d returned (errno %s), count %d", rc, sl_errno_name(errno), set.count),
	       skeleton_hint("client_remove", errno, "move the last client into the freed place (or shift the others down) and subtract one from count"));
	a = set.list[0].fd;
	b = set.list[1].fd;
	expect(((a == sv[0][0] && b == sv[2][0]) || (a == sv[2][0] && b == sv[0][0])),
	       "client_remove() did not keep the other clients",
	       sl_fmt("list[0] and list[1] holding descriptors %d and %d", sv[0][0], sv[2][0]),
	       sl_fmt("descriptors %d and %d", a, b), "keep every client but list[i]: the last one may take its place");
	expect(is_closed(sv[1][0]), "client_remove() did not close the client's socket",
	       sl_fmt("descriptor %d closed", sv[1][0]), sl_fmt("descriptor %d still open", sv[1][0]),
	       "close(list[i].fd) before forgetting it: an open socket the server no longer reads leaks a descriptor and keeps the connection half open (CLOSE_WAIT)");
}

CHECK(client_read, prints_each_whole_line, 2, "client_read prints every whole line received, without its newline in the middle of the text")
{
	char printed[2048];
	int sv[2], state;

	first_client_on_pair(sv);
	sl_put(sv[1], "hello there\nsecond line\n");
	state = read_client(&set.list[0], printed, sizeof(printed));
	expect(state == CLIENT_GOES_ON, "client_read() did not go on after receiving two lines",
	       "CLIENT_GOES_ON", sl_fmt("%s (errno %s)", state_name(state), sl_errno_name(errno)),
	       read_hint(state, errno, "return CLIENT_GOES_ON when recv() returned bytes"));
	expect(on_lines_of_their_own(printed, "hello there", "second line"),
	       "client_read() did not print both lines that came together",
	       "a line holding \"hello there\" and one holding \"second line\"", sl_fmt("\"%s\"", sl_newlines_shown(printed)),
	       "print every complete line in the client's buffer, each up to its '\\n' and ending with '\\n', not only the first");
	close(sv[0]);
	close(sv[1]);
}

CHECK(client_read, assembles_a_line_from_pieces, 2, "client_read keeps an unfinished line for the next call and prints it whole once its newline comes")
{
	char printed[2048];
	int sv[2], state;

	first_client_on_pair(sv);
	sl_put(sv[1], "hel");
	state = read_client(&set.list[0], printed, sizeof(printed));
	expect(state == CLIENT_GOES_ON && strstr(printed, "hel") == NULL, "client_read() printed half a line",
	       "CLIENT_GOES_ON, nothing printed yet: \"hel\" has no '\\n'",
	       sl_fmt("%s (errno %s), printed \"%s\"", state_name(state), sl_errno_name(errno), sl_newlines_shown(printed)),
	       read_hint(state, errno, "keep the bytes of a line without its '\\n' in c->buf (c->len says how many) until the rest comes"));
	sl_put(sv[1], "lo world\n");
	state = read_client(&set.list[0], printed, sizeof(printed));
	expect(state == CLIENT_GOES_ON && on_lines_of_their_own(printed, "hello world", NULL), "client_read() did not print the line once its end came",
	       "a line holding \"hello world\", then CLIENT_GOES_ON",
	       sl_fmt("%s (errno %s), printed \"%s\"", state_name(state), sl_errno_name(errno), sl_newlines_shown(printed)),
	       read_hint(state, errno, "receive after the c->len bytes kept (c->buf + c->len), then print the whole line"));
	close(sv[0]);
	close(sv[1]);
}

CHECK(client_read, returns_left_at_end_of_file_and_reset, 2, "client_read returns CLIENT_LEFT when the client closes its connection, and when it resets it")
{
	struct linger reset_on_close = { 1, 0 };
	uint16_t port = 0;
	char printed[2048];
	int sv[2], state = CLIENT_GOES_ON, listenfd, ours, theirs;

	first_client_on_pair(sv);
	sl_put(sv[1], "bye\n");
	close(sv[1]);
	/* The line may come with the end of file or before it: a few calls at most. */
	for (int i = 0; i < 3 && state == CLIENT_GOES_ON; i++)
		state = read_client(&set.list[0], printed, sizeof(printed));
	expect(state == CLIENT_LEFT, "client_read() did not report the end of file",
	       "CLIENT_LEFT (recv() returned 0)", sl_fmt("%s (errno %s)", state_name(state), sl_errno_name(errno)),
	       read_hint(state, errno, "recv() returning 0 means the client closed its connection: return CLIENT_LEFT"));
	close(sv[0]);
	listenfd = sl_listen_loopback(&port);
	theirs = sl_connect_loopback(port);
	ours = accept(listenfd, NULL, NULL);
	cr_assert(ours >= 0 && theirs >= 0, "the check could not set up a loopback connection");
	setsockopt(theirs, SOL_SOCKET, SO_LINGER, &reset_on_close, sizeof(reset_on_close));
	close(theirs);
	set.list[0].fd = ours;
	set.list[0].len = 0;
	state = read_client(&set.list[0], printed, sizeof(printed));
	expect(state == CLIENT_LEFT, "client_read() did not take a reset for the client leaving",
	       "CLIENT_LEFT (recv() failed with ECONNRESET)", sl_fmt("%s (errno %s)", state_name(state), sl_errno_name(errno)),
	       read_hint(state, errno, "recv() failing with ECONNRESET means the client has gone, as recv() == 0 does: return CLIENT_LEFT"));
	close(ours);
	close(listenfd);
}

CHECK(broadcast, sends_to_every_client, 2, "broadcast sends the line to every client, exactly its bytes")
{
	char got[64];
	int sv[3][2], reached;

	for (int i = 0; i < 3; i++) {
		cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) == 0, "socketpair failed");
		set.list[i].fd = sv[i][0];
		set.list[i].len = 0;
	}
	set.count = 3;
	errno = 0;
	reached = broadcast(&set, "hi all\n", 7);
	expect(reached == 3, "broadcast() did not say it reached the three clients", "3 returned",
	       sl_fmt("%d returned (errno %s)", reached, sl_errno_name(errno)),
	       skeleton_hint("broadcast", errno, "send() the len bytes to list[0] to list[count - 1], and count the clients reached"));
	for (int i = 0; i < 3; i++) {
		ssize_t n = recv(sv[i][1], got, sizeof(got) - 1, MSG_DONTWAIT);

		got[n > 0 ? n : 0] = '\0';
		expect(n == 7 && memcmp(got, "hi all\n", 7) == 0, sl_fmt("client %d did not receive the line, exactly", i + 1),
		       "\"hi all\\n\" (7 bytes)", sl_fmt("%zd bytes: \"%s\"", n, sl_newlines_shown(got)),
		       "send exactly the len bytes given, to every client of the set");
	}
}
