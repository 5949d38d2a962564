/* Echo lab mutant: a whole-program client that looks the server up with gethostbyname() and
 * uses its result without checking it: with "not.an.address" it gets NULL and crashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, n, total = 0, len, port = 7007;
    struct sockaddr_in saddr;
    struct hostent *h;
    char buf[256];

    if (argc < 3)
        return 1;
    if (argc > 3)
        port = atoi(argv[3]);
    h = gethostbyname(argv[1]);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    memcpy(&saddr.sin_addr, h->h_addr_list[0], h->h_length);
    saddr.sin_port = htons(port);
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("connect");
        return 1;
    }
    len = strlen(argv[2]);
    send(sockfd, argv[2], len, 0);
    while (total < len && (n = recv(sockfd, buf + total, sizeof(buf) - 1 - total, 0)) > 0)
        total += n;
    buf[total] = '\0';
    printf("%s\n", buf);
    close(sockfd);
    return 0;
}
