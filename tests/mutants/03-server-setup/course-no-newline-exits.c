/* Lab 03 mutant: a course-style server that prints "Client connected" without a newline and
 * exits after its client (no loop): the text appears at exit, right after the connection, and
 * counts as printed; only the missing loop costs points. */
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
    socklen_t clen = sizeof(caddr);

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
    clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
    printf("Client connected");
    close(clientfd);
    close(sockfd);
    return 0;
}
