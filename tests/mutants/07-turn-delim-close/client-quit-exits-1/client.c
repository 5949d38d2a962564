/*
 * Lab 07 - closing a chat on purpose: the client (reference solution).
 *
 *   client HOSTNAME    (without it, asks for the hostname on standard input)
 *
 * Connects to the server on TCP port 8784 and chats in turns, the client first. Its user
 * types /quit to leave; the server may drop it (/dc). Either way it says so and exits 0.
 */
#define _POSIX_C_SOURCE 200809L
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"

/*
 * Returns a socket connected to host:port, -1 with errno set if no address could be
 * connected, or -2 if the lookup failed (printed here: getaddrinfo has its own error codes,
 * as in CS:APP's open_clientfd). (Lab 04.)
 */
static int open_clientfd(const char *host, const char *port)
{
	struct addrinfo hints, *list, *p;
	int fd = -1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &list)) != 0) {
		fprintf(stderr, "getaddrinfo: %s: %s\n", host, gai_strerror(rc));
		return -2;
	}
	for (p = list; p != NULL; p = p->ai_next) {
		if ((fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol)) == -1)
			continue;  /* try the next address */
		if (connect(fd, p->ai_addr, p->ai_addrlen) == 0)
			break;     /* connected */
		close(fd);
		fd = -1;
	}
	freeaddrinfo(list);
	return fd;
}

/* Reads the hostname from standard input into buf, without its newline. Returns 0 or -1. */
static int ask_hostname(char *buf, int size)
{
	printf("server hostname: ");
	fflush(stdout);
	if (fgets(buf, size, stdin) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] == '\0' ? -1 : 0;
}

int main(int argc, char **argv)
{
	char asked[256], port[8];
	const char *host = argv[1];
	enum chat_end end;
	int fd;

	/* A server that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		if (ask_hostname(asked, sizeof(asked)) == -1) {
			fprintf(stderr, "no hostname given\n");
			return 1;
		}
		host = asked;
	}
	snprintf(port, sizeof(port), "%d", CHAT_PORT);
	if ((fd = open_clientfd(host, port)) < 0) {
		if (fd == -1)
			perror("connect");
		return 1;
	}
	printf("connected to %s port %s: you speak first (type /quit to leave)\n", host, port);
	end = chat_turns(fd, 1, "/quit", "server");
	close(fd);
	switch (end) {
	case CHAT_ERROR:
		perror("chat");
		return 1;
	case CHAT_PEER_LEFT:
		printf("the server closed the connection\n");
		break;
	case CHAT_COMMAND:
		printf("you left the chat: goodbye\n");
		return 1;  /* bug: leaving on purpose is no failure */
	case CHAT_INPUT_ENDED:
		printf("end of input: goodbye\n");
		break;
	}
	return 0;
}
