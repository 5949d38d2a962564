/*
 * Lab 08 - chatting without turns: the code the server and the client share.
 *
 * Your room: set_nonblocking(), pump_socket() and chat_loop() below, and the TODO(student)
 * blocks of server.c and client.c. send_all() and is_command() are given (labs 06 and 07).
 * Keep the function names and signatures of chat.h: the grader calls set_nonblocking() and
 * pump_socket() directly. `make grade LAB=08` tells you how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "chat.h"

int send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, 0);

		if (n == -1) {
			struct pollfd room = { fd, POLLOUT, 0 };

			if (errno == EINTR)
				continue;
			/* Non-blocking and the socket's buffer is full: wait until it has room. */
			if ((errno == EAGAIN || errno == EWOULDBLOCK) && poll(&room, 1, -1) >= 0)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int is_command(const char *line, const char *command)
{
	size_t len = strlen(command);

	if (strncmp(line, command, len) != 0)
		return 0;
	for (line += len; *line != '\0'; line++)
		if (!isspace((unsigned char)*line))
			return 0;
	return 1;
}

int set_nonblocking(int fd)
{
	/*
	 * TODO(student): read fd's flags with fcntl(fd, F_GETFL), then set them again with
	 * O_NONBLOCK added: fcntl(fd, F_SETFL, flags | O_NONBLOCK). Return 0, or -1 if either
	 * call fails. From then on recv() on fd never waits: with nothing to read it fails
	 * with EAGAIN (or EWOULDBLOCK).
	 * Read: man 2 fcntl (File status flags).
	 */
	(void)fd;
	errno = ENOSYS;
	return -1;
}

enum chat_end pump_socket(int fd, struct inbox *in, const char *peer_name)
{
	/*
	 * TODO(student): receive what has arrived, without waiting, and print whole lines.
	 * Loop: recv() into in->buf after the in->len bytes already there (at most
	 * sizeof(in->buf) - in->len bytes); add what came to in->len; then print every complete
	 * line in the buffer (up to a '\n', e.g. printf("%s: %.*s\n", peer_name, len, in->buf))
	 * and move what follows it to the front (memmove). A full buffer without '\n': print it
	 * as it is. Keep an unfinished line for the next call: TCP may deliver "Hel", then "lo\n".
	 * - recv() == -1 with EAGAIN or EWOULDBLOCK: nothing more has come yet: return
	 *   CHAT_GOES_ON (not an error, not the end);
	 * - recv() == 0, or -1 with ECONNRESET: the other side has gone: print what is left of a
	 *   line, then return CHAT_PEER_LEFT;
	 * - any other failure: CHAT_ERROR (on EINTR, try again).
	 * Read: man 2 recv (EAGAIN), man 3 memchr, man 3 memmove.
	 */
	(void)fd;
	(void)in;
	(void)peer_name;
	errno = ENOSYS;
	return CHAT_ERROR;
}

enum chat_end chat_loop(int fd, const char *command, const char *peer_name)
{
	/*
	 * TODO(student): chat without turns until one side stops.
	 * - Watch standard input and fd together: struct pollfd watched[2] =
	 *   { { STDIN_FILENO, POLLIN, 0 }, { fd, POLLIN, 0 } }; then poll(watched, 2, -1).
	 *   A timeout of -1 waits until something happens and costs no CPU; a loop that calls
	 *   recv() again and again without poll() keeps a core busy at 100%.
	 * - watched[1].revents != 0: pump_socket(fd, &in, peer_name) (one struct inbox kept for
	 *   the whole chat); anything but CHAT_GOES_ON ends the chat.
	 * - watched[0].revents != 0: read one line (getline()); at end of input return
	 *   CHAT_INPUT_ENDED; is_command(line, command): return CHAT_COMMAND; else send_all()
	 *   the line with its '\n' (EPIPE or ECONNRESET: return CHAT_PEER_LEFT).
	 * - poll() failing: try again on EINTR, else return CHAT_ERROR.
	 * Read: man 2 poll.
	 */
	(void)fd;
	(void)command;
	(void)peer_name;
	errno = ENOSYS;
	return CHAT_ERROR;
}
