/*
 * CORRECT VARIANT: other wording and habits: a banner on stderr, the client's address as
 * ip:port in the middle of a sentence, a return value of -1 from handle_client only logged.
 *
 * Echo lab - the echo server.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"

int main(int argc, char *argv[])
{
	struct sockaddr_in from;
	socklen_t fromlen;
	uint16_t port = ECHO_PORT;
	int lfd, cfd, served = 0;

	if (argc == 2 && parse_port(argv[1], &port) < 0) {
		fprintf(stderr, "bad port: %s\n", argv[1]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = open_listenfd(port);
	if (lfd < 0) {
		perror("cannot listen");
		return 1;
	}
	fprintf(stderr, "*** Echo Server v1.0 *** (port %d)\r\n", port);
	while (1) {
		fromlen = sizeof from;
		cfd = accept(lfd, (struct sockaddr *)&from, &fromlen);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		served++;
		printf("[#%d] New connection: %s:%d, echoing...\r\n", served,
		       inet_ntoa(from.sin_addr), ntohs(from.sin_port));
		if (handle_client(cfd) < 0)
			fprintf(stderr, "[#%d] client error: %s\n", served, errno == EPIPE ? "gone" : "reset");
		close(cfd);
	}
}
