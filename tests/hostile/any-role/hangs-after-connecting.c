/* Hostile, as any lab's client: connects to 127.0.0.1 on 8784 (labs 04, 05) or else 7007
 * (echo), retrying until one answers, then blocks forever holding the connection. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int connect_to(unsigned short port)
{
	struct sockaddr_in addr;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
		return fd;
	close(fd);
	return -1;
}

int main(void)
{
	while (connect_to(8784) == -1 && connect_to(7007) == -1)
		usleep(10000);
	for (;;)
		pause();
}
