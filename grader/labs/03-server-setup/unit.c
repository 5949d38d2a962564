/*
 * Unit checks of lab 03: open_listenfd() and accept_client(), called directly.
 * Each check uses the grader's own socket code for everything but the function it checks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"

int open_listenfd(uint16_t port);
int accept_client(int listenfd, char *peer, size_t peerlen);

#define ENOSYS_HINT "open_listenfd() still returns the skeleton's -1/ENOSYS: implement it"

/* Calls open_listenfd(port) and fails the check, with the reason, if it returned -1. */
static int listen_or_fail(uint16_t port)
{
	int fd;

	errno = 0;
	fd = open_listenfd(port);
	expect(fd >= 0, "open_listenfd() failed", sl_fmt("a socket descriptor (>= 0) for port %u", port),
	       sl_fmt("%d with errno %s", fd, sl_errno_name(errno)),
	       errno == ENOSYS ? ENOSYS_HINT :
	       "check each call's return value and perror() it: which of socket/bind/listen fails?");
	return fd;
}

static struct sockaddr_in bound_address(int fd)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);

	memset(&addr, 0, sizeof(addr));
	getsockname(fd, (struct sockaddr *)&addr, &len);
	return addr;
}

/* A free port for this check, released: one whose byte-swapped twin, where a missing htons()
 * binds, is free and unprivileged too, so such code fails the same checks on every run. */
static uint16_t free_port(void)
{
	uint16_t port = 0;
	int fd = sl_listen_loopback_twinned(&port);

	cr_assert(fd != -1, "the grader found no pair of free ports on 127.0.0.1");
	close(fd);
	return port;
}

CHECK(open_listenfd, returns_a_listening_tcp_socket, 2, "open_listenfd returns a listening TCP socket")
{
	int fd = listen_or_fail(free_port()), type = -1, listening = -1;
	socklen_t len = sizeof(int);

	getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len);
	len = sizeof(int);
	getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len);
	expect(type == SOCK_STREAM, "the socket is not a TCP (stream) socket", "SOCK_STREAM",
	       type == SOCK_DGRAM ? "SOCK_DGRAM" : sl_fmt("socket type %d", type),
	       "create it with socket(AF_INET, SOCK_STREAM, 0)");
	expect(listening == 1, "the socket is not listening", "listen() called on the socket",
	       "a socket that is not listening", "call listen(fd, backlog) after bind()");
	close(fd);
}

CHECK(open_listenfd, binds_all_interfaces, 2, "open_listenfd binds to all interfaces (INADDR_ANY)")
{
	int fd = listen_or_fail(free_port());
	struct sockaddr_in addr = bound_address(fd);
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof(ip));
	expect(addr.sin_family == AF_INET && addr.sin_addr.s_addr == htonl(INADDR_ANY),
	       "the socket is not bound to all interfaces", "0.0.0.0 (INADDR_ANY)", ip,
	       "set addr.sin_addr.s_addr = htonl(INADDR_ANY) before bind()");
	close(fd);
}

CHECK(open_listenfd, binds_the_requested_port, 2, "open_listenfd binds the requested port, in network byte order")
{
	uint16_t port = free_port();
	int fd = listen_or_fail(port);
	uint16_t got = ntohs(bound_address(fd).sin_port);

	expect(got == port, "the socket is bound to another port",
	       sl_fmt("port %u", port), sl_fmt("port %u", got),
	       got == sl_swapped_port(port) ?
	       "the port is byte-swapped: store htons(port) in sin_port (network byte order)" :
	       "store htons(port) in sin_port, the port given as argument");
	close(fd);
}

CHECK(open_listenfd, port_zero_gives_an_ephemeral_port, 1, "open_listenfd(0) listens on a port the kernel picks")
{
	int fd = listen_or_fail(0);
	uint16_t got = ntohs(bound_address(fd).sin_port);

	expect(got != 0, "no port was bound", "a non-zero port chosen by the kernel", "port 0",
	       "bind() before listen(), with sin_port = htons(port)");
	close(fd);
}

