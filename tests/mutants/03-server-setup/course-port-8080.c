/* Lab 03 mutant: a course-style server on port 8080, a web server's port. */
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
    saddr.sin_port = htons(8080);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) != 0) {
        perror("bind");
        return 1;
    }
    listen(sockfd, 5);
    clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
    printf("Client connected\n");
    close(clientfd);
    close(sockfd);
    return 0;
}
