/*
 * Unit checks of lab 07: is_command() on the lines a user types, and chat_turns() ending a
 * conversation: on our user's command, and when the other side has left (end of file, a
 * reset, or gone while our user was typing).
 *
 * chat_turns() reads its standard input: each check gives it a pipe holding the lines typed,
 * closed after them, so an implementation that reads more than it should sees end of input
 * instead of waiting. Every socket it reads has a 2 s receive timeout, so one that waits for
 * bytes that never come fails fast instead of hanging.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "unit.h"

enum chat_end { CHAT_ERROR = -1, CHAT_INPUT_ENDED = 0, CHAT_PEER_LEFT = 1, CHAT_COMMAND = 2 };

int is_command(const char *line, const char *command);
enum chat_end chat_turns(int fd, int speak_first, const char *command, const char *peer_name);

static const char *end_name(int end)
{
	static const char *const names[] = { "CHAT_ERROR", "CHAT_INPUT_ENDED", "CHAT_PEER_LEFT", "CHAT_COMMAND" };

	return sl_enum_name(end, CHAT_ERROR, names, 4, "enum chat_end");
}

/* Standard input becomes a pipe holding text, then end of input. */
static void type_lines(const char *text)
{
	int p[2];

	cr_assert(pipe(p) == 0, "the check could not make a pipe");
	cr_assert(write(p[1], text, strlen(text)) == (ssize_t)strlen(text), "the check could not write its pipe");
	close(p[1]);
	dup2(p[0], STDIN_FILENO);
	close(p[0]);
	clearerr(stdin);
}

static void receive_timeout(int fd)
{
	struct timeval two_seconds = { 2, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof(two_seconds));
}

/* A connected socketpair; sv[0] is the student's end. */
static void socket_pair(int sv[2])
{
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	receive_timeout(sv[0]);
}

/* A loopback TCP connection (a reset needs TCP): *ours for the student, *theirs for the check. */
static void tcp_pair(int *ours, int *theirs)
{
	uint16_t port = 0;
	int listenfd = sl_listen_loopback(&port);

	*theirs = sl_connect_loopback(port);
	*ours = accept(listenfd, NULL, NULL);
	cr_assert(*ours >= 0 && *theirs >= 0, "the check could not set up a loopback connection");
	close(listenfd);
	receive_timeout(*ours);
}

static void reset(int fd)
{
	struct linger reset_on_close = { 1, 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset_on_close, sizeof(reset_on_close));
	close(fd);
}

