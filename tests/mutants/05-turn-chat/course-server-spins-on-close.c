/* Lab 05 mutant: a course-style server that never checks recv() for 0. When the client leaves,
 * every recv() returns 0 at once: it prints an empty "Client: " line, skips the empty message
 * and receives again, for ever. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    int sockfd, clientfd, i;
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
    clientfd = accept(sockfd, NULL, NULL);
    printf("Client connected\n");
    while (1) {
        i = 0;
        while (recv(clientfd, &c, 1, 0) > 0 && c != '\n')
            buf[i++] = c;
        buf[i] = '\0';
        printf("Client: %s\n", buf);
        if (i == 0)
            continue;   /* an empty message: nothing to answer */
        printf("Server> ");
        if (fgets(buf, sizeof(buf), stdin) == NULL)
            break;
        send(clientfd, buf, strlen(buf), 0);
    }
    close(clientfd);
    close(sockfd);
    return 0;
}
