/*
 * Lab 08 - chatting without turns: the server.
 *
 * Listens on TCP port 8784 and chats with one client at a time, without turns: either side
 * types at any time. Its user types /dc to drop the client; a client may leave too (/quit).
 * Either way the server says so at once and waits for the next client; when its standard input
 * ends it exits.
 *
 * Your room: the TODO(student) block of main, and chat.c. The connection code is given (it is
 * lab 03's). `make grade LAB=08` tells you how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chat.h"

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
 * Accepts one connection on listenfd and writes the client's address as "a.b.c.d:port" into
 * peer. Returns the connected socket, or -1 with errno set. (Lab 03.)
 */
static int accept_client(int listenfd, char *peer, size_t peerlen)
{
	struct sockaddr_in addr;
	socklen_t addrlen = sizeof(addr);
	int fd;

	if ((fd = accept(listenfd, (struct sockaddr *)&addr, &addrlen)) == -1)
		return -1;
	snprintf(peer, peerlen, "%s:%u", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));
	return fd;
}

int main(void)
{
	char peer[32];
	int listenfd, connfd;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(CHAT_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("waiting for a client on port %d\n", CHAT_PORT);
	for (;;) {
		if ((connfd = accept_client(listenfd, peer, sizeof(peer))) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		printf("client %s connected (type /dc to drop it)\n", peer);
		/*
		 * TODO(student): make connfd non-blocking (set_nonblocking(); on failure perror(),
		 * close it and accept the next client), then chat_loop(connfd, "/dc", "client").
		 * Close connfd and act on how the chat ended, as in lab 07:
		 * - CHAT_PEER_LEFT: say that the client left, and wait for the next client;
		 * - CHAT_COMMAND: say that you disconnected it, and wait for the next client;
		 * - CHAT_INPUT_ENDED: say goodbye, close listenfd and return 0;
		 * - CHAT_ERROR: perror() it, and wait for the next client.
		 */
		close(connfd);
	}
}
