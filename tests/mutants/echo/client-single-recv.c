/* Echo lab mutant: a whole-program client that calls recv() once and prints what it got:
 * an echo that comes back in pieces is cut short. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, n, port = 7007;
    struct sockaddr_in saddr;
    char buf[1024];

    if (argc < 3)
        return 1;
    if (argc > 3)
        port = atoi(argv[3]);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_port = htons(port);
    if (!inet_aton(argv[1], &saddr.sin_addr)) {
        fprintf(stderr, "bad address\n");
        return 1;
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("connect");
        return 1;
    }
    send(sockfd, argv[2], strlen(argv[2]), 0);
    n = recv(sockfd, buf, sizeof(buf) - 1, 0);
    if (n < 0) {
        perror("recv");
        return 1;
    }
    buf[n] = '\0';
    printf("Received: %s\n", buf);
    close(sockfd);
    return 0;
}
