/* Hostile: listens, accepts one client, then blocks forever holding it. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(8784);
	bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	listen(fd, 5);
	accept(fd, NULL, NULL);
	for (;;)
		pause();
}
