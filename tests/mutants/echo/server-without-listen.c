/* Echo mutant: the course-style server (ok-course-style-server.c) without listen(), the slip
 * of a student in a forum thread: accept() fails with EINVAL ("Invalid argument") at once,
 * and it stops as the lecture's DieWithError() does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, clientfd, n, port = 7007;
    struct sockaddr_in saddr, caddr;
    unsigned int clen;
    char buf[100];

    if (argc > 1)
        port = atoi(argv[1]);
    signal(SIGPIPE, SIG_IGN);
    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        printf("Error creating socket\n");
        return -1;
    }
    bzero(&saddr, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = htonl(INADDR_ANY);
    saddr.sin_port = htons(port);
    if (bind(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        printf("Error binding\n");
        return -1;
    }
    printf("Echo server on port %d\n", port);
    while (1) {
        clen = sizeof(caddr);
        clientfd = accept(sockfd, (struct sockaddr *) &caddr, &clen);
        if (clientfd < 0) {
            perror("accept() failed");
            exit(1);
        }
        printf("Client %s connected\n", inet_ntoa(caddr.sin_addr));
        while ((n = recv(clientfd, buf, sizeof(buf), 0)) > 0) {
            int sent = 0;
            while (sent < n) {
                int k = send(clientfd, buf + sent, n - sent, 0);
                if (k < 0)
                    break;
                sent += k;
            }
            if (sent < n)
                break;
        }
        close(clientfd);
        printf("Client gone\n");
    }
    return 0;
}
