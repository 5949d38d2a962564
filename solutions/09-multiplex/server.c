/*
 * Lab 09 - one server, many clients at once (reference solution): the server.
 *
 * Listens on TCP port 8784 and serves every client at once from one loop: select() waits for
 * the listening socket (a new client), stdin (a line to send to everyone) and each client's
 * socket (bytes to print). Each line a client sends is printed tagged with its descriptor; a
 * client that leaves is dropped and the others go on. When stdin ends the server stops
 * watching it and goes on serving.
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

/*
 * Fills ready with the descriptors to watch: the listener, stdin while it is open, every
 * client. Returns the highest of them.
 */
static int watch_set(fd_set *ready, int listenfd, int stdin_open, const struct clients *set)
{
	int maxfd = listenfd;

	FD_ZERO(ready);
	FD_SET(listenfd, ready);
	if (stdin_open)
		FD_SET(STDIN_FILENO, ready);
	for (int i = 0; i < set->count; i++) {
		FD_SET(set->list[i].fd, ready);
		if (set->list[i].fd > maxfd)
			maxfd = set->list[i].fd;
	}
	return maxfd;
}

/* Accepts the waiting client and adds it to the set; a client beyond the set's room is refused. */
static void take_new_client(int listenfd, struct clients *set)
{
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);
	int fd = accept(listenfd, (struct sockaddr *)&addr, &addrlen);

	if (fd == -1)
		return;  /* the client gave up before we accepted it: nothing to do */
	/* select() handles descriptors below FD_SETSIZE only. */
	if (fd >= FD_SETSIZE || client_add(set, fd) == -1) {
		printf("too many clients: %s:%u refused\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
		close(fd);
		return;
	}
	printf("client %d connected from %s:%u\n", fd, inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
}

/* Reads a line typed on stdin and sends it to every client. Returns 0, or -1 at end of input. */
static int send_typed_line(struct clients *set)
{
	char line[CLIENT_LINE_MAX];

	if (fgets(line, sizeof(line), stdin) == NULL)
		return -1;
	printf("sent to %d client(s)\n", broadcast(set, line, strlen(line)));
	return 0;
}

/* Serves each client whose socket select() found readable; drops those that have gone. */
static void serve_clients(struct clients *set, const fd_set *ready)
{
	/* Backwards: client_remove() moves the last client into the freed place. */
	for (int i = set->count - 1; i >= 0; i--) {
		struct client *c = &set->list[i];
		enum client_state state;

		if (!FD_ISSET(c->fd, ready))
			continue;
		state = client_read(c);
		if (state == CLIENT_GOES_ON)
			continue;
		if (state == CLIENT_ERROR)
			perror("recv");  /* that client's trouble: drop it, serve the others */
		printf("client %d left\n", c->fd);
		client_remove(set, i);
	}
}

int main(void)
{
	static struct clients set;  /* static: about 100 KiB, better not on the stack */
	int listenfd, stdin_open = 1;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(SERVER_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("serving clients on port %d (lines typed here go to every client)\n", SERVER_PORT);
	for (;;) {
		fd_set ready;
		int maxfd = watch_set(&ready, listenfd, stdin_open, &set);

		/* No timeout: wait until a descriptor is ready, using no CPU meanwhile. */
		if (select(maxfd + 1, &ready, NULL, NULL, NULL) == -1) {
			if (errno == EINTR)
				continue;
			perror("select");
			return 1;
		}
		if (FD_ISSET(listenfd, &ready))
			take_new_client(listenfd, &set);
		if (stdin_open && FD_ISSET(STDIN_FILENO, &ready) && send_typed_line(&set) == -1)
			stdin_open = 0;  /* end of input: go on serving the clients */
		serve_clients(&set, &ready);
	}
}
