/* CORRECT VARIANT: a PW06 client as one file whose argv path is broken but which chats with
 * the hostname typed on stdin, as the course's PW04 allows: run as "client HOST" it reads
 * its port from argv[2], which is NULL (atoi(NULL) crashes); run without an argument it asks
 * for the hostname, connects to 8784 and chats. The argv path is lab 04's to grade: lab 06
 * starts it again without argv[1] and grades the chat. */
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
    char host[256], line[4096], reply[4096], c;
    struct hostent *h;
    struct sockaddr_in ad;
    int fd, port = 8784, k, n;

    if (argc > 1) {
        strcpy(host, argv[1]);
        port = atoi(argv[2]);
    } else {
        printf("hostname: ");
        fflush(stdout);
        if (scanf("%255s", host) != 1)
            return 1;
        getchar();
    }
    h = gethostbyname(host);
    if (h == NULL) {
        printf("unknown host %s\n", host);
        return 1;
    }
    printf("%s is %s\n", host, inet_ntoa(*(struct in_addr *) h->h_addr_list[0]));
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&ad, 0, sizeof(ad));
    ad.sin_family = AF_INET;
    ad.sin_port = htons(port);
    memcpy(&ad.sin_addr, h->h_addr_list[0], h->h_length);
    if (connect(fd, (struct sockaddr *) &ad, sizeof(ad)) < 0) {
        perror("connect");
        return 1;
    }
    while (fgets(line, sizeof(line), stdin) != NULL) {
        send(fd, line, strlen(line), 0);
        k = 0;
        while ((n = recv(fd, &c, 1, 0)) == 1 && c != '\n')
            if (k < (int) sizeof(reply) - 1)
                reply[k++] = c;
        if (n != 1) {
            printf("server left\n");
            break;
        }
        reply[k] = '\0';
        printf("server: %s\n", reply);
    }
    close(fd);
    return 0;
}
