/*
 * Lab 10 - one server, many clients, a thread each: the server.
 *
 * Listens on TCP port 8784 and serves every client that connects, all at once: each client
 * gets a thread of its own that prints its lines, tagged with the client's address. A line
 * typed on the server's standard input is sent to every connected client.
 *
 * Your room: read_console() and the TODO(student) blocks of main, and chat.c. The connection
 * code is given (it is lab 03's). `make grade LAB=10` tells you how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
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
	/*
	 * TODO(student): read each line of stdin (getline()) and client_list_broadcast() it to
	 * &clients; at end of input, free the line and return NULL (the server goes on serving).
	 */
	(void)unused;
	return NULL;
}

int main(void)
{
	int listenfd;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(CHAT_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("waiting for clients on port %d\n", CHAT_PORT);
	/*
	 * TODO(student): the main thread's work.
	 * - Start the standard input's thread: pthread_create(&t, NULL, read_console, NULL),
	 *   then pthread_detach(t) (nobody waits for it).
	 * - Then, for ever: connfd = accept_client(listenfd, tag, sizeof(tag)) (on EINTR or
	 *   ECONNABORTED try again; on another failure perror() and return 1); say that the
	 *   client connected; give it a thread of its own and go straight back to accept()
	 *   (the thread serves it, the main thread waits for the next client):
	 *   - malloc() a struct client (never one on main's stack, nor a variable of the loop:
	 *     the next accept() overwrites it while the thread still reads it); set its fd, its
	 *     tag and its list (&clients);
	 *   - client_list_add(&clients, connfd) (full: say so, free it, close connfd);
	 *   - pthread_create(&thread, NULL, serve_client, c), then pthread_detach(thread): a
	 *     detached thread's resources go back to the system when it ends, with nobody to
	 *     pthread_join() it. If pthread_create() fails: remove, free, close.
	 * Read: man 3 pthread_create, man 3 pthread_detach, man 3 pthread_mutex_lock.
	 */
	(void)accept_client;
	(void)read_console;
	(void)clients;
	close(listenfd);
	return 1;
}
