/*
 * CORRECT VARIANT: written differently: recv_exactly() with MSG_WAITALL (which may still
 * return early, on a signal or the peer closing: hence the loop), handle_client() with
 * read()/write() and a small buffer, open_clientfd() with inet_pton(), errors through one
 * label.
 *
 * Echo lab - the functions the echo server and the echo client share.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"

int open_listenfd(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int s, on = 1, e;

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return -1;
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(s, 5) < 0)
		goto fail;
	return s;
fail:
	e = errno;
	close(s);
	errno = e;
	return -1;
}

int open_clientfd(const char *ip, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int s, e;

	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto fail;
	return s;
fail:
	e = errno;
	close(s);
	errno = e;
	return -1;
}

ssize_t send_all(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0 && errno != EINTR)
			return -1;
		if (n > 0)
			done += n;
	}
	return done;
}

ssize_t recv_exactly(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = recv(fd, (char *)buf + done, len - done, MSG_WAITALL);

		if (n < 0 && errno != EINTR)
			return -1;
		if (n == 0)
			return done;
		if (n > 0)
			done += n;
	}
	return done;
}

int handle_client(int connfd)
{
	char chunk[100];
	ssize_t n;

	while ((n = read(connfd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (send_all(connfd, chunk, n) < 0)
			return -1;
	}
	return 0;
}

int parse_port(const char *text, uint16_t *port)
{
	int value = atoi(text);

	if (value <= 0 || value > 65535)
		return -1;
	*port = value;
	return 0;
}
