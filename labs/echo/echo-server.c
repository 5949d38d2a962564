/*
 * Echo lab - the echo server.
 *
 *   echo-server [port]
 *
 * Serves one client after another on port (default ECHO_PORT, 7007): prints the client's
 * address, sends back every byte it receives until the client closes, closes, and waits for
 * the next client.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"

int main(int argc, char **argv)
{
	struct sockaddr_in addr;
	socklen_t addrlen;
	uint16_t port = ECHO_PORT;
	int listenfd, connfd;

	if (argc > 2 || (argc == 2 && parse_port(argv[1], &port) == -1)) {
		fprintf(stderr, "usage: echo-server [port]\n");
		return 2;
	}
	/*
	 * TODO(student): a client may leave before its echo is sent back; send() then fails with
	 * EPIPE, and the kernel also sends the SIGPIPE signal, whose default action ends the
	 * whole server. Ignore it: signal(SIGPIPE, SIG_IGN). Read: man 7 signal, man 2 send.
	 */
	if ((listenfd = open_listenfd(port)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("echo server listening on port %u\n", port);
	/*
	 * TODO(student): loop forever: addrlen = sizeof(addr); connfd = accept(listenfd,
	 * (struct sockaddr *)&addr, &addrlen) (on failure: perror() and return 1); print a line
	 * naming the client with inet_ntoa(addr.sin_addr), ending with '\n'; handle_client(connfd)
	 * (if it fails, perror() it and go on: that client's failure is not the server's);
	 * close(connfd).
	 * Read: man 2 accept, man 3 inet_ntoa.
	 */
	(void)addr;
	(void)addrlen;
	(void)connfd;
	close(listenfd);
	return 1;
}
