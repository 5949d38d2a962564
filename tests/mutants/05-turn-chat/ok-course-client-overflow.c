/* CORRECT VARIANT (PW05): a course-style client that receives a line into a 256-byte array
 * without checking its length. PW05's messages fit; a line longer than 256 bytes would overrun
 * the array, which lab 06's long-line check catches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int i, n;
char c;

/* Receives a line and prints it; returns 0, or -1 when the server has gone. */
int hear(int sockfd)
{
    char line[256];

    i = 0;
    while ((n = recv(sockfd, &c, 1, 0)) > 0 && c != '\n')
        line[i++] = c;
    if (n <= 0)
        return -1;
    line[i] = '\0';
    printf("Server: %s\n", line);
    return 0;
}

int main(int argc, char *argv[])
{
    struct hostent *h;
    struct sockaddr_in saddr;
    char buf[4096];
    int sockfd;

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
        if (fgets(buf, sizeof(buf), stdin) == NULL)
            break;
        send(sockfd, buf, strlen(buf), 0);
        if (hear(sockfd) == -1)
            break;
    }
    close(sockfd);
    return 0;
}
