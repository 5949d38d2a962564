/*
 * Lab 09 - one server, many clients at once: the set of clients.
 * Correct variant: the tag comes after the text ("hello   (from fd 4)").
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "clients.h"

int client_add(struct clients *set, int fd)
{
	struct client *c;

	if (set->count >= CLIENTS_MAX) {
		errno = ENOSPC;
		return -1;
	}
	c = &set->list[set->count];
	c->fd = fd;
	c->len = 0;
	return set->count++;
}

int client_remove(struct clients *set, int i)
{
	if (i < 0 || i >= set->count) {
		errno = EINVAL;
		return -1;
	}
	close(set->list[i].fd);
	/* Order does not matter: the last client takes the freed place. */
	set->count--;
	if (i != set->count)
		set->list[i] = set->list[set->count];
	return 0;
}

/* Prints c's first len bytes as one of its lines and drops them, and the '\n' after them if skip. */
static void print_line(struct client *c, size_t len, int skip)
{
	size_t drop = len + (skip ? 1 : 0);

	printf("%.*s   (from fd %d)\n", (int)len, c->buf, c->fd);
	fflush(stdout);
	memmove(c->buf, c->buf + drop, c->len - drop);
	c->len -= drop;
}

/* Prints every complete line of c's buffer; a full buffer with no '\n' goes out as a piece. */
static void print_complete_lines(struct client *c)
{
	char *nl;

	while ((nl = memchr(c->buf, '\n', c->len)) != NULL)
		print_line(c, (size_t)(nl - c->buf), 1);
	if (c->len == sizeof(c->buf))
		print_line(c, c->len, 0);
}

enum client_state client_read(struct client *c)
{
	ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, 0);

	if (n == -1 && errno == EINTR)
		return CLIENT_GOES_ON;  /* select() will say it is ready again */
	if (n == 0 || (n == -1 && errno == ECONNRESET)) {
		if (c->len > 0)
			print_line(c, c->len, 0);
		return CLIENT_LEFT;
	}
	if (n == -1)
		return CLIENT_ERROR;
	c->len += (size_t)n;
	print_complete_lines(c);
	return CLIENT_GOES_ON;
}

int broadcast(struct clients *set, const char *buf, size_t len)
{
	int reached = 0;

	for (int i = 0; i < set->count; i++) {
		const char *p = buf;
		size_t left = len;

		while (left > 0) {
			ssize_t n = send(set->list[i].fd, p, left, 0);

			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				break;
			p += n;
			left -= (size_t)n;
		}
		reached += left == 0;
	}
	return reached;
}
