/* CORRECT VARIANT: a whole-program submission that, once connected, stays connected and waits
 * for the server to speak or close (as a chat client would), old style: K&R main, messages to
 * stderr with perror, return -1 from main on errors (status 255). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define PORT 8784

int main(argc, argv)
int argc;
char **argv;
{
    char name[256], buf[1024];
    char *host;
    struct hostent *he;
    struct sockaddr_in server;
    int s, n;

    if (argc >= 2) {
        host = argv[1];
    } else {
        printf("hostname? ");
        fflush(stdout);
        if (fgets(name, sizeof name, stdin) == NULL) {
            fprintf(stderr, "error: no hostname\n");
            return -1;
        }
        name[strcspn(name, "\r\n")] = 0;
        host = name;
    }
    if ((he = gethostbyname(host)) == NULL) {
        herror("gethostbyname");
        return -1;
    }
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    memcpy(&server.sin_addr, he->h_addr, sizeof server.sin_addr);
    server.sin_port = htons(PORT);
    printf("%s = %s\n", host, inet_ntoa(server.sin_addr));
    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&server, sizeof server) < 0) {
        perror("connect");
        return -1;
    }
    printf("Connection established with %s:%d\n", inet_ntoa(server.sin_addr), PORT);
    while ((n = recv(s, buf, sizeof buf - 1, 0)) > 0) {
        buf[n] = 0;
        printf("server says: %s", buf);
    }
    printf("server closed the connection\n");
    close(s);
    return 0;
}
