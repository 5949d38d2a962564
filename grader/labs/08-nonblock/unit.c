/*
 * Unit checks of lab 08: set_nonblocking() read back with fcntl(F_GETFL), and pump_socket()
 * receiving what has arrived on a non-blocking socket: whole lines printed, an unfinished one
 * kept for the next call, EAGAIN taken for "nothing more yet", the end of file and a reset for
 * the other side leaving. What pump_socket() prints is caught in a file standing in for stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"

#define CHAT_LINE_MAX 4096
enum chat_end { CHAT_ERROR = -1, CHAT_INPUT_ENDED = 0, CHAT_PEER_LEFT = 1, CHAT_COMMAND = 2, CHAT_GOES_ON = 3 };
struct inbox {
	char buf[CHAT_LINE_MAX];
	size_t len;
};

int set_nonblocking(int fd);
enum chat_end pump_socket(int fd, struct inbox *in, const char *peer_name);

static const char *end_name(int end)
{
	static const char *const names[] = { "CHAT_ERROR", "CHAT_INPUT_ENDED", "CHAT_PEER_LEFT", "CHAT_COMMAND",
		"CHAT_GOES_ON" };

	return sl_enum_name(end, CHAT_ERROR, names, 5, "enum chat_end");
}

/* A connected socketpair whose sv[0], the student's end, is made non-blocking by the check. */
static void nonblocking_pair(int sv[2])
{
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	cr_assert(fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK) == 0, "the check could not set O_NONBLOCK");
}

/* Calls pump_socket() with stdout caught: *printed gets what it printed (C-escaped for reports). */
static int pump(int fd, struct inbox *in, char *printed, size_t size)
{
	struct sl_caught caught;
	int end;

	sl_catch_stdout(&caught);
	end = pump_socket(fd, in, "peer");
	sl_release_stdout(&caught, printed, size);
	return end;
}

static const char *hint_for(int end, int err, const char *otherwise)
{
	if (end == CHAT_ERROR && err == ENOSYS)
		return "pump_socket() still returns the skeleton's CHAT_ERROR/ENOSYS: implement it";
	if (end == CHAT_ERROR && (err == EAGAIN || err == EWOULDBLOCK))
		return "recv() failing with EAGAIN (or EWOULDBLOCK) on a non-blocking socket only means nothing more has come yet: return CHAT_GOES_ON";
	if (end == CHAT_PEER_LEFT && (err == EAGAIN || err == EWOULDBLOCK))
		return "EAGAIN is not the end of the chat: only recv() == 0, or ECONNRESET, means the other side has gone";
	return otherwise;
}

CHECK(set_nonblocking, sets_o_nonblock, 2, "set_nonblocking makes a socket non-blocking (O_NONBLOCK, read back with F_GETFL)")
{
	int sv[2], rc, err, flags;

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	errno = 0;
	rc = set_nonblocking(sv[0]);
	err = errno;
	flags = fcntl(sv[0], F_GETFL);
	expect(rc == 0 && (flags & O_NONBLOCK), "set_nonblocking() did not make the socket non-blocking",
	       "0 returned, and O_NONBLOCK in fcntl(fd, F_GETFL)",
	       sl_fmt("%d returned (errno %s); O_NONBLOCK %s", rc, sl_errno_name(err), flags & O_NONBLOCK ? "set" : "not set"),
	       err == ENOSYS ? "set_nonblocking() still returns the skeleton's -1/ENOSYS: implement it" :
	       "fcntl(fd, F_SETFL, flags | O_NONBLOCK), with flags from fcntl(fd, F_GETFL); return 0");
	close(sv[0]);
	close(sv[1]);
}

