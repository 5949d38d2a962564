/* Lab 08 mutant (course style): correct, the teacher's way: a non-blocking read() of the socket, then poll(stdin, 100 ms); newlines stripped. */
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
	while (1) {
		struct pollfd in = { 0, POLLIN, 0 };

		/* The teacher's way: try the socket, then give stdin 100 ms. */
		memset(s, 0, sizeof(s));
		n = read(sockfd, s, sizeof(s) - 1);
		if (n > 0) {
			printf("server: %s\n", s);
		} else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			printf("the server left\n");
			break;
		}
		if (poll(&in, 1, 100) > 0) {
			if (fgets(s, sizeof(s), stdin) == NULL)
				return 0;
			s[strcspn(s, "\n")] = '\0';
			if (strcmp(s, "/quit") == 0) {
				printf("bye\n");
				break;
			}
			write(sockfd, s, strlen(s));
		}
	}
	close(sockfd);
	return 0;
}
