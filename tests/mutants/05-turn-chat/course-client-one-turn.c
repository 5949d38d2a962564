/* Lab 05 mutant: a course-style client that exits after one turn: it sends one line, prints
 * the reply and closes. */
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
    int sockfd, i = 0;

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
    printf("Message: ");
    if (fgets(buf, sizeof(buf), stdin) != NULL) {
        send(sockfd, buf, strlen(buf), 0);
        while (recv(sockfd, &c, 1, 0) > 0 && c != '\n')
            buf[i++] = c;
        buf[i] = '\0';
        printf("Server: %s\n", buf);
    }
    close(sockfd);
    return 0;
}
