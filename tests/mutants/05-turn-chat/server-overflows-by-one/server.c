/* Lab 05 mutant (a folder: graded with the reference client): the teacher-style server, its
 * receive buffer of 256 bytes filled whole by read() and then ended one byte past it,
 * s[n] = 0 with n == 256. Short messages never reach the end, and a longer one writes one byte
 * over the stack without crashing: only the AddressSanitizer run (pair-memory, advice) sees it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    int sockfd, clientfd, n;
    unsigned int clen;
    struct sockaddr_in saddr, caddr;
    char s[256];

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    saddr.sin_addr.s_addr = INADDR_ANY;
    saddr.sin_port = htons(8784);
    if (bind(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0) {
        printf("Error binding\n");
        return 1;
    }
    listen(sockfd, 5);
    clen = sizeof(caddr);
    clientfd = accept(sockfd, (struct sockaddr *)&caddr, &clen);
    printf("Accepted client\n");
    while (1) {
        n = read(clientfd, s, sizeof(s));
        if (n <= 0) {
            printf("Client disconnected\n");
            break;
        }
        s[n] = 0;
        printf("Client says: %s\n", s);
        printf("Server> ");
        if (fgets(s, sizeof(s), stdin) == NULL)
            break;
        s[strcspn(s, "\n")] = 0;
        write(clientfd, s, strlen(s));
    }
    close(clientfd);
    close(sockfd);
    return 0;
}
