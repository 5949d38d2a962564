/*
 * Lab 08 - chatting without turns: the client.
 *
 *   client HOSTNAME    (without it, asks for the hostname on standard input)
 *
 * Connects to the server on TCP port 8784 and chats without turns: either side types at any
 * time. Its user types /quit to leave; the server may drop it (/dc). Either way it says so
 * and exits 0.
 *
 * Your room: the TODO(student) block of main, and chat.c. The connection code is given (it is
 * lab 04's). `make grade LAB=08` tells you how you are doing.
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
	printf("connected to %s port %s (type /quit to leave)\n", host, port);
	/*
	 * TODO(student): make fd non-blocking (set_nonblocking(); on failure perror() and return
	 * 1), then chat_loop(fd, "/quit", "server"). Close fd and act on how the chat ended, as
	 * in lab 07: CHAT_COMMAND, CHAT_PEER_LEFT and CHAT_INPUT_ENDED: say so and return 0;
	 * CHAT_ERROR: perror() it and return 1.
	 */
	close(fd);
	return 1;
}
