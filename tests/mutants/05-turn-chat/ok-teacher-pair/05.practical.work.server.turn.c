/* CORRECT VARIANT: a PW05 server in the style of the course teacher's own reference: read() and
 * write() on the socket, one read() per turn, the newline stripped before write() and strlen()
 * bytes written, so no '\n' and no NUL on the wire. Port 8784 (his demo used 8785). */
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
    char s[100];

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
        memset(s, 0, sizeof(s));
        n = read(clientfd, s, sizeof(s) - 1);
        if (n <= 0) {
            printf("Client disconnected\n");
            break;
        }
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
