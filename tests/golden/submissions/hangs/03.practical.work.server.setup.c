/* Golden-file fixture "hangs": a course-style server that serves its first client, then
 * blocks forever (a debugging pause left in): every later client waits in the backlog. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

int main()
{
    int sockfd, clientfd;
    struct sockaddr_in saddr;

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
    for (;;) {
        clientfd = accept(sockfd, NULL, NULL);
        printf("a client connected\n");
        pause();
        close(clientfd);
    }
}
