/*
 * Lab 04 - client setup (reference solution).
 *
 * Takes the server's hostname from the command line, or asks for it on stdin; resolves it and
 * prints its IPv4 address; connects to that address on TCP port 8784 and says so.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SERVER_PORT 8784

/*
 * Reads one line of in into buf (len bytes) and strips its line ending ("\n" or "\r\n").
 * Returns 0, or -1 at end of input or on an empty line.
 */
int read_hostname(FILE *in, char *buf, size_t len)
{
	int c;

	if (len < 2 || fgets(buf, (int)len, in) == NULL)
		return -1;
	/* A line longer than buf: drop the rest of it, or it would be read as the next line. */
	if (strchr(buf, '\n') == NULL)
		while ((c = getc(in)) != EOF && c != '\n')
			;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf[0] == '\0' ? -1 : 0;
}

/*
 * Writes the first IPv4 address of hostname into ip (iplen bytes) as dotted decimal.
 * Returns 0, or -1 if the name cannot be resolved.
 */
int resolve_host(const char *hostname, char *ip, size_t iplen)
{
	struct addrinfo hints, *res;
	struct sockaddr_in *addr;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;  /* the first IPv4 address, even where IPv6 comes first */
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(hostname, NULL, &hints, &res) != 0)
		return -1;
	addr = (struct sockaddr_in *)res->ai_addr;
	rc = inet_ntop(AF_INET, &addr->sin_addr, ip, (socklen_t)iplen) == NULL ? -1 : 0;
	freeaddrinfo(res);
	return rc;
}

/*
 * Returns a TCP socket connected to ip (dotted decimal) on port, or -1 with errno set;
 * nothing stays open on failure.
 */
int open_clientfd(const char *ip, uint16_t port)
{
	struct sockaddr_in addr;
	int fd, saved;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1) {
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

int main(int argc, char **argv)
{
	char hostname[256], ip[INET_ADDRSTRLEN];
	const char *name = argv[1];
	int fd;

	if (argc < 2) {
		/* No newline after the prompt: flush it, or it stays in stdout's buffer. */
		printf("server hostname: ");
		fflush(stdout);
		if (read_hostname(stdin, hostname, sizeof(hostname)) == -1) {
			fprintf(stderr, "no hostname given\n");
			return 1;
		}
		name = hostname;
	}
	if (resolve_host(name, ip, sizeof(ip)) == -1) {
		fprintf(stderr, "unknown host: %s\n", name);
		return 1;
	}
	printf("%s has address %s\n", name, ip);
	if ((fd = open_clientfd(ip, SERVER_PORT)) == -1) {
		fprintf(stderr, "connect to %s port %d failed: %s\n", ip, SERVER_PORT, strerror(errno));
		return 1;
	}
	printf("connected to %s port %d\n", ip, SERVER_PORT);
	close(fd);
	return 0;
}
