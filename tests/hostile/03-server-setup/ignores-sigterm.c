/* Hostile: a working server that ignores SIGTERM and SIGINT, so it must be killed harder. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in addr;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(8784);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 || listen(fd, 5) == -1) {
		perror("bind");
		return 1;
	}
	for (;;) {
		struct sockaddr_in peer;
		socklen_t len = sizeof(peer);
		int c = accept(fd, (struct sockaddr *)&peer, &len);

		if (c == -1)
			continue;
		printf("client %s connected\n", inet_ntoa(peer.sin_addr));
		close(c);
	}
}
