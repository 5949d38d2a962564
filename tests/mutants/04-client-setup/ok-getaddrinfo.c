/*
 * CORRECT VARIANT: the skeleton's functions written differently: getline() and a loop that
 * trims the line ending, getaddrinfo() in both resolve_host() and open_clientfd() (numeric
 * host, numeric service), other wording, a prompt ending in a newline, errors on stdout.
 */
#define _GNU_SOURCE
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

int read_hostname(FILE *in, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, in);

	if (n <= 0) {
		free(line);
		return -1;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 0 || len == 0) {
		free(line);
		return -1;
	}
	snprintf(buf, len, "%s", line);
	free(line);
	return 0;
}

int resolve_host(const char *hostname, char *ip, size_t iplen)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *list;
	struct in_addr addr;

	if (getaddrinfo(hostname, NULL, &hints, &list))
		return -1;
	addr = ((struct sockaddr_in *)list->ai_addr)->sin_addr;
	freeaddrinfo(list);
	snprintf(ip, iplen, "%s", inet_ntoa(addr));
	return 0;
}

int open_clientfd(const char *ip, uint16_t port)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV }, *list, *p;
	char service[8];
	int fd = -1, err = 0;

	snprintf(service, sizeof(service), "%u", port);
	if (getaddrinfo(ip, service, &hints, &list)) {
		errno = EINVAL;
		return -1;
	}
	for (p = list; p; p = p->ai_next) {
		if ((fd = socket(p->ai_family, p->ai_socktype, p->ai_protocol)) < 0) {
			err = errno;
			continue;
		}
		if (connect(fd, p->ai_addr, p->ai_addrlen) == 0)
			break;
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(list);
	if (fd < 0)
		errno = err;
	return fd;
}

int main(int argc, char **argv)
{
	char name[128], ip[32];
	int fd;

	if (argc == 2) {
		snprintf(name, sizeof(name), "%s", argv[1]);
	} else {
		puts("Which server?");
		if (read_hostname(stdin, name, sizeof(name))) {
			puts("Nothing to connect to, bye.");
			exit(EXIT_FAILURE);
		}
	}
	if (resolve_host(name, ip, sizeof(ip))) {
		printf("Sorry, %s does not resolve.\n", name);
		exit(EXIT_FAILURE);
	}
	printf("[%s] -> [%s]\n", name, ip);
	fd = open_clientfd(ip, 8784);
	if (fd < 0) {
		printf("Could not reach %s:8784 (%s)\n", ip, strerror(errno));
		exit(EXIT_FAILURE);
	}
	printf("OK, talking to %s now.\n", ip);
	close(fd);
	return EXIT_SUCCESS;
}
