/* Lab 09 mutant (course style): no select(): serves one client at a time, blocked in recv() on it until it leaves; the others wait in the backlog. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main()
{
	int sockfd, clientfd, n, len, one = 1;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	char buf[1024], *nl;

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
	while (1) {
		clen = sizeof(caddr);
		clientfd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
		printf("client %d connected\n", clientfd);
		len = 0;
		while ((n = recv(clientfd, buf + len, sizeof(buf) - 1 - len, 0)) > 0) {
			len += n;
			buf[len] = 0;
			while ((nl = strchr(buf, '\n')) != NULL) {
				*nl = 0;
				printf("client %d: %s\n", clientfd, buf);
				len -= nl + 1 - buf;
				memmove(buf, nl + 1, len + 1);
			}
		}
		printf("client %d disconnected\n", clientfd);
		close(clientfd);
	}
}
