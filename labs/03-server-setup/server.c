/*
 * Lab 03 - server setup.
 *
 * Listen on TCP port 8784 on every interface and, for each client that connects, print a
 * line naming the client, close the connection and wait for the next one.
 *
 * Your room: this file. Replace each TODO(student) block; keep the function names and
 * signatures, the grader calls them directly. `make grade LAB=03` tells you how you are doing.
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
	/*
	 * TODO(student): socket(AF_INET, SOCK_STREAM, 0); set SO_REUSEADDR so a restarted server
	 * can bind at once; fill a struct sockaddr_in with INADDR_ANY and htons(port); bind();
	 * listen(). On any failure close the socket and return -1 (errno tells why).
	 * Read: man 2 socket, man 2 bind, man 2 listen, man 7 ip, man 3 htons.
	 */
	(void)port;
	errno = ENOSYS;
	return -1;
}

/*
 * Accepts one connection on listenfd and writes the client's address as "a.b.c.d:port" into
 * peer. Returns the connected socket, or -1 with errno set.
 */
int accept_client(int listenfd, char *peer, size_t peerlen)
{
	/*
	 * TODO(student): accept() into a struct sockaddr_in; format its address with inet_ntoa()
	 * and its port with ntohs() into peer using snprintf(peer, peerlen, ...).
	 * Read: man 2 accept, man 3 inet_ntoa, man 3 snprintf.
	 */
	(void)listenfd;
	(void)peer;
	(void)peerlen;
	errno = ENOSYS;
	return -1;
}

int main(void)
{
	char peer[32];
	int listenfd, connfd;

	if ((listenfd = open_listenfd(SERVER_PORT)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	/*
	 * TODO(student): loop forever: accept_client(); print a line naming the client (end it
	 * with '\n' so it shows at once); close the connection. If accept_client fails, perror()
	 * and return 1.
	 */
	(void)peer;
	(void)connfd;
	close(listenfd);
	return 1;
}
