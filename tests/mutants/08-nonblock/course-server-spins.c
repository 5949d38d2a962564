/* Lab 08 mutant (course style): no poll(): both descriptors non-blocking, tried in a loop that never waits (100% of a core). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main()
{
	int sockfd, clientfd, n, one = 1;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	char s[1000];

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
	while (1) {
		clen = sizeof(caddr);
		clientfd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
		printf("client %s connected\n", inet_ntoa(caddr.sin_addr));
		fcntl(clientfd, F_SETFL, O_NONBLOCK);
		fcntl(0, F_SETFL, O_NONBLOCK);
		while (1) {
			/* Both descriptors non-blocking, tried again and again: a core at 100%. */
			memset(s, 0, sizeof(s));
			n = recv(clientfd, s, sizeof(s) - 1, 0);
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
				printf("client left\n");
				close(clientfd);
				break;
			}
			if (n > 0)
				printf("client: %s\n", s);
			n = read(0, s, sizeof(s) - 1);
			if (n > 0) {
				s[n] = '\0';
				if (strncmp(s, "/dc", 3) == 0) {
					printf("client dropped\n");
					close(clientfd);
					break;
				}
				write(clientfd, s, strlen(s));
			}
		}
	}
	close(sockfd);
	return 0;
}
