/*
 * Lab 09 - one server, many clients at once: the set of clients.
 *
 * Your room: client_add(), client_remove(), client_read() and broadcast() below, and the
 * TODO(student) block of server.c. Keep the function names and signatures of clients.h: the
 * grader calls these four directly. `make grade LAB=09` tells you how you are doing.
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
	/*
	 * TODO(student): refuse the client when the set is full (set->count is CLIENTS_MAX):
	 * errno = ENOSPC, return -1; writing list[CLIENTS_MAX] would overwrite other memory.
	 * Else store fd in set->list[set->count] with an empty buffer (len 0), return its index
	 * and add one to set->count.
	 */
	(void)set;
	(void)fd;
	errno = ENOSYS;
	return -1;
}

int client_remove(struct clients *set, int i)
{
	/*
	 * TODO(student): check i (0 <= i < set->count, else errno = EINVAL and return -1),
	 * close() the client's socket, then take it out: move the last client into list[i] and
	 * subtract one from set->count. Return 0.
	 * Read: man 2 close.
	 */
	(void)set;
	(void)i;
	errno = ENOSYS;
	return -1;
}

enum client_state client_read(struct client *c)
{
	/*
	 * TODO(student): receive once, and print the lines now whole.
	 * - recv() ONE time into c->buf after the c->len bytes already there (at most
	 *   sizeof(c->buf) - c->len bytes): select() said there is something, so it does not
	 *   wait; a second recv() might, and every other client would wait with it.
	 * - 0 (end of file) or -1 with ECONNRESET: the client has gone; print what is left of
	 *   its line, return CLIENT_LEFT. Other errors: return CLIENT_ERROR.
	 * - Else add what came to c->len, then print every complete line (up to a '\n'), tagged
	 *   with the client, e.g. printf("client %d: %.*s\n", c->fd, len, c->buf), and move what
	 *   follows it to the front (memmove). A full buffer without '\n': print it as it is.
	 *   Return CLIENT_GOES_ON.
	 * Read: man 2 recv, man 3 memchr, man 3 memmove.
	 */
	(void)c;
	errno = ENOSYS;
	return CLIENT_ERROR;
}

int broadcast(struct clients *set, const char *buf, size_t len)
{
	/*
	 * TODO(student): send() the len bytes of buf to each client of the set (loop until all
	 * are sent: send() may send fewer). Skip a client whose send() fails: select() will
	 * report it and its recv() will say it has gone. Return how many clients got it all.
	 * Read: man 2 send.
	 */
	(void)set;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}
