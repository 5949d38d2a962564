/*
 * Lab 10 mutant: no thread per client: the main thread serves each client until it leaves, then accepts the next.
 *
 * Lab 10 - one server, many clients, a thread each: the server.
 *
 * Listens on TCP port 8784 and serves every client that connects, all at once: each client
 * gets a thread of its own that prints its lines, tagged with the client's address. A line
 * typed on the server's standard input is sent to every connected client.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"

static struct client_list clients = CLIENT_LIST_INIT;

/*
 * Returns a TCP socket bound to every interface (INADDR_ANY) on port and listening,
 * or -1 with errno set; nothing stays open on failure. (Lab 03.)
 */
static int open_listenfd(uint16_t port)
{
	struct sockaddr_in addr;
	int fd, saved, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	/* A restarted server can bind at once, even while old connections are in TIME_WAIT. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1)
		goto error;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_ANY);
	addr.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 || listen(fd, 64) == -1)
		goto error;
	return fd;
error:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Accepts one connection on listenfd and writes the client's address as "a.b.c.d:port" into
 * tag. Returns the connected socket, or -1 with errno set. (Lab 03.)
 */
static int accept_client(int listenfd, char *tag, size_t taglen)
{
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);
	int fd;

	if ((fd = accept(listenfd, (struct sockaddr *)&addr, &addrlen)) == -1)
		return -1;
	snprintf(tag, taglen, "%s:%u", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
	return fd;
}

/* The standard input's thread: sends each line typed to every client, until end of input. */
static void *read_console(void *unused)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	(void)unused;
	while ((len = getline(&line, &cap, stdin)) != -1)
		client_list_broadcast(&clients, line, (size_t)len);
	free(line);
	return NULL;
}

/* Gives the client c a thread of its own, detached: nobody joins it, it frees itself. */
static int start_client_thread(struct client *c)
{
	pthread_t thread;
	int rc;

	(void)thread;
	(void)rc;
	serve_client(c);  /* the main thread serves the client until it leaves */
	return 0;
}

/* Takes the client on connfd in: into the list, then a thread of its own. Returns 0 or -1. */
static int welcome(int connfd, const char *tag)
{
	struct client *c = malloc(sizeof(*c));

	if (c == NULL)
		return -1;
	c->fd = connfd;
	c->list = &clients;
	snprintf(c->tag, sizeof(c->tag), "%s", tag);
	if (client_list_add(&clients, connfd) == -1) {
		free(c);
		return -1;
	}
	if (start_client_thread(c) == -1) {
		client_list_remove(&clients, connfd);
		free(c);
		return -1;
	}
	return 0;
}

int main(void)
{
	pthread_t console;
	char tag[32];
	int listenfd, connfd, rc;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(CHAT_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	if ((rc = pthread_create(&console, NULL, read_console, NULL)) != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(rc));
		return 1;
	}
	pthread_detach(console);
	printf("waiting for clients on port %d\n", CHAT_PORT);
	for (;;) {
		if ((connfd = accept_client(listenfd, tag, sizeof(tag))) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		printf("client %s connected\n", tag);
		if (welcome(connfd, tag) == -1) {
			fprintf(stderr, "client %s: %s\n", tag, strerror(errno));
			close(connfd);
		}
	}
}
