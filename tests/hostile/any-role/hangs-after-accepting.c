/* Hostile, as any lab's server: listens on 8784 (labs 03, 05) and 7007 (echo), accepts one
 * client on either, then blocks forever holding it. */
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on(unsigned short port)
{
	struct sockaddr_in addr;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(port);
	bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	listen(fd, 5);
	return fd;
}

int main(void)
{
	struct pollfd fds[2] = { { listen_on(8784), POLLIN, 0 }, { listen_on(7007), POLLIN, 0 } };

	poll(fds, 2, -1);
	accept(fds[0].revents ? fds[0].fd : fds[1].fd, NULL, NULL);
	for (;;)
		pause();
}
