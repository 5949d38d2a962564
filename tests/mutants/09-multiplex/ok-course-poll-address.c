/* Lab 09 correct variant (course style): poll() over struct pollfd fds[101] (the listener first), each line tagged by the client's address, the line buffers in a struct per client; stdin sent to every client. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX 100

struct client {
	char name[32];
	char buf[2048];
	int len;
};

struct pollfd fds[MAX + 2];
struct client clients[MAX + 2];
int nfds;

void drop(int i)
{
	printf("[%s] left\n", clients[i].name);
	close(fds[i].fd);
	nfds--;
	fds[i] = fds[nfds];
	clients[i] = clients[nfds];
}

int main()
{
	int sockfd, fd, i, n, one = 1;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	char s[1000], *nl;

	signal(SIGPIPE, SIG_IGN);
	sockfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&saddr, 0, sizeof(saddr));
	saddr.sin_family = AF_INET;
	saddr.sin_addr.s_addr = htonl(INADDR_ANY);
	saddr.sin_port = htons(8784);
	if (bind(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0 || listen(sockfd, 10) < 0) {
		perror("bind");
		return 1;
	}
	fds[0].fd = sockfd;
	fds[0].events = POLLIN;
	fds[1].fd = 0;
	fds[1].events = POLLIN;
	nfds = 2;
	while (1) {
		if (poll(fds, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			return 1;
		}
		for (i = nfds - 1; i >= 2; i--) {
			if (fds[i].revents == 0)
				continue;
			n = recv(fds[i].fd, clients[i].buf + clients[i].len, sizeof(clients[i].buf) - 1 - clients[i].len, 0);
			if (n <= 0) {
				drop(i);
				continue;
			}
			clients[i].len += n;
			clients[i].buf[clients[i].len] = '\0';
			while ((nl = strchr(clients[i].buf, '\n')) != NULL) {
				*nl = '\0';
				printf("[%s] %s\n", clients[i].name, clients[i].buf);
				clients[i].len -= nl + 1 - clients[i].buf;
				memmove(clients[i].buf, nl + 1, clients[i].len + 1);
			}
		}
		if (fds[1].revents) {
			if (fgets(s, sizeof(s), stdin) == NULL)
				fds[1].fd = -1;  /* end of input: poll() ignores a negative fd */
			else
				for (i = 2; i < nfds; i++)
					send(fds[i].fd, s, strlen(s), 0);
		}
		if (fds[0].revents) {
			clen = sizeof(caddr);
			fd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
			if (fd < 0)
				continue;
			if (nfds == MAX + 2) {
				close(fd);
				continue;
			}
			fds[nfds].fd = fd;
			fds[nfds].events = POLLIN;
			fds[nfds].revents = 0;
			snprintf(clients[nfds].name, sizeof(clients[nfds].name), "%s:%d", inet_ntoa(caddr.sin_addr), ntohs(caddr.sin_port));
			clients[nfds].len = 0;
			printf("[%s] joined\n", clients[nfds].name);
			nfds++;
		}
	}
}
