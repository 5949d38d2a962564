/* Lab 05 mutant: a course-style client that does not take turns: with select() it sends each
 * line as soon as it is typed and prints what the server sends whenever it comes, so two
 * lines typed at once go out one after the other without waiting for the reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char *argv[])
{
    struct hostent *h;
    struct sockaddr_in saddr;
    char buf[4096], line[4096], c;
    int sockfd, n, i = 0, input_open = 1;
    fd_set fds;

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
        FD_ZERO(&fds);
        if (input_open)
            FD_SET(0, &fds);
        FD_SET(sockfd, &fds);
        if (select(sockfd + 1, &fds, NULL, NULL, NULL) < 0)
            break;
        if (FD_ISSET(0, &fds)) {
            n = read(0, buf, sizeof(buf));
            if (n <= 0) {
                input_open = 0;
                shutdown(sockfd, SHUT_WR);
            } else {
                send(sockfd, buf, n, 0);
            }
        }
        if (FD_ISSET(sockfd, &fds)) {
            n = recv(sockfd, &c, 1, 0);
            if (n <= 0) {
                printf("Server closed the connection\n");
                break;
            }
            if (c == '\n') {
                line[i] = '\0';
                printf("Server: %s\n", line);
                i = 0;
            } else if (i < (int) sizeof(line) - 1) {
                line[i++] = c;
            }
        }
    }
    close(sockfd);
    return 0;
}