CHECK(open_listenfd, port_in_use_gives_eaddrinuse, 1, "open_listenfd returns -1 with EADDRINUSE when the port is taken, leaking nothing")
{
	uint16_t port = 0;
	int taken = sl_listen_loopback(&port), before = sl_count_open_fds(), fd, err, after;

	errno = 0;
	fd = open_listenfd(port);
	err = errno;
	after = sl_count_open_fds();
	expect(fd == -1 && err == EADDRINUSE, "open_listenfd() on a port already taken by a listener did not fail with EADDRINUSE",
	       "-1 with errno EADDRINUSE", sl_fmt("%d with errno %s", fd, sl_errno_name(err)),
	       err == ENOSYS ? ENOSYS_HINT :
	       "return -1 as soon as bind() fails, keeping its errno (close() may change errno: save it)");
	expect(after == before, "a descriptor leaked on failure", sl_fmt("%d open descriptors", before),
	       sl_fmt("%d open descriptors", after), "close the socket before returning -1");
	close(taken);
}

CHECK(open_listenfd, binds_again_after_the_previous_listener_closed, 1, "open_listenfd binds the same port again right after the previous listener closed")
{
	uint16_t port = free_port();
	int fd = listen_or_fail(port);

	close(fd);
	errno = 0;
	fd = open_listenfd(port);
	expect(fd >= 0, "the port could not be bound a second time",
	       sl_fmt("a socket descriptor (>= 0) for port %u", port), sl_fmt("%d with errno %s", fd, sl_errno_name(errno)),
	       "set SO_REUSEADDR with setsockopt() before bind()");
	close(fd);
}

CHECK(open_listenfd, sets_so_reuseaddr, 0, "open_listenfd sets SO_REUSEADDR so a restarted server binds at once")
{
	int fd = listen_or_fail(free_port()), reuse = 0;
	socklen_t len = sizeof(reuse);

	getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, &len);
	expect(reuse != 0, "SO_REUSEADDR is not set", "SO_REUSEADDR on", "off",
	       "without it a restarted server fails with 'Address already in use' for a minute: "
	       "setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) before bind()");
	close(fd);
}

CHECK(accept_client, returns_the_connection_and_the_peer_address, 2, "accept_client returns the connection and writes the client's address as ip:port")
{
	uint16_t port = 0;
	int listenfd = sl_listen_loopback(&port), client = sl_connect_loopback(port), fd;
	char peer[64], want[64];

	/* A client port that reads the same byte-swapped would hide a missing ntohs(): another. */
	while (client != -1 && sl_swapped_port(sl_local_port(client)) == sl_local_port(client)) {
		close(accept(listenfd, NULL, NULL));
		close(client);
		client = sl_connect_loopback(port);
	}
	memset(peer, 0, sizeof(peer));
	snprintf(want, sizeof(want), "127.0.0.1:%u", sl_local_port(client));
	errno = 0;
	fd = accept_client(listenfd, peer, sizeof(peer));
	expect(fd >= 0, "accept_client failed on a listener with a client waiting",
	       "a connected socket descriptor (>= 0)",
	       sl_fmt("%d with errno %s", fd, sl_errno_name(errno)),
	       errno == ENOSYS ? "accept_client() still returns the skeleton's -1/ENOSYS: implement it" :
	       "call accept(listenfd, (struct sockaddr *)&addr, &addrlen) and return its result");
	expect(sl_local_port(fd) == port, "the descriptor returned is not the accepted connection",
	       sl_fmt("a socket on port %u", port), sl_fmt("descriptor %d", fd),
	       "return the descriptor that accept() returned");
	expect(strcmp(peer, want) == 0, "the client's address is written wrongly", want, peer,
	       "snprintf(peer, peerlen, \"%s:%u\", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port))");
	close(fd);
	close(client);
	close(listenfd);
}
