/* CORRECT VARIANT: a whole-program server as written for the course (its own main, none of the
 * skeleton's functions): old-style C, a prompt without a newline, printf without fflush, a
 * fixed 4096-byte buffer filled one recv() of one byte at a time, fgets for stdin. When the
 * client leaves it waits for the next one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8784

int main()
{
    int sockfd, clientfd, n, i, gone;
    struct sockaddr_in saddr, caddr;
    unsigned int clen;
    char buf[4096], c;

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (sockfd < 0) {
        printf("Error creating socket\n");
        return -1;
    }
    bzero(&saddr, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(PORT);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        printf("Error binding\n");
        return -1;
    }
    listen(sockfd, 5);
    printf("Server listening on port %d\n", PORT);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        printf("Client %s connected\n", inet_ntoa(caddr.sin_addr));
        gone = 0;
        while (!gone) {
            /* receive one line, byte by byte */
            i = 0;
            while (1) {
                n = recv(clientfd, &c, 1, 0);
                if (n <= 0) {
                    gone = 1;
                    break;
                }
                if (c == '\n')
                    break;
                if (i < (int) sizeof(buf) - 1)
                    buf[i++] = c;
            }
            if (gone)
                break;
            buf[i] = 0;
            printf("Client: %s\n", buf);
            printf("Server> ");
            if (fgets(buf, sizeof(buf), stdin) == NULL) {
                close(clientfd);
                close(sockfd);
                printf("Bye\n");
                return 0;
            }
            send(clientfd, buf, strlen(buf), 0);
        }
        printf("Client disconnected\n");
        close(clientfd);
    }
    return 0;
}
