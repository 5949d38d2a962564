/*
 * Echo lab - the functions the echo server and the echo client share.
 *
 * Your room: this file and echo-server.c, echo-client.c. Replace each TODO(student) block;
 * keep the function names and signatures, the grader calls them directly. `make grade
 * LAB=echo` tells you how you are doing.
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
	/*
	 * TODO(student): as in lab 03: socket(AF_INET, SOCK_STREAM, 0); SO_REUSEADDR; a struct
	 * sockaddr_in with htonl(INADDR_ANY) and htons(port); bind(); listen(). On any failure
	 * close the socket and return -1 (errno tells why).
	 * Read: man 2 socket, man 2 bind, man 2 listen, man 7 ip.
	 */
	(void)port;
	errno = ENOSYS;
	return -1;
}

/*
 * Returns a TCP socket connected to ip:port, ip being a dotted quad such as "127.0.0.1",
 * or -1 with errno set (EINVAL when ip is not an address); nothing stays open on failure.
 */
int open_clientfd(const char *ip, uint16_t port)
{
	/*
	 * TODO(student): fill a struct sockaddr_in (memset it to 0 first): AF_INET, htons(port),
	 * and sin_addr from inet_aton(ip, &addr.sin_addr). inet_aton() returns 0 for text that is
	 * not an address and sets no errno: then set errno = EINVAL and return -1. Then socket()
	 * and connect(); if connect() fails, close the socket and return -1, keeping connect()'s
	 * errno (close() may change it: save it first).
	 * Read: man 3 inet_aton, man 2 socket, man 2 connect.
	 */
	(void)ip;
	(void)port;
	errno = ENOSYS;
	return -1;
}

/*
 * Sends all len bytes of buf: send() may take fewer than asked. Returns len, or -1 with
 * errno set.
 */
ssize_t send_all(int fd, const void *buf, size_t len)
{
	/*
	 * TODO(student): loop: send(fd, what is left, how much is left, 0) until all len bytes
	 * are sent. send() returns how many bytes it took (maybe fewer than asked), or -1: then
	 * return -1 (retry only when errno is EINTR).
	 * Read: man 2 send.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

/*
 * Receives exactly len bytes into buf, however TCP splits them: recv() returns what has
 * arrived so far. Returns len, fewer when the peer closed first (0 if it sent nothing
 * more), or -1 with errno set.
 */
ssize_t recv_exactly(int fd, void *buf, size_t len)
{
	/*
	 * TODO(student): loop on recv(fd, (char *)buf + got, len - got, 0), adding what each call
	 * returns to got, until got == len. recv() returns 0 when the peer has closed: no more
	 * bytes will come, return got. It returns -1 on an error: return -1.
	 * Read: man 2 recv.
	 */
	(void)fd;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

/*
 * Echoes everything received on connfd back to it, until the client closes its side.
 * Returns 0 once the client has closed (recv() returned 0), or -1 with errno set when a
 * recv() or a send() fails. Leaves connfd open: the caller closes it.
 */
int handle_client(int connfd)
{
	/*
	 * TODO(student): loop: n = recv() into a buffer; 0 means the client has closed: return 0;
	 * -1 is an error: return -1; else send_all() those n bytes back (exactly n: the bytes
	 * may contain '\0', so no strlen()), returning -1 if it fails. Never exit() here: a
	 * failure with one client must not end the server.
	 * Read: man 2 recv, man 2 send.
	 */
	(void)connfd;
	errno = ENOSYS;
	return -1;
}

/*
 * Reads a port number (1-65535) from text into *port. Returns 0, or -1 when text is not
 * a port number. (Given: nothing to do here.)
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
