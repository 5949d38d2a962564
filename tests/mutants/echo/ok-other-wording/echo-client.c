/*
 * CORRECT VARIANT: other wording: prints each piece as it arrives, between quotes, with
 * a prompt-like prefix and no trailing newline until the end; errors on stdout.
 *
 * Echo lab - the echo client.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "echo.h"

int main(int argc, char *argv[])
{
	uint16_t port = ECHO_PORT;
	char piece[4];
	size_t want, have = 0;
	int s;

	if (argc < 3) {
		printf("Usage: %s ip word [port]\n", argv[0]);
		return 1;
	}
	if (argc > 3)
		port = atoi(argv[3]);
	s = open_clientfd(argv[1], port);
	if (s < 0) {
		printf("Error: cannot reach %s:%d (%s)\n", argv[1], port, strerror(errno));
		return 1;
	}
	want = strlen(argv[2]);
	if (send_all(s, argv[2], want) < 0) {
		printf("Error: send\n");
		return 1;
	}
	printf("Server says: '");
	while (have < want) {
		size_t ask = want - have < sizeof piece ? want - have : sizeof piece;
		ssize_t n = recv(s, piece, ask, 0);

		if (n <= 0) {
			printf("'\nError: connection lost\n");
			return 1;
		}
		fwrite(piece, 1, n, stdout);
		have += n;
	}
	printf("'\n");
	close(s);
	return 0;
}
