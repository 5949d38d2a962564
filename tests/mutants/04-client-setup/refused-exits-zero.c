/* Lab 04 mutant: a whole-program submission for the course that reports a refused connection but exits with
 * status 0. */
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
    char hostname[256];
    struct hostent *host;
    struct sockaddr_in addr;
    int sockfd;

    if (argc >= 2) {
        strcpy(hostname, argv[1]);
    } else {
        printf("Enter hostname: ");
        if (scanf("%255s", hostname) != 1) {
            fprintf(stderr, "no hostname\n");
            return 1;
        }
    }
    host = gethostbyname(hostname);
    if (host == NULL) {
        fprintf(stderr, "Cannot resolve %s\n", hostname);
        return 1;
    }
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(8784);
    memcpy(&addr.sin_addr, host->h_addr_list[0], host->h_length);
    printf("IP address of %s: %s\n", hostname, inet_ntoa(addr.sin_addr));

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(sockfd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("connect");
        return 0;
    }
    printf("Connected to server %s\n", inet_ntoa(addr.sin_addr));
    close(sockfd);
    return 0;
}
