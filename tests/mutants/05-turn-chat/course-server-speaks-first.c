/* Lab 05 mutant: a course-style server that speaks first: after accept() it reads its stdin and
 * sends, then receives. The client is meant to speak first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    int sockfd, clientfd, n, i;
    struct sockaddr_in saddr;
    char buf[4096], c;

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(8784);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("bind");
        return 1;
    }
    listen(sockfd, 5);
    while (1) {
        clientfd = accept(sockfd, NULL, NULL);
        printf("Client connected\n");
        while (1) {
            printf("Server> ");
            if (fgets(buf, sizeof(buf), stdin) == NULL) {
                close(clientfd);
                return 0;
            }
            send(clientfd, buf, strlen(buf), 0);
            i = 0;
            while ((n = recv(clientfd, &c, 1, 0)) > 0 && c != '\n')
                if (i < (int) sizeof(buf) - 1)
                    buf[i++] = c;
            if (n <= 0)
                break;
            buf[i] = '\0';
            printf("Client: %s\n", buf);
        }
        printf("Client left\n");
        close(clientfd);
    }
}
