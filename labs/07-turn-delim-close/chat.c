/*
 * Lab 07 - closing a chat on purpose: the code the server and the client share.
 *
 * Your room: is_command() and chat_turns() below, and the TODO(student) blocks of server.c
 * and client.c. send_all() and recv_line() are given: you wrote them in lab 06. Keep the
 * function names and signatures of chat.h: the grader calls is_command() and chat_turns()
 * directly. `make grade LAB=07` tells you how you are doing.
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
	/*
	 * TODO(student): return 1 if line is command ("/quit", "/dc") and nothing else but the
	 * '\n' that fgets() keeps, a '\r' before it, or spaces; else 0. strcmp(line, "/quit")
	 * alone never matches a line read by fgets(): it ends with "\n". Compare the first
	 * strlen(command) characters (strncmp), then check that only blanks follow (isspace).
	 * Read: man 3 strncmp, man 3 isspace.
	 */
	(void)line;
	(void)command;
	return 0;
}

enum chat_end chat_turns(int fd, int speak_first, const char *command, const char *peer_name)
{
	/*
	 * TODO(student): take turns until one side stops, as in lab 06, and end on purpose:
	 * - Our turn: read a line from standard input (getline() or fgets() into CHAT_LINE_MAX
	 *   bytes). At end of input return CHAT_INPUT_ENDED. If is_command(line, command),
	 *   return CHAT_COMMAND (sending the command first is allowed, not needed: closing the
	 *   connection tells the other side). Else send_all() the line with its '\n'; if that
	 *   fails with EPIPE or ECONNRESET the other side has gone: return CHAT_PEER_LEFT.
	 * - Their turn: recv_line(fd, line, sizeof(line)). 0 means they closed the connection,
	 *   -1 with errno ECONNRESET that they reset it: both return CHAT_PEER_LEFT. Otherwise
	 *   print the line, e.g. printf("%s: %s\n", peer_name, line).
	 * - Any other failure: return CHAT_ERROR (errno tells why).
	 * Read: man 2 recv (RETURN VALUE), man 2 send (EPIPE), man 3 getline.
	 */
	(void)fd;
	(void)speak_first;
	(void)command;
	(void)peer_name;
	errno = ENOSYS;
	return CHAT_ERROR;
}
