/* Lab 07 mutant (course style): sends sizeof(s): the line, then the rest of the buffer (NUL bytes). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct hostent *h;
	struct sockaddr_in saddr;
	int sockfd, n;
	char s[1000], host[256];

	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		printf("enter the server's name: ");
		scanf("%255s", host);
	} else {
		strcpy(host, argv[1]);
	}
	h = gethostbyname(host);
	if (h == NULL) {
		printf("unknown host\n");
		return 1;
	}
	sockfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&saddr, 0, sizeof(saddr));
	saddr.sin_family = AF_INET;
	memcpy(&saddr.sin_addr, h->h_addr_list[0], h->h_length);
	saddr.sin_port = htons(8784);
	if (connect(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0) {
		perror("connect");
		return 1;
	}
	printf("connected to %s\n", inet_ntoa(saddr.sin_addr));
	while (1) {
		printf("client> ");
		fflush(stdout);
		if (fgets(s, sizeof(s), stdin) == NULL)
			break;
		if (strncmp(s, "/quit", 5) == 0) {
			printf("bye\n");
			break;
		}
		write(sockfd, s, sizeof(s));
		memset(s, 0, sizeof(s));
		n = recv(sockfd, s, sizeof(s) - 1, 0);
		if (n <= 0) {
			printf("the server left\n");
			break;
		}
		printf("server says: %s\n", s);
	}
	close(sockfd);
	return 0;
}
