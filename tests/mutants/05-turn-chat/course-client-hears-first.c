/* MUTANT: a whole-program client that lets the server speak first, against the lecture's
 * order (the client sends first): after connecting it receives and prints the server's line,
 * then reads its user's. The turn-order check docks it; every other client check lets the
 * server have the first turn, then goes on (one fault, one deduction). Otherwise the course
 * client of ok-course-client.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main()
{
    struct hostent *h;
    struct sockaddr_in saddr;
    char hostname[256], buf[4096], c;
    int sockfd, n, i;

    printf("Enter hostname: ");
    scanf("%255s", hostname);
    getchar();  /* the newline after the hostname */
    h = gethostbyname(hostname);
    if (h == NULL) {
        printf("Unknown host %s\n", hostname);
        return 1;
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    memcpy(&saddr.sin_addr, h->h_addr_list[0], h->h_length);
    saddr.sin_port = htons(8784);
    if (connect(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        printf("Cannot connect\n");
        return 1;
    }
    printf("Connected to %s\n", inet_ntoa(saddr.sin_addr));
    while (1) {
        i = 0;
        while ((n = recv(sockfd, &c, 1, 0)) > 0 && c != '\n')
            if (i < (int) sizeof(buf) - 1)
                buf[i++] = c;
        if (n <= 0) {
            printf("Server closed the connection\n");
            break;
        }
        buf[i] = 0;
        printf("Server: %s\n", buf);
        printf("Client> ");
        if (fgets(buf, sizeof(buf), stdin) == NULL)
            break;
        send(sockfd, buf, strlen(buf), 0);
    }
    close(sockfd);
    return 0;
}
