/*
 * Lab 09 - one server, many clients at once: the server.
 *
 * Listens on TCP port 8784 and serves every client at once from one loop: select() waits for
 * the listening socket (a new client), stdin (a line to send to everyone) and each client's
 * socket (bytes to print). Each line a client sends is printed tagged with its descriptor; a
 * client that leaves is dropped and the others go on. When stdin ends the server stops
 * watching it and goes on serving.
 *
 * Your room: the TODO(student) block of main() (and any helper functions you want to add
 * above it). open_listenfd() is given (lab 03).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clients.h"

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
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 || listen(fd, 16) == -1)
		goto error;
	return fd;
error:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int main(void)
{
	static struct clients set;  /* static: about 100 KiB, better not on the stack */
	int listenfd;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(SERVER_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("serving clients on port %d (lines typed here go to every client)\n", SERVER_PORT);
	(void)set;
	for (;;) {
		/*
		 * TODO(student): serve every client at once, from this one loop.
		 * - Fill an fd_set with listenfd, STDIN_FILENO (while stdin is open) and every
		 *   client's socket (FD_ZERO, FD_SET); keep the highest descriptor.
		 * - select(maxfd + 1, &ready, NULL, NULL, NULL): with no timeout (NULL) it waits
		 *   until a descriptor is ready and costs no CPU. A zero timeout spins at 100%.
		 * - listenfd ready (FD_ISSET): accept() the new client and client_add() it (when
		 *   the set is full, or fd >= FD_SETSIZE, close it).
		 * - stdin ready: fgets() a line and broadcast() it, strlen(line) bytes; at end of
		 *   input stop watching stdin, and go on serving.
		 * - each client ready: client_read(); on CLIENT_LEFT or CLIENT_ERROR say so and
		 *   client_remove() it (going through the set backwards: the last client takes
		 *   the freed place).
		 * Read: man 2 select (and man 2 poll, its alternative), man 2 accept.
		 * Until then, this placeholder takes each client and closes it at once.
		 */
		int fd = accept(listenfd, NULL, NULL);

		if (fd >= 0)
			close(fd);
	}
}
