/* Hostile: closes its stdout and stderr, then serves clients silently. */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr;
	int fd;

	close(1);
	close(2);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(8784);
	bind(fd, (struct sockaddr *)&addr, sizeof(addr));
	listen(fd, 5);
	for (;;)
		close(accept(fd, NULL, NULL));
}
