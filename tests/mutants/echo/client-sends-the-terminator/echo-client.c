/*
 * MUTANT: the client sends the word with its '\0' (strlen + 1 bytes) and expects as many back.
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
	len = strlen(argv[2]) + 1;
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
	/* The server does not close first: it waits for us. Count the bytes instead. */
	got = recv_exactly(fd, echo, len);
	close(fd);
	if (got == -1) {
		perror("recv");
		free(echo);
		return 1;
	}
	if ((size_t)got < len) {
		fprintf(stderr, "echo-client: the server closed after %zd of %zu bytes\n", got, len);
		free(echo);
		return 1;
	}
	echo[len] = '\0';
	printf("received: %s\n", echo);
	free(echo);
	return 0;
}
