/* CORRECT VARIANT (PW05): a course-style server that takes one recv() for one message, as the
 * course's PW05 does. (A message split in pieces, or longer than its 1024-byte buffer, would be
 * printed in parts: receiving until the delimiter is lab 06's check.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    int sockfd, clientfd, n;
    struct sockaddr_in saddr, caddr;
    socklen_t clen;
    char buf[1024];

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = INADDR_ANY;
    saddr.sin_port = htons(8784);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("bind");
        return 1;
    }
    listen(sockfd, 5);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        printf("Client connected\n");
        while (1) {
            memset(buf, 0, sizeof(buf));
            n = recv(clientfd, buf, sizeof(buf) - 1, 0);
            if (n <= 0) {
                printf("Client disconnected\n");
                break;
            }
            printf("Client: %s", buf);
            printf("Server> ");
            if (fgets(buf, sizeof(buf), stdin) == NULL) {
                close(clientfd);
                close(sockfd);
                return 0;
            }
            send(clientfd, buf, strlen(buf), 0);
        }
        close(clientfd);
    }
}
