/*
 * Lab 06 mutant: recv_line() stores every byte of the line, however small the buffer.
 */
#define _POSIX_C_SOURCE 200809L
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

	/*
	 * One byte at a time: we never take a byte of the next line from the socket, so nothing
	 * needs keeping between calls. A chat line is short; a bulk transfer would read blocks
	 * into a buffer that lives across calls instead.
	 */
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
		buf[stored++] = c;
	}
	if (size > 0)
		buf[stored] = '\0';
	return taken;
}

/* Our turn: sends the next line of standard input. Returns 0, 1 at its end, or -1. */
static int say_next_line(int fd)
{
	static char *line;
	static size_t cap;
	ssize_t len = getline(&line, &cap, stdin);

	if (len == -1)
		return ferror(stdin) ? -1 : 1;
	/* A last line typed without Enter still ends with '\n' on the wire: it is the delimiter. */
	if (line[len - 1] != '\n') {
		char *longer = realloc(line, (size_t)len + 2);

		if (longer == NULL)
			return -1;
		line = longer;
		cap = (size_t)len + 2;
		line[len++] = '\n';
		line[len] = '\0';
	}
	return send_all(fd, line, (size_t)len);
}

/* Their turn: receives a line and prints it. Returns 0, 1 if they left, or -1. */
static int hear_next_line(int fd, const char *peer_name)
{
	char line[CHAT_LINE_MAX];
	ssize_t n = recv_line(fd, line, sizeof(line));

	if (n == 0 || (n == -1 && errno == ECONNRESET))
		return 1;
	if (n == -1)
		return -1;
	printf("%s: %s\n", peer_name, line);
	return 0;
}

enum chat_end chat_turns(int fd, int speak_first, const char *peer_name)
{
	int ours = speak_first;

	for (;;) {
		int rc = ours ? say_next_line(fd) : hear_next_line(fd, peer_name);

		if (rc == -1)
			return CHAT_ERROR;
		if (rc == 1)
			return ours ? CHAT_INPUT_ENDED : CHAT_PEER_LEFT;
		ours = !ours;
	}
}
