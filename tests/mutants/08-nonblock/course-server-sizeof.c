/* Lab 08 mutant (course style): sends sizeof(s): the line, then the rest of the buffer. */
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
		while (1) {
			struct pollfd fds[2] = { { 0, POLLIN, 0 }, { clientfd, POLLIN, 0 } };

			poll(fds, 2, -1);
			if (fds[1].revents) {
				memset(s, 0, sizeof(s));
				n = recv(clientfd, s, sizeof(s) - 1, 0);
				if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
					printf("client left\n");
					close(clientfd);
					break;
				}
				if (n > 0)
					printf("client: %s\n", s);
			}
			if (fds[0].revents) {
				if (fgets(s, sizeof(s), stdin) == NULL)
					return 0;
				if (strncmp(s, "/dc", 3) == 0) {
					printf("client dropped\n");
					close(clientfd);
					break;
				}
				write(clientfd, s, sizeof(s));
			}
		}
	}
	close(sockfd);
	return 0;
}