/* What arrived on fd so far, C-escaped, for a report. */
static const char *arrived(int fd, char *buf, size_t size)
{
	ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static const char *hint_for_end(int got, int err)
{
	if (got == CHAT_ERROR && err == ENOSYS)
		return "chat_turns() still returns the skeleton's CHAT_ERROR/ENOSYS: implement it";
	if (got == CHAT_ERROR && err == ECONNRESET)
		return "a reset (ECONNRESET) means the other side has gone: return CHAT_PEER_LEFT, not CHAT_ERROR";
	if (got == CHAT_ERROR && err == EPIPE)
		return "send() failing with EPIPE means the other side has gone: return CHAT_PEER_LEFT, not CHAT_ERROR";
	if (got == CHAT_ERROR && (err == EAGAIN || err == EWOULDBLOCK))
		return "chat_turns() waited 2 s for a line: does it receive when it should read standard input?";
	return NULL;
}

CHECK(is_command, recognises_the_command, 2, "is_command recognises the command typed with or without its newline, and nothing else")
{
	static const char *yes[] = { "/quit\n", "/quit\r\n", "/quit", "/quit  \n" };
	static const char *no[] = { "/quitter\n", "say /quit\n", "/qui\n", "\n", "", "/dc\n" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		expect(is_command(yes[i], "/quit") == 1, "is_command() did not recognise the command",
		       sl_fmt("is_command(\"%s\", \"/quit\") == 1", yes[i][0] && yes[i][strlen(yes[i]) - 1] == '\n' ?
			      sl_fmt("%.*s\\n", (int)strcspn(yes[i], "\n"), yes[i]) : yes[i]),
		       sl_fmt("%d", is_command(yes[i], "/quit")),
		       "fgets() keeps the '\\n': compare the command's characters (strncmp), then allow only blanks after them");
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		expect(is_command(no[i], "/quit") == 0, "is_command() took another line for the command",
		       sl_fmt("is_command(\"%.*s%s\", \"/quit\") == 0", (int)strcspn(no[i], "\n"), no[i], strchr(no[i], '\n') ? "\\n" : ""),
		       sl_fmt("%d", is_command(no[i], "/quit")),
		       "the whole line must be the command: \"/quitter\" and \"say /quit\" are messages");
}

CHECK(chat_turns, returns_command_when_typed, 2, "chat_turns returns CHAT_COMMAND when our user types the command, and sends only the lines before it")
{
	char got[256];
	int sv[2], end, err;

	socket_pair(sv);
	type_lines("hello\n/quit\nnot this one\n");
	/* Their answer to our first line is already there when we ask for it. */
	cr_assert(write(sv[1], "hi there\n", 9) == 9, "the check could not write its socket");
	errno = 0;
	end = chat_turns(sv[0], 1, "/quit", "server");
	err = errno;
	arrived(sv[1], got, sizeof(got));
	expect(end == CHAT_COMMAND, "chat_turns() did not end on the command", "CHAT_COMMAND, after sending \"hello\\n\"",
	       sl_fmt("%s (errno %s); it sent \"%s\"", end_name(end), sl_errno_name(err), got),
	       hint_for_end(end, err) ?: "on our turn, test is_command(line, command) before sending the line: return CHAT_COMMAND then");
	expect(strcmp(got, "hello\n") == 0 || strcmp(got, "hello\n/quit\n") == 0,
	       "chat_turns() sent other bytes than the lines typed before the command",
	       "\"hello\\n\" (the command may follow it: \"/quit\\n\")", sl_fmt("\"%s\"", got),
	       "send each typed line with its '\\n', and stop at the command: nothing typed after it is sent");
	close(sv[0]);
	close(sv[1]);
}

CHECK(chat_turns, returns_peer_left_at_end_of_file, 1, "chat_turns returns CHAT_PEER_LEFT when the other side closes the connection")
{
	int sv[2], end, err;

	socket_pair(sv);
	type_lines("");
	close(sv[1]);
	errno = 0;
	end = chat_turns(sv[0], 0, "/dc", "client");
	err = errno;
	expect(end == CHAT_PEER_LEFT, "chat_turns() did not report that the other side left",
	       "CHAT_PEER_LEFT (recv() returned 0 on their turn)", sl_fmt("%s (errno %s)", end_name(end), sl_errno_name(err)),
	       hint_for_end(end, err) ?: end == CHAT_INPUT_ENDED ?
	       "the other side speaks first here (speak_first is 0): receive before reading standard input" :
	       "recv_line() returning 0 means the other side closed the connection: return CHAT_PEER_LEFT");
	close(sv[0]);
}

CHECK(chat_turns, returns_peer_left_on_a_reset, 1, "chat_turns returns CHAT_PEER_LEFT when the connection is reset")
{
	int ours, theirs, end, err;

	tcp_pair(&ours, &theirs);
	type_lines("");
	reset(theirs);
	errno = 0;
	end = chat_turns(ours, 0, "/dc", "client");
	err = errno;
	expect(end == CHAT_PEER_LEFT, "chat_turns() did not take a reset connection for the other side leaving",
	       "CHAT_PEER_LEFT (recv() failed with ECONNRESET on their turn)", sl_fmt("%s (errno %s)", end_name(end), sl_errno_name(err)),
	       hint_for_end(end, err) ?: "recv() failing with ECONNRESET means the other side has gone: return CHAT_PEER_LEFT");
	close(ours);
}

CHECK(chat_turns, returns_peer_left_when_gone_while_we_typed, 1, "chat_turns returns CHAT_PEER_LEFT when the other side has gone by the time our line is sent")
{
	int ours, theirs, end, err;

	/* A dead peer's reset makes send() fail: the check must not die of SIGPIPE meanwhile. */
	signal(SIGPIPE, SIG_IGN);
	tcp_pair(&ours, &theirs);
	type_lines("are you there?\nhello?\n");
	reset(theirs);
	errno = 0;
	end = chat_turns(ours, 1, "/quit", "server");
	err = errno;
	expect(end == CHAT_PEER_LEFT, "chat_turns() did not take a failed send to a departed peer for the other side leaving",
	       "CHAT_PEER_LEFT (send() failed with ECONNRESET or EPIPE, or recv() after it)",
	       sl_fmt("%s (errno %s)", end_name(end), sl_errno_name(err)),
	       hint_for_end(end, err) ?: "when send_all() fails with EPIPE or ECONNRESET, the other side has gone: return CHAT_PEER_LEFT");
	close(ours);
}
