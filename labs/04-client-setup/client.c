/*
 * Lab 04 - client setup.
 *
 * Take the server's hostname from the command line, or ask for it on stdin; resolve it and
 * print its IPv4 address; connect to that address on TCP port 8784 and say so.
 *
 * Your room: this file. Replace each TODO(student) block; keep the function names and
 * signatures, the grader calls them directly. `make grade LAB=04` tells you how you are doing.
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
	/*
	 * TODO(student): fgets(buf, len, in) reads one line, never more than len - 1 characters,
	 * and returns NULL at end of input. It keeps the '\n' (and a '\r' before it, if the line
	 * came from Windows or telnet): cut the line there, e.g. buf[strcspn(buf, "\r\n")] = '\0'.
	 * An empty line is no hostname: return -1.
	 * Read: man 3 fgets, man 3 strcspn.
	 */
	(void)in;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

/*
 * Writes the first IPv4 address of hostname into ip (iplen bytes) as dotted decimal.
 * Returns 0, or -1 if the name cannot be resolved.
 */
int resolve_host(const char *hostname, char *ip, size_t iplen)
{
	/*
	 * TODO(student): getaddrinfo(hostname, NULL, &hints, &res) with hints.ai_family = AF_INET;
	 * the address is ((struct sockaddr_in *)res->ai_addr)->sin_addr. Turn it into text with
	 * inet_ntop(AF_INET, ...) into ip, then freeaddrinfo(res). (gethostbyname() from the
	 * slides works too: see the handout.) An unknown name: return -1, never use the result.
	 * Read: man 3 getaddrinfo, man 3 inet_ntop.
	 */
	(void)hostname;
	(void)ip;
	(void)iplen;
	errno = ENOSYS;
	return -1;
}

/*
 * Returns a TCP socket connected to ip (dotted decimal) on port, or -1 with errno set;
 * nothing stays open on failure.
 */
int open_clientfd(const char *ip, uint16_t port)
{
	/*
	 * TODO(student): fill a struct sockaddr_in: AF_INET, htons(port), and the address from
	 * inet_pton(AF_INET, ip, &addr.sin_addr); socket(AF_INET, SOCK_STREAM, 0); connect().
	 * If connect() fails, close the socket and return -1 with connect()'s errno (save it:
	 * close() may change it).
	 * Read: man 2 socket, man 2 connect, man 3 inet_pton, man 3 htons.
	 */
	(void)ip;
	(void)port;
	errno = ENOSYS;
	return -1;
}

int main(int argc, char **argv)
{
	char hostname[256], ip[INET_ADDRSTRLEN];
	int fd;

	/*
	 * TODO(student): the hostname is argv[1]; without one, print a prompt and
	 * read_hostname(stdin, hostname, sizeof(hostname)). Then resolve_host(), print the IP
	 * address, open_clientfd(ip, SERVER_PORT), print a line saying you are connected,
	 * close the socket and return 0.
	 * No hostname, an unknown host, a failed connection: a message on stderr and return 1.
	 */
	(void)argc;
	(void)argv;
	(void)hostname;
	(void)ip;
	(void)fd;
	return 1;
}
