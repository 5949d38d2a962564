/* Lab 05 mutant: a course-style client that reads its message with scanf("%s"): one word per
 * turn, so "Hello Bob, how are you" goes as "Hello". */
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
    char word[4096], msg[4100], buf[4096], c;
    int sockfd, n, i;

    if (argc < 2) {
        printf("usage: %s hostname\n", argv[0]);
        return 1;
    }
    h = gethostbyname(argv[1]);
    if (h == NULL) {
        printf("Unknown host\n");
        return 1;
    }
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
        printf("You: ");
        if (scanf("%s", word) != 1)
            break;
        sprintf(msg, "%s\n", word);
        send(sockfd, msg, strlen(msg), 0);
        i = 0;
        while ((n = recv(sockfd, &c, 1, 0)) > 0 && c != '\n')
            buf[i++] = c;
        if (n <= 0)
            break;
        buf[i] = '\0';
        printf("Server: %s\n", buf);
    }
    close(sockfd);
    return 0;
}
