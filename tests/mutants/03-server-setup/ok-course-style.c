/* CORRECT VARIANT: a whole-program submission as written for the course (its own main, none
 * of the skeleton's functions), old style: bzero, no SO_REUSEADDR, printf without fflush. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    int sockfd, clientfd;
    struct sockaddr_in saddr, caddr;
    unsigned int clen;
    unsigned short port = 8784;

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        printf("Error creating socket\n");
        return -1;
    }
    bzero(&saddr, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        printf("Error binding\n");
        return -1;
    }
    if (listen(sockfd, 5) < 0) {
        printf("Error listening\n");
        return -1;
    }
    printf("Server is listening on port %d\n", port);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        printf("Client connected: %s\n", inet_ntoa(caddr.sin_addr));
        close(clientfd);
    }
    return 0;
}
