/*
 * CORRECT VARIANT: recv_line() returns a line longer than its buffer in pieces (the other
 * documented choice, no byte lost), and standard input is read with fgets() into a fixed
 * buffer, a long line sent piece after piece.
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

/* Receives one byte into c; returns 1, 0 at end of file, or -1. */
static int recv_byte(int fd, char *c, int flags)
{
	for (;;) {
		ssize_t n = recv(fd, c, 1, flags);

		if (n != -1 || errno != EINTR)
			return (int)n;
	}
}

ssize_t recv_line(int fd, char *buf, size_t size)
{
	size_t stored = 0;
	ssize_t taken = 0;
	char c;
	int n;

	/*
	 * A line longer than size - 1 comes back in pieces of size - 1 characters, no byte lost;
	 * a line that fills the buffer exactly still has its '\n' taken.
	 */
	while (stored + 1 < size) {
		if ((n = recv_byte(fd, &c, 0)) == -1)
			return -1;
		if (n == 0)
			break;
		taken++;
		if (c == '\n')
			goto end;
		buf[stored++] = c;
	}
	if (stored + 1 == size && recv_byte(fd, &c, MSG_PEEK) == 1 && c == '\n') {
		recv_byte(fd, &c, 0);
		taken++;
	}
end:
	buf[stored] = '\0';
	return taken;
}

/* Our turn: sends the next line of standard input, however long, in pieces of the buffer.
 * Returns 0, 1 at its end, or -1. */
static int say_next_line(int fd)
{
	char line[CHAT_LINE_MAX];
	size_t len;

	do {
		if (fgets(line, sizeof(line), stdin) == NULL)
			return ferror(stdin) ? -1 : 1;
		len = strlen(line);
		if (line[len - 1] != '\n' && feof(stdin))
			line[len++] = '\n';  /* the last line, typed without Enter */
		if (send_all(fd, line, len) == -1)
			return -1;
	} while (line[len - 1] != '\n');
	return 0;
}

/* Their turn: receives a line and prints it (a long one piece after piece). Returns 0, 1 if
 * they left, or -1. */
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
