/*
 * Lab 07 - closing a chat on purpose (reference solution): the code both programs share.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "chat.h"

int send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, 0);

		if (n == -1) {
			if (errno == EINTR)  /* a signal came before any byte went: try again */
				continue;
			return -1;
		}
		/* The kernel may take fewer bytes than asked: send the rest next time round. */
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t recv_line(int fd, char *buf, size_t size)
{
	size_t stored = 0;
	ssize_t taken = 0;
	char c;

	/* One byte at a time: no byte of the next line is ever taken from the socket. */
	for (;;) {
		ssize_t n = recv(fd, &c, 1, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)  /* end of file: a line cut short, or no line at all */
			break;
		taken++;
		if (c == '\n')
			break;
		if (stored + 1 < size)  /* keep room for the NUL; past it, bytes are dropped */
			buf[stored++] = c;
	}
	if (size > 0)
		buf[stored] = '\0';
	return taken;
}

int is_command(const char *line, const char *command)
{
	/* Bug: the line read keeps its '\n', so it never equals the command. */
	return strcmp(line, command) == 0;
}

/* What a turn returns when the chat goes on: none of enum chat_end's values. */
#define GO_ON 3

/* Whether errno says the other side has gone, rather than that something failed here. */
static int peer_gone(void)
{
	return errno == EPIPE || errno == ECONNRESET;
}

/*
 * Our turn: sends the next line of standard input. Returns GO_ON, CHAT_INPUT_ENDED,
 * CHAT_COMMAND, CHAT_PEER_LEFT or CHAT_ERROR.
 */
static int say_next_line(int fd, const char *command)
{
	static char *line;
	static size_t cap;
	ssize_t len = getline(&line, &cap, stdin);

	if (len == -1)
		return ferror(stdin) ? CHAT_ERROR : CHAT_INPUT_ENDED;
	if (is_command(line, command))
		return CHAT_COMMAND;  /* not sent: closing the connection says it all */
	/* A last line typed without Enter still ends with '\n' on the wire: it is the delimiter. */
	if (line[len - 1] != '\n') {
		char *longer = realloc(line, (size_t)len + 2);

		if (longer == NULL)
			return CHAT_ERROR;
		line = longer;
		cap = (size_t)len + 2;
		line[len++] = '\n';
		line[len] = '\0';
	}
	if (send_all(fd, line, (size_t)len) == -1)
		return peer_gone() ? CHAT_PEER_LEFT : CHAT_ERROR;
	return GO_ON;
}

/* Their turn: receives a line and prints it. Returns GO_ON, CHAT_PEER_LEFT or CHAT_ERROR. */
static int hear_next_line(int fd, const char *peer_name)
{
	char line[CHAT_LINE_MAX];
	ssize_t n = recv_line(fd, line, sizeof(line));

	if (n == 0 || (n == -1 && errno == ECONNRESET))
		return CHAT_PEER_LEFT;
	if (n == -1)
		return CHAT_ERROR;
	printf("%s: %s\n", peer_name, line);
	return GO_ON;
}

enum chat_end chat_turns(int fd, int speak_first, const char *command, const char *peer_name)
{
	int ours = speak_first;

	for (;;) {
		int rc = ours ? say_next_line(fd, command) : hear_next_line(fd, peer_name);

		if (rc != GO_ON)
			return (enum chat_end)rc;
		ours = !ours;
	}
}
