/* Lab 09 mutant (course style): accept() once before the loop, and the listener left out of the select() set: only the first client is ever served. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX 100

int clientfds[MAX];
char bufs[MAX][1024];
int lens[MAX];

int main()
{
	int sockfd, clientfd, i, n, maxfd, one = 1, stdin_open = 1;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	char s[1000], *nl;
	fd_set set;

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
	memset(clientfds, 0, sizeof(clientfds));
	clen = sizeof(caddr);
	clientfds[0] = accept(sockfd, (struct sockaddr *)&caddr, &clen);
	printf("client %d connected\n", clientfds[0]);
	while (1) {
		FD_ZERO(&set);
		if (stdin_open)
			FD_SET(0, &set);
		maxfd = sockfd;
		for (i = 0; i < MAX; i++) {
			if (clientfds[i] > 0)
				FD_SET(clientfds[i], &set);
			if (clientfds[i] > maxfd)
				maxfd = clientfds[i];
		}
		select(maxfd + 1, &set, NULL, NULL, NULL);
		if (stdin_open && FD_ISSET(0, &set)) {
			if (fgets(s, sizeof(s), stdin) == NULL) {
				stdin_open = 0;
			} else {
				for (i = 0; i < MAX; i++)
					if (clientfds[i] > 0)
						send(clientfds[i], s, strlen(s), 0);
			}
		}
		for (i = 0; i < MAX; i++) {
			if (clientfds[i] > 0 && FD_ISSET(clientfds[i], &set)) {
				n = recv(clientfds[i], bufs[i] + lens[i], sizeof(bufs[i]) - 1 - lens[i], 0);
				if (n <= 0) {
					printf("client %d disconnected\n", clientfds[i]);
					close(clientfds[i]);
					clientfds[i] = 0;
					continue;
				}
				lens[i] += n;
				bufs[i][lens[i]] = 0;
				while ((nl = strchr(bufs[i], '\n')) != NULL) {
					*nl = 0;
					printf("client %d: %s\n", clientfds[i], bufs[i]);
					lens[i] -= nl + 1 - bufs[i];
					memmove(bufs[i], nl + 1, lens[i] + 1);
				}
			}
		}
	}
}
