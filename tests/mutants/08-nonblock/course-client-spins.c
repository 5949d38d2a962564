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

int main(int argc, char *argv[])
{
	struct hostent *h;
	struct sockaddr_in saddr;
	int sockfd, n;
	char s[1000];

	signal(SIGPIPE, SIG_IGN);
	h = gethostbyname(argc > 1 ? argv[1] : "localhost");
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
	printf("connected\n");
	fcntl(sockfd, F_SETFL, O_NONBLOCK);
		fcntl(0, F_SETFL, O_NONBLOCK);
	while (1) {
		/* Both descriptors non-blocking, tried again and again: a core at 100%. */
		memset(s, 0, sizeof(s));
		n = recv(sockfd, s, sizeof(s) - 1, 0);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
			printf("the server left\n");
			break;
		}
		if (n > 0)
			printf("server: %s\n", s);
		n = read(0, s, sizeof(s) - 1);
		if (n > 0) {
			s[n] = '\0';
			if (strncmp(s, "/quit", 5) == 0) {
				printf("bye\n");
				break;
			}
			write(sockfd, s, strlen(s));
		}
	}
	close(sockfd);
	return 0;
}
