/* Hostile: takes every TCP port it can on every address, then sleeps. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int taken = 0;

	for (int port = 1; port < 65536; port++) {
		struct sockaddr_in addr;
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd == -1)
			break;
		memset(&addr, 0, sizeof(addr));
		addr.sin_family = AF_INET;
		addr.sin_port = htons(port);
		if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0 && listen(fd, 1) == 0)
			taken++;
		else
			close(fd);
	}
	printf("took %d ports\n", taken);
	for (;;)
		pause();
}
