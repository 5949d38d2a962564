/*
 * Golden-file fixture "correct": the reference solution of lab 03, frozen so that the golden
 * reports change only when the grader does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERVER_PORT 8784

/*
 * Returns a TCP socket bound to every interface (INADDR_ANY) on port and listening,
 * or -1 with errno set; nothing stays open on failure.
 */
int open_listenfd(uint16_t port)
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
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1)
		goto error;
	if (listen(fd, 16) == -1)
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
 * peer. Returns the connected socket, or -1 with errno set.
 */
int accept_client(int listenfd, char *peer, size_t peerlen)
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

	if ((listenfd = open_listenfd(SERVER_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("listening on port %d\n", SERVER_PORT);
	for (;;) {
		if ((connfd = accept_client(listenfd, peer, sizeof(peer))) == -1) {
			/* A client that vanished before we accepted it is not the server's failure. */
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		printf("client connected from %s\n", peer);
		close(connfd);
	}
}
