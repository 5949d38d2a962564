/* CORRECT VARIANT (PW05): a course-style server that receives until the '\n' but never ends the
 * string there. PW05's messages are short lines, each printed whole; only a short message after
 * a long one would show the long one's tail, which lab 06's leftover check catches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

char buf[4096];

int main()
{
    int sockfd, clientfd, n, total;
    struct sockaddr_in saddr;

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
            total = 0;
            do {
                n = recv(clientfd, buf + total, sizeof(buf) - 1 - total, 0);
                if (n > 0)
                    total += n;
            } while (n > 0 && buf[total - 1] != '\n');
            if (n <= 0)
                break;
            printf("Client: %s", buf);
            printf("Server> ");
            if (fgets(buf, sizeof(buf), stdin) == NULL) {
                close(clientfd);
                return 0;
            }
            send(clientfd, buf, strlen(buf), 0);
        }
        printf("Client left\n");
        close(clientfd);
    }
}
