/* CORRECT VARIANT: a whole-program client as written for the course: it ignores argv and asks
 * for the hostname on stdin (as a copy of lab 04's client does), resolves it with
 * gethostbyname as in the slides, prompts without newlines, fixed buffers of 4096 bytes,
 * receives byte by byte. */
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
        printf("Client> ");
        if (fgets(buf, sizeof(buf), stdin) == NULL)
            break;
        send(sockfd, buf, strlen(buf), 0);
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
    }
    close(sockfd);
    return 0;
}
