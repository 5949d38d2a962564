/*
 * Lab 06 - turn-taking chat with a delimiter: the code the server and the client share.
 *
 * Your room: this file, and the TODO(student) blocks of server.c and client.c. Keep the
 * function names and signatures of chat.h: the grader calls send_all() and recv_line()
 * directly. `make grade LAB=06` tells you how you are doing.
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
	/*
	 * TODO(student): call send() until all len bytes are sent. send() returns how many bytes
	 * it took, which may be fewer than asked: move buf on by that many and send the rest.
	 * If send() returns -1, return -1 (errno tells why); if the error is EINTR (a signal
	 * came first), just try again. Return 0 when every byte is sent.
	 * Read: man 2 send.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

ssize_t recv_line(int fd, char *buf, size_t size)
{
	/*
	 * TODO(student): receive up to and including the next '\n' (see chat.h for the whole
	 * contract). The simplest way that is always right: recv() one byte at a time, so no byte
	 * of the next line is ever taken from the socket. For each byte: '\n' ends the line;
	 * otherwise store it if there is room (at most size - 1 characters: keep one byte for the
	 * NUL), else drop it. Count every byte received, the '\n' too, and return that count.
	 * recv() returning 0 means the other side closed: return 0 if no byte of this line came
	 * yet. recv() returning -1 means an error: return -1 (try again on EINTR).
	 * Always end what you stored with '\0'.
	 * Read: man 2 recv.
	 */
	(void)fd;
	(void)buf;
	(void)size;
	errno = ENOSYS;
	return -1;
}

enum chat_end chat_turns(int fd, int speak_first, const char *peer_name)
{
	/*
	 * TODO(student): take turns until one side stops (a small function per turn helps).
	 * - Our turn: read a line from standard input (fgets() into a buffer of CHAT_LINE_MAX
	 *   bytes, or getline()). At end of input return CHAT_INPUT_ENDED. Send the line with
	 *   its '\n' (add one if the last line has none): send_all(fd, line, strlen(line)) -
	 *   strlen, not sizeof, and not strlen + 1: the NUL is not part of the message.
	 * - Their turn: recv_line(fd, line, sizeof(line)). It returns 0 when they closed the
	 *   connection: return CHAT_PEER_LEFT. Otherwise print the line, e.g.
	 *   printf("%s: %s\n", peer_name, line).
	 * - Any failure: return CHAT_ERROR (errno tells why).
	 * The client speaks first (speak_first = 1), the server second (speak_first = 0).
	 * Read: man 3 fgets, man 3 getline.
	 */
	(void)fd;
	(void)speak_first;
	(void)peer_name;
	errno = ENOSYS;
	return CHAT_ERROR;
}
