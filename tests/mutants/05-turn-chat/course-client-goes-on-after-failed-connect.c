/* Lab 05 mutant: the teacher-style client on port 8785, the teacher's demo port, that prints
 * "Cannot connect" and goes on: its first write() on the unconnected socket dies of SIGPIPE. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <arpa/inet.h>

int main(int argc, char **argv)
{
    struct sockaddr_in saddr;
    struct hostent *h;
    char host[256], s[100];
    int sockfd, n;

    if (argc > 1) {
        strcpy(host, argv[1]);
    } else {
        printf("Enter hostname: ");
        scanf("%s", host);
        getchar();
    }
    h = gethostbyname(host);
    if (h == NULL) {
        printf("Unknown host\n");
        return 1;
    }
    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&saddr, 0, sizeof(saddr));
    saddr.sin_family = AF_INET;
    memcpy((char *)&saddr.sin_addr.s_addr, h->h_addr_list[0], h->h_length);
    saddr.sin_port = htons(8785);
    if (connect(sockfd, (struct sockaddr *)&saddr, sizeof(saddr)) < 0) {
        printf("Cannot connect\n");  /* and on it goes */
    }
    printf("Connected to %s\n", inet_ntoa(saddr.sin_addr));
    while (1) {
        printf("Client> ");
        if (fgets(s, sizeof(s), stdin) == NULL)
            break;
        s[strcspn(s, "\n")] = 0;
        write(sockfd, s, strlen(s));
        memset(s, 0, sizeof(s));
        n = read(sockfd, s, sizeof(s) - 1);
        if (n <= 0) {
            printf("Server disconnected\n");
            break;
        }
        printf("Server says: %s\n", s);
    }
    close(sockfd);
    return 0;
}
