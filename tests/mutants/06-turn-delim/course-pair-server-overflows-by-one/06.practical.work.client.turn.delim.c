/* The correct PW06 client of 6.pratical.work.clinet.turn.delim.c, beside the server under test
 * (a pair of course files: the pair's advice check runs both). */
#define _GNU_SOURCE
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
    struct hostent *he;
    struct sockaddr_in ad;
    char *typed = NULL, reply[3000], c;
    size_t cap = 0;
    ssize_t len;
    int s, r, k;

    if (argc < 2) {
        printf("usage: %s host\n", argv[0]);
        return 1;
    }
    he = gethostbyname(argv[1]);
    if (!he) {
        herror("gethostbyname");
        return 1;
    }
    s = socket(AF_INET, SOCK_STREAM, 0);
    memset(&ad, 0, sizeof(ad));
    ad.sin_family = AF_INET;
    ad.sin_port = htons(8784);
    memcpy(&ad.sin_addr, he->h_addr_list[0], he->h_length);
    if (connect(s, (struct sockaddr *) &ad, sizeof(ad)) != 0) {
        perror("connect");
        return 1;
    }
    for (;;) {
        len = getline(&typed, &cap, stdin);
        if (len < 0)
            break;
        if (typed[len - 1] != '\n') {
            typed = realloc(typed, len + 2);
            typed[len++] = '\n';
        }
        write(s, typed, len);
        k = 0;
        while ((r = read(s, &c, 1)) == 1 && c != '\n')
            if (k < (int) sizeof(reply) - 1)
                reply[k++] = c;
        if (r != 1) {
            printf("server is gone\n");
            break;
        }
        reply[k] = 0;
        printf("[server] %s\n", reply);
    }
    close(s);
    free(typed);
    return 0;
}