CHECK(pump_socket, prints_the_lines_that_have_come, 2, "pump_socket prints every line that has arrived, and returns CHAT_GOES_ON at once when nothing more is there (EAGAIN)")
{
	struct inbox in = { .len = 0 };
	char printed[1024];
	int sv[2], end;

	nonblocking_pair(sv);
	sl_put(sv[1], "Hello Bob\nhow are you?\n");
	end = pump(sv[0], &in, printed, sizeof(printed));
	expect(end == CHAT_GOES_ON, "pump_socket() did not go on once it had received all there was",
	       "CHAT_GOES_ON (recv() then failed with EAGAIN: nothing more yet)", sl_fmt("%s (errno %s)", end_name(end), sl_errno_name(errno)),
	       hint_for(end, errno, "after the bytes that have come, recv() fails with EAGAIN: return CHAT_GOES_ON then"));
	expect(strstr(printed, "Hello Bob\n") && strstr(printed, "how are you?\n"),
	       "pump_socket() did not print both lines that had arrived together",
	       "a line holding \"Hello Bob\" and one holding \"how are you?\"", sl_fmt("\"%s\"", sl_newlines_shown(printed)),
	       "print every complete line in the buffer, each up to its '\\n', not only the first");
	end = pump(sv[0], &in, printed, sizeof(printed));
	expect(end == CHAT_GOES_ON && printed[0] == '\0', "pump_socket() did not return at once with nothing to receive",
	       "CHAT_GOES_ON, nothing printed", sl_fmt("%s (errno %s), printed \"%s\"", end_name(end), sl_errno_name(errno), sl_newlines_shown(printed)),
	       hint_for(end, errno, "with nothing there, recv() on a non-blocking socket fails with EAGAIN at once: return CHAT_GOES_ON"));
	close(sv[0]);
	close(sv[1]);
}

CHECK(pump_socket, keeps_an_unfinished_line, 2, "pump_socket keeps an unfinished line for the next call and prints it whole once its newline comes")
{
	struct inbox in = { .len = 0 };
	char printed[1024];
	int sv[2], end;

	nonblocking_pair(sv);
	sl_put(sv[1], "Hello ");
	end = pump(sv[0], &in, printed, sizeof(printed));
	expect(end == CHAT_GOES_ON && strstr(printed, "Hello") == NULL, "pump_socket() printed half a line",
	       "CHAT_GOES_ON, nothing printed yet: \"Hello \" has no '\\n'",
	       sl_fmt("%s (errno %s), printed \"%s\"", end_name(end), sl_errno_name(errno), sl_newlines_shown(printed)),
	       hint_for(end, errno, "keep the bytes of a line without its '\\n' in in->buf (in->len says how many) until the rest comes"));
	sl_put(sv[1], "Bob\n");
	end = pump(sv[0], &in, printed, sizeof(printed));
	expect(end == CHAT_GOES_ON && strstr(printed, "Hello Bob\n"), "pump_socket() did not print the line once its end came",
	       "a line holding \"Hello Bob\", then CHAT_GOES_ON",
	       sl_fmt("%s (errno %s), printed \"%s\"", end_name(end), sl_errno_name(errno), sl_newlines_shown(printed)),
	       hint_for(end, errno, "receive after the in->len bytes kept (in->buf + in->len), then print the whole line"));
	close(sv[0]);
	close(sv[1]);
}

CHECK(pump_socket, returns_peer_left, 1, "pump_socket returns CHAT_PEER_LEFT at end of file and when the connection is reset")
{
	struct inbox in = { .len = 0 };
	struct linger reset_on_close = { 1, 0 };
	uint16_t port = 0;
	char printed[1024];
	int sv[2], end, listenfd, ours, theirs;

	nonblocking_pair(sv);
	sl_put(sv[1], "bye\n");
	close(sv[1]);
	end = pump(sv[0], &in, printed, sizeof(printed));
	expect(end == CHAT_PEER_LEFT, "pump_socket() did not report the end of file",
	       "CHAT_PEER_LEFT (recv() returned 0), after printing \"bye\"",
	       sl_fmt("%s (errno %s), printed \"%s\"", end_name(end), sl_errno_name(errno), sl_newlines_shown(printed)),
	       hint_for(end, errno, "recv() returning 0 means the other side closed: return CHAT_PEER_LEFT"));
	close(sv[0]);
	listenfd = sl_listen_loopback(&port);
	theirs = sl_connect_loopback(port);
	ours = accept(listenfd, NULL, NULL);
	cr_assert(ours >= 0 && theirs >= 0, "the check could not set up a loopback connection");
	fcntl(ours, F_SETFL, fcntl(ours, F_GETFL) | O_NONBLOCK);
	setsockopt(theirs, SOL_SOCKET, SO_LINGER, &reset_on_close, sizeof(reset_on_close));
	close(theirs);
	in.len = 0;
	end = pump(ours, &in, printed, sizeof(printed));
	expect(end == CHAT_PEER_LEFT, "pump_socket() did not take a reset for the other side leaving",
	       "CHAT_PEER_LEFT (recv() failed with ECONNRESET)",
	       sl_fmt("%s (errno %s)", end_name(end), sl_errno_name(errno)),
	       hint_for(end, errno, "recv() failing with ECONNRESET means the other side has gone: return CHAT_PEER_LEFT"));
	close(ours);
	close(listenfd);
}
