/* Lab 05 mutant: a course-style client that ignores what fgets() returns. When its stdin
 * ends, the buffer still holds the last line received, which it sends again, and again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char *argv[])
{
    struct hostent *h;
    struct sockaddr_in saddr;
    char buf[4096], c;
    int sockfd, n, i;

    h = gethostbyname(argc > 1 ? argv[1] : "localhost");
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    memcpy(&saddr.sin_addr, h->h_addr_list[0], h->h_length);
    saddr.sin_port = htons(8784);
    if (connect(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("connect");
        return 1;
    }
    while (1) {
        printf("> ");
        fgets(buf, sizeof(buf), stdin);
        send(sockfd, buf, strlen(buf), 0);
        i = 0;
        while ((n = recv(sockfd, &c, 1, 0)) > 0) {
            buf[i++] = c;
            if (c == '\n')
                break;
        }
        if (n <= 0)
            break;
        buf[i] = '\0';
        printf("Server: %s", buf);
    }
    close(sockfd);
    return 0;
}
