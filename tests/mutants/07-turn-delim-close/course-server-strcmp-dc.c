/* Lab 07 mutant (course style): strcmp(s, "/dc") never matches the line fgets() read: it ends in '\n'. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main()
{
	int sockfd, clientfd, n;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	char s[1000];
	int one = 1;

	signal(SIGPIPE, SIG_IGN);
	sockfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&saddr, 0, sizeof(saddr));
	saddr.sin_family = AF_INET;
	saddr.sin_addr.s_addr = htonl(INADDR_ANY);
	saddr.sin_port = htons(8784);
	if (bind(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0) {
		perror("bind");
		return 1;
	}
	listen(sockfd, 5);
	printf("server is listening\n");
	while (1)
	{
		clen = sizeof(caddr);
		clientfd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
		printf("client %s connected\n", inet_ntoa(caddr.sin_addr));
		while (1) {
			memset(s, 0, sizeof(s));
			n = recv(clientfd, s, sizeof(s) - 1, 0);
			if (n <= 0) {
				printf("client disconnected\n");
				close(clientfd);
				break;
			}
			printf("client says: %s\n", s);
			printf("server> ");
			fflush(stdout);
			if (fgets(s, sizeof(s), stdin) == NULL) {
				close(clientfd);
				close(sockfd);
				return 0;
			}
			if (strcmp(s, "/dc") == 0) {
				close(clientfd);
				printf("you disconnected the client\n");
				break;
			}
			write(clientfd, s, strlen(s));
		}
	}
	close(sockfd);
	return 0;
}
