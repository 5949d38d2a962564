/*
 * Lab 05 - turn-taking chat: the turn loop the server and the client share.
 *
 * Your room: this file, and the TODO(student) blocks of server.c and client.c. Keep the
 * function name and signature of chat.h. `make grade LAB=05` tells you how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "chat.h"

enum chat_end chat_turns(int fd, int speak_first, const char *peer_name)
{
	/*
	 * TODO(student): take turns until one side stops (a small function per turn helps).
	 * - Our turn: read a line from standard input (fgets() into a buffer of CHAT_LINE_MAX
	 *   bytes). At end of input (fgets() returns NULL) return CHAT_INPUT_ENDED. Send the line
	 *   with one send(fd, line, strlen(line), 0): strlen, not sizeof(line), and not
	 *   strlen + 1: the NUL is not part of the message. Keeping its '\n' or not is yours.
	 * - Their turn: one recv(fd, msg, sizeof(msg) - 1, 0). It returns 0 when they closed the
	 *   connection: return CHAT_PEER_LEFT. Otherwise end the string (msg[n] = '\0') and print
	 *   it, e.g. printf("%s: %s\n", peer_name, msg).
	 * - Any failure: return CHAT_ERROR (errno tells why).
	 * The client speaks first (speak_first = 1), the server second (speak_first = 0).
	 * Read: man 2 send, man 2 recv, man 3 fgets.
	 */
	(void)fd;
	(void)speak_first;
	(void)peer_name;
	errno = ENOSYS;
	return CHAT_ERROR;
}
