/* Lab 06 mutant, course style: fgets() returning NULL is not checked (while (1) with no end
 * check): when stdin ends, the old line goes out again and the server goes on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

char inbuf[4096];
int inlen = 0;

/* returns the line length, 0 when the client is gone */
int read_line(int fd, char *line)
{
    char *nl;
    int n, len;

    while ((nl = memchr(inbuf, '\n', inlen)) == NULL) {
        if (inlen == sizeof(inbuf) - 1) {  /* longer than any chat line: drop what came so far */
            inlen = 0;
        }
        n = recv(fd, inbuf + inlen, (sizeof(inbuf) - 1 - inlen) < 512 ? (sizeof(inbuf) - 1 - inlen) : 512, 0);
        if (n <= 0)
            return 0;
        inlen += n;
    }
    len = nl - inbuf;
    memcpy(line, inbuf, len);
    line[len] = '\0';
    inlen -= len + 1;
    memmove(inbuf, nl + 1, inlen);
    return len + 1;
}

int main()
{
    int sockfd, clientfd, on = 1;
    struct sockaddr_in saddr, caddr;
    socklen_t clen;
    char line[4096], msg[4096];

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(8784);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        perror("bind");
        return 1;
    }
    listen(sockfd, 5);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        printf("New client from %s\n", inet_ntoa(caddr.sin_addr));
        inlen = 0;
        while (read_line(clientfd, line) > 0) {
            printf("client says: %s\n", line);
            printf("you> ");
            fgets(msg, sizeof(msg), stdin);
            send(clientfd, msg, strlen(msg), 0);
        }
        printf("client has left\n");
        close(clientfd);
    }
}
