/*
 * MUTANT: the client receives until the server closes, instead of counting the bytes: the
 * server waits for the client to close first, so with a real echo server both wait forever.
 *
 * Echo lab - the echo client (reference solution).
 *
 *   echo-client <server-ip> <word> [port]
 *
 * Sends word to the echo server at server-ip:port (default ECHO_PORT), receives as many
 * bytes as it sent, prints them and closes the connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "echo.h"

int main(int argc, char **argv)
{
	uint16_t port = ECHO_PORT;
	size_t len;
	ssize_t got;
	char *echo;
	int fd;

	if (argc < 3 || argc > 4 || (argc == 4 && parse_port(argv[3], &port) == -1)) {
		fprintf(stderr, "usage: echo-client <server-ip> <word> [port]\n");
		return 2;
	}
	if ((fd = open_clientfd(argv[1], port)) == -1) {
		if (errno == EINVAL)
			fprintf(stderr, "echo-client: '%s' is not an IPv4 address\n", argv[1]);
		else
			perror("connect");
		return 1;
	}
	/* The word's bytes only: the '\0' that ends it in memory is not part of the message. */
	len = strlen(argv[2]);
	if (send_all(fd, argv[2], len) == -1) {
		perror("send");
		close(fd);
		return 1;
	}
	if ((echo = malloc(len + 1)) == NULL) {
		perror("malloc");
		close(fd);
		return 1;
	}
	printf("received: ");
	while ((got = recv(fd, echo, len, 0)) > 0)
		fwrite(echo, 1, (size_t)got, stdout);
	printf("\n");
	close(fd);
	free(echo);
	return 0;
}
