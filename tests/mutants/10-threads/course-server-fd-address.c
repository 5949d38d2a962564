/* Lab 10 mutant (course style): the thread gets &clientfd, the loop's variable: the next accept() overwrites it before the thread reads it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int clientfds[100];
int nclients = 0;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *handle_client(void *arg)
{
	int fd = *(int *)arg;
	char buf[1000], line[2000];
	int n, len = 0, i;

	while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				line[len] = 0;
				printf("client %d: %s\n", fd, line);
				len = 0;
			} else if (len < (int)sizeof(line) - 1) {
				line[len++] = buf[i];
			}
		}
	}
	printf("client %d disconnected\n", fd);
	pthread_mutex_lock(&lock);
	for (i = 0; i < nclients; i++) {
		if (clientfds[i] == fd) {
			clientfds[i] = clientfds[nclients - 1];
			nclients--;
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	close(fd);
	return NULL;
}

void *handle_stdin(void *arg)
{
	char s[1000];
	int i;

	(void)arg;
	while (fgets(s, sizeof(s), stdin) != NULL) {
		pthread_mutex_lock(&lock);
		for (i = 0; i < nclients; i++)
			send(clientfds[i], s, strlen(s), MSG_NOSIGNAL);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main()
{
	int sockfd, clientfd, one = 1;
	struct sockaddr_in saddr, caddr;
	socklen_t clen;
	pthread_t tid;

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
	listen(sockfd, 100);
	printf("server is listening\n");
	pthread_create(&tid, NULL, handle_stdin, NULL);
	while (1) {
		clen = sizeof(caddr);
		clientfd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
		if (clientfd < 0)
			continue;
		printf("client %d connected from %s\n", clientfd, inet_ntoa(caddr.sin_addr));
		pthread_mutex_lock(&lock);
		if (nclients < 100)
			clientfds[nclients++] = clientfd;
		pthread_mutex_unlock(&lock);
		pthread_create(&tid, NULL, handle_client, &clientfd);
		pthread_detach(tid);
	}
	return 0;
}
