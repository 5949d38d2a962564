/* Echo lab mutant: a whole-program server that treats what it receives as a string: it
 * echoes strlen(buf) bytes, so the echo stops at the first NUL byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, clientfd, n, one = 1;
    struct sockaddr_in saddr, caddr;
    socklen_t clen;
    char buf[1024];

    signal(SIGPIPE, SIG_IGN);
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(argc > 1 ? atoi(argv[1]) : 7007);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0 || listen(sockfd, 5) < 0) {
        perror("bind");
        return 1;
    }
    for (;;) {
        clen = sizeof(caddr);
        if ((clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen)) < 0)
            continue;
        printf("client %s\n", inet_ntoa(caddr.sin_addr));
        while ((n = recv(clientfd, buf, sizeof(buf) - 1, 0)) > 0) {
            buf[n] = '\0';
            send(clientfd, buf, strlen(buf), 0);
        }
        close(clientfd);
    }
}
