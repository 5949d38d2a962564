/* Lab 06 mutant, course style: one recv() per turn, into a 1024-byte buffer, printed as the
 * message. A message in two pieces is printed as two, two lines in one segment as one, a
 * 2000-character line is cut and its rest printed on the next turn. */
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
        while ((inlen = recv(clientfd, line, 1023, 0)) > 0) {
            line[inlen] = '\0';
            printf("client says: %s\n", line);
            printf("you> ");
            if (fgets(msg, sizeof(msg), stdin) == NULL) {
                close(clientfd);
                close(sockfd);
                return 0;
            }
            send(clientfd, msg, strlen(msg), 0);
        }
        printf("client has left\n");
        close(clientfd);
    }
}
