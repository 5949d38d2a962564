/* CORRECT VARIANT: a course-style server with a loop around accept() that prints its message
 * and then fflush(stdout) for want of a newline: printed at once. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    int sockfd, clientfd;
    struct sockaddr_in saddr, caddr;
    socklen_t clen;

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = INADDR_ANY;
    saddr.sin_port = htons(8784);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) != 0) {
        perror("bind");
        return 1;
    }
    listen(sockfd, 5);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        if (clientfd < 0)
            continue;
        printf("Client %s connected. ", inet_ntoa(caddr.sin_addr));
        fflush(stdout);
        close(clientfd);
    }
    return 0;
}
