/* Hostile: opens sockets until it runs out of descriptors, then serves with what is left. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr;
	int fd, n = 0;

	while (socket(AF_INET, SOCK_STREAM, 0) != -1)
		n++;
	printf("opened %d sockets\n", n);
	close(3);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(8784);
	bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	listen(fd, 5);
	for (;;)
		pause();
}
