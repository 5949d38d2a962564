/* MUTANT: a PW06 server as one file that receives a line byte by byte into char line[1024],
 * stores at most 1024 bytes, then ends it with line[i] = '\0': for a line of 1024 characters
 * or more, the '\0' goes one byte past the array. A 2000-character line is cut (that loses the
 * long-lines check); the byte past the end seldom crashes, but AddressSanitizer sees it
 * (advice: pair-memory names the array and the line). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(void)
{
    int s, c, on = 1, i, n;
    struct sockaddr_in a;
    char ch, msg[4096];

    s = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = INADDR_ANY;
    a.sin_port = htons(8784);
    if (bind(s, (struct sockaddr *) &a, sizeof(a)) < 0 || listen(s, 5) < 0) {
        perror("server");
        return 1;
    }
    for (;;) {
        c = accept(s, NULL, NULL);
        printf("client connected\n");
        for (;;) {
            char line[1024];

            i = 0;
            while ((n = recv(c, &ch, 1, 0)) == 1 && ch != '\n')
                if (i < (int) sizeof(line))
                    line[i++] = ch;
            line[i] = '\0';
            if (n != 1)
                break;
            printf("client: %s\n", line);
            if (fgets(msg, sizeof(msg), stdin) == NULL) {
                close(c);
                return 0;
            }
            send(c, msg, strlen(msg), 0);
        }
        printf("client left\n");
        close(c);
    }
}
