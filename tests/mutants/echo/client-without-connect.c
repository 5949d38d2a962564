/* Echo mutant: the course-style client (ok-course-style-client.c) without connect(): its
 * send() on a socket that never connected raises SIGPIPE (EPIPE), and no connection is tried. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, n, len, total = 0, port = 7007;
    struct sockaddr_in saddr;
    char buf[100];

    if (argc < 3) {
        printf("usage: client ip word [port]\n");
        return 1;
    }
    if (argc > 3)
        port = atoi(argv[3]);
    bzero(&saddr, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_port = htons(port);
    if (inet_aton(argv[1], &saddr.sin_addr) == 0) {
        printf("Invalid address %s\n", argv[1]);
        return 1;
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    len = strlen(argv[2]);
    if (len > 99)
        len = 99;
    send(sockfd, argv[2], len, 0);
    while (total < len) {
        n = recv(sockfd, buf + total, len - total, 0);
        if (n <= 0) {
            printf("Server closed\n");
            return 1;
        }
        total += n;
    }
    buf[total] = 0;
    printf("Echo: ");
    printf("%s\n", buf);
    close(sockfd);
    return 0;
}
