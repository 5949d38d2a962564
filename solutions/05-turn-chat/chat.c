/*
 * Lab 05 - turn-taking chat: the turn loop the server and the client share (reference
 * solution). One send() and one recv() per turn, as the course's PW05 does.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "chat.h"

/* Our turn: sends the next line of standard input. Returns 0, 1 at its end, or -1. */
static int say_next_line(int fd)
{
	char line[CHAT_LINE_MAX];

	if (fgets(line, sizeof(line), stdin) == NULL)
		return ferror(stdin) ? -1 : 1;
	/* strlen, not sizeof nor strlen + 1: the NUL is not part of the message. */
	return send(fd, line, strlen(line), 0) == -1 ? -1 : 0;
}

/* Their turn: receives a message and prints it. Returns 0, 1 if they left, or -1. */
static int hear_next_message(int fd, const char *peer_name)
{
	char msg[CHAT_LINE_MAX];
	ssize_t n = recv(fd, msg, sizeof(msg) - 1, 0);

	if (n == 0 || (n == -1 && errno == ECONNRESET))
		return 1;
	if (n == -1)
		return -1;
	/* recv() does not end the string: do it, and drop the '\n' the sender may have kept. */
	msg[n] = '\0';
	msg[strcspn(msg, "\r\n")] = '\0';
	printf("%s: %s\n", peer_name, msg);
	return 0;
}

enum chat_end chat_turns(int fd, int speak_first, const char *peer_name)
{
	int ours = speak_first;

	for (;;) {
		int rc = ours ? say_next_line(fd) : hear_next_message(fd, peer_name);

		if (rc == -1)
			return CHAT_ERROR;
		if (rc == 1)
			return ours ? CHAT_INPUT_ENDED : CHAT_PEER_LEFT;
		ours = !ours;
	}
}
