/* Lab 10 mutant (course style): correct: a thread receives and prints, main reads stdin and sends. */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

int sockfd;

void *receiving(void *arg)
{
	char s[1000];
	int n;

	(void)arg;
	while ((n = recv(sockfd, s, sizeof(s) - 1, 0)) > 0) {
		s[n] = 0;
		printf("server: %s", s);
		fflush(stdout);
	}
	printf("server disconnected\n");
	exit(0);
}

int main(int argc, char *argv[])
{
	struct hostent *h;
	struct sockaddr_in saddr;
	char s[1000], host[100];
	pthread_t tid;

	if (argc > 1) {
		strcpy(host, argv[1]);
	} else {
		printf("Enter the hostname: ");
		scanf("%s", host);
	}
	h = gethostbyname(host);
	if (h == NULL) {
		printf("cannot resolve %s\n", host);
		return 1;
	}
	memset(&saddr, 0, sizeof(saddr));
	saddr.sin_family = AF_INET;
	memcpy(&saddr.sin_addr, h->h_addr_list[0], h->h_length);
	saddr.sin_port = htons(8784);
	sockfd = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0) {
		printf("cannot connect\n");
		return 1;
	}
	printf("connected to %s\n", inet_ntoa(saddr.sin_addr));
	pthread_create(&tid, NULL, receiving, NULL);
	while (fgets(s, sizeof(s), stdin) != NULL) {
		if (strncmp(s, "/quit", 5) == 0)
			break;
		send(sockfd, s, strlen(s), 0);
	}
	close(sockfd);
	return 0;
}
