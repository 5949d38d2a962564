/*
 * CORRECT VARIANT: the skeleton's functions as in the slides: read_hostname() with a getc()
 * loop, resolve_host() with gethostbyname() and inet_ntoa(), errors on stdout, the success
 * message on stderr, and main returning -1 (exit status 255) on every failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int read_hostname(FILE *in, char *buf, size_t len)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF && c != '\n')
		if (c != '\r' && n + 1 < len)
			buf[n++] = (char)c;
	if (len > 0)
		buf[n] = '\0';
	if (n == 0)
		return -1;
	return 0;
}

int resolve_host(const char *hostname, char *ip, size_t iplen)
{
	struct hostent *he = gethostbyname(hostname);

	if (he == NULL || he->h_addrtype != AF_INET)
		return -1;
	strncpy(ip, inet_ntoa(*(struct in_addr *)he->h_addr_list[0]), iplen - 1);
	ip[iplen - 1] = '\0';
	return 0;
}

int open_clientfd(const char *ip, uint16_t port)
{
	struct sockaddr_in sa;
	int sock, e;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = inet_addr(ip);
	sock = socket(AF_INET, SOCK_STREAM, 0);
	if (sock < 0)
		return -1;
	if (connect(sock, (struct sockaddr *)&sa, sizeof sa) < 0) {
		e = errno;
		close(sock);
		errno = e;
		return -1;
	}
	return sock;
}

int main(int argc, char **argv)
{
	char host[200], ip[20];
	int sock;

	if (argc > 1) {
		strncpy(host, argv[1], sizeof host - 1);
		host[sizeof host - 1] = '\0';
	} else {
		printf("host> ");
		if (read_hostname(stdin, host, sizeof host) < 0) {
			printf("\nerror: no host name\n");
			return -1;
		}
	}
	if (resolve_host(host, ip, sizeof ip) < 0) {
		printf("error: %s: unknown host\n", host);
		return -1;
	}
	printf("address: %s\n", ip);
	sock = open_clientfd(ip, 8784);
	if (sock < 0) {
		printf("error: connect: %s\n", strerror(errno));
		return -1;
	}
	fprintf(stderr, "[info] connection to the server is up\n");
	close(sock);
	return 0;
}
