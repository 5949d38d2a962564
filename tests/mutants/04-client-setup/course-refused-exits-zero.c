/* Lab 04 mutant: a course-style client that exits with status 0 after "cannot connect" (as
 * many real ones do). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

int main(int argc, char *argv[])
{
    char hostname[100];
    struct hostent *h;
    struct sockaddr_in saddr;
    int sockfd;
    unsigned short port = 8784;

    if (argc > 1) {
        strncpy(hostname, argv[1], sizeof(hostname) - 1);
        hostname[sizeof(hostname) - 1] = '\0';
    } else {
        printf("Enter the server hostname: ");
        if (scanf("%99s", hostname) != 1) {
            printf("\nNo hostname entered\n");
            return 1;
        }
    }
    h = gethostbyname(hostname);
    if (h == NULL) {
        printf("Unknown host %s\n", hostname);
        return 1;
    }
    printf("IP address: %s\n", inet_ntoa(*(struct in_addr *) h->h_addr_list[0]));

    if ((sockfd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
        printf("Error creating socket\n");
        return 1;
    }
    bzero(&saddr, sizeof(saddr));
    saddr.sin_family = AF_INET;
    bcopy(h->h_addr_list[0], &saddr.sin_addr, h->h_length);
    saddr.sin_port = htons(port);
    if (connect(sockfd, (struct sockaddr *) &saddr, sizeof(saddr)) < 0) {
        printf("Cannot connect to the server\n");
        return 0;
    }
    printf("Connected to the server successfully!\n");
    close(sockfd);
    return 0;
}
