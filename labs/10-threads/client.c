/*
 * Lab 10 - one server, many clients, a thread each: the client.
 *
 *   client HOSTNAME    (without it, asks for the hostname on standard input)
 *
 * Connects to the server on TCP port 8784 and chats without turns, with two threads: the
 * main one reads standard input and sends each line, the other receives and prints each line
 * as it comes. Its user types /quit to leave; when the server leaves, it says so and exits 0.
 *
 * Your room: receive_from_server(), send_typed_lines() and the TODO(student) block of main,
 * and chat.c. The connection code is given (it is lab 04's). `make grade LAB=10` tells you
 * how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Whether line, as read from standard input, is /quit (spaces and newline after it allowed). */
static int is_quit(const char *line)
{
	return strncmp(line, "/quit", 5) == 0 && line[5 + strspn(line + 5, " \t\r\n")] == '\0';
}

/*
 * The receiving thread: prints each line from the server as it comes; once the server has
 * gone, says so and ends the whole program (the main thread may be waiting on stdin).
 */
static void *receive_from_server(void *arg)
{
	/*
	 * TODO(student): arg points to the socket (an int that lives as long as the program):
	 * print_received_lines(fd, "server"); then print that the server left, and exit(0):
	 * exit() ends every thread, the main one blocked in getline() too.
	 */
	(void)arg;
	return NULL;
}

/* The main thread's part: sends each line typed until /quit or end of input. Returns 0 or -1. */
static int send_typed_lines(int fd)
{
	/*
	 * TODO(student): getline() each line of stdin; is_quit(): stop and return 0; else
	 * send_all() it with its '\n' (EPIPE or ECONNRESET: the server left, return 0; any
	 * other failure: -1). End of input: return 0.
	 */
	(void)fd;
	(void)is_quit;
	errno = ENOSYS;
	return -1;
}

int main(int argc, char **argv)
{
	static int fd;
	char asked[256], port[8];
	const char *host = argv[1];
	pthread_t receiver;
	int rc;

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
	 * TODO(student): start the receiving thread: pthread_create(&receiver, NULL,
	 * receive_from_server, &fd) (on failure, print strerror(rc) and return 1); this thread
	 * then sends what is typed (send_typed_lines). Two threads, no turns: each line
	 * received is printed at once, whatever the user is doing.
	 */
	(void)receiver;
	(void)receive_from_server;
	rc = send_typed_lines(fd);
	if (rc == -1)
		perror("send");
	printf("bye\n");
	close(fd);
	/* Returning from main ends the receiving thread too. */
	return rc == -1 ? 1 : 0;
}
