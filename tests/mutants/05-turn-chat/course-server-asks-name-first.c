/* BUG: the course server that first asks its user's name on stdin, and only then opens its
 * socket: nobody types before a client is there, so it never listens. */
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
    char buf[4096], c, name[64];

    printf("Your name: ");
    if (scanf("%63s", name) != 1)
        return 1;

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
            printf("%s> ", name);
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
