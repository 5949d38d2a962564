/*
 * Echo lab - the functions the echo server and the echo client share (reference solution).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"

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
 * Returns a TCP socket connected to ip:port, ip being a dotted quad such as "127.0.0.1",
 * or -1 with errno set (EINVAL when ip is not an address); nothing stays open on failure.
 */
int open_clientfd(const char *ip, uint16_t port)
{
	struct sockaddr_in addr;
	int fd, saved;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	/* inet_aton returns 0, and sets no errno, for text that is not an address. */
	if (inet_aton(ip, &addr.sin_addr) == 0) {
		errno = EINVAL;
		return -1;
	}
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/*
 * Sends all len bytes of buf: send() may take fewer than asked. Returns len, or -1 with
 * errno set.
 */
ssize_t send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t left = len;

	while (left > 0) {
		ssize_t n = send(fd, p, left, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return (ssize_t)len;
}

/*
 * Receives exactly len bytes into buf, however TCP splits them: recv() returns what has
 * arrived so far. Returns len, fewer when the peer closed first (0 if it sent nothing
 * more), or -1 with errno set.
 */
ssize_t recv_exactly(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, p + got, len - got, 0);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * Echoes everything received on connfd back to it, until the client closes its side.
 * Returns 0 once the client has closed (recv() returned 0), or -1 with errno set when a
 * recv() or a send() fails. Leaves connfd open: the caller closes it.
 */
int handle_client(int connfd)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = recv(connfd, buf, sizeof(buf), 0);
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (send_all(connfd, buf, (size_t)n) == -1)
			return -1;
	}
}

/*
 * Reads a port number (1-65535) from text into *port. Returns 0, or -1 when text is not
 * a port number.
 */
int parse_port(const char *text, uint16_t *port)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || value < 1 || value > 65535)
		return -1;
	*port = (uint16_t)value;
	return 0;
}
