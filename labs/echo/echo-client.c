/*
 * Echo lab - the echo client.
 *
 *   echo-client <server-ip> <word> [port]
 *
 * Sends word to the echo server at server-ip:port (default ECHO_PORT, 7007), receives as many
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

	if (argc < 3 || argc > 4 || (argc == 4 && parse_port(argv[3], &port) == -1)) {
		fprintf(stderr, "usage: echo-client <server-ip> <word> [port]\n");
		return 2;
	}
	/*
	 * TODO(student):
	 * 1. fd = open_clientfd(argv[1], port); on failure print a message (errno EINVAL: the
	 *    address is not an IPv4 address; else perror("connect")) and return 1.
	 * 2. send_all() the word's strlen(argv[2]) bytes: its '\0' is not part of the message.
	 * 3. recv_exactly() as many bytes as you sent, into a buffer one byte longer (malloc).
	 *    Do not wait for the server to close: it waits for you. Fewer bytes than sent means
	 *    the server closed early: say so and return 1.
	 * 4. close(fd), then print what came back, ending the line with '\n'; return 0.
	 */
	(void)port;
	return 1;
}
