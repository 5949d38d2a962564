/*
 * MUTANT: the server prints the address it listens on (0.0.0.0), not the client's.
 *
 * Echo lab - the echo server (reference solution).
 *
 *   echo-server [port]
 *
 * Serves one client after another on port (default ECHO_PORT): prints the client's address,
 * sends back every byte it receives until the client closes, closes, and waits for the next.
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
	/* A client that leaves in the middle of an echo makes send() fail with EPIPE: without
	 * this, the SIGPIPE that comes with it would end the whole server. */
	signal(SIGPIPE, SIG_IGN);
	if ((listenfd = open_listenfd(port)) == -1) {
		perror("open_listenfd");
		return 1;
	}
	printf("echo server listening on port %u\n", port);
	for (;;) {
		addrlen = sizeof(addr);
		if ((connfd = accept(listenfd, (struct sockaddr *)&addr, &addrlen)) == -1) {
			/* A client that vanished before we accepted it is not the server's failure. */
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		addrlen = sizeof(addr);
		getsockname(listenfd, (struct sockaddr *)&addr, &addrlen);
		printf("handling client %s\n", inet_ntoa(addr.sin_addr));
		/* A failure with one client is that client's: report it and serve the next. */
		if (handle_client(connfd) == -1)
			perror("echo");
		close(connfd);
	}
}
