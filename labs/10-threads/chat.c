/*
 * Lab 10 - one server, many clients, a thread each: the code the server and the client share.
 *
 * Your room: the client list's three functions, print_received_lines() and serve_client()
 * below, and the TODO(student) blocks of server.c and client.c. send_all() is given. Keep the
 * names and signatures of chat.h: the grader calls the list functions and
 * print_received_lines() directly, from many threads at once. `make grade LAB=10` tells you
 * how you are doing.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "chat.h"

int send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int client_list_add(struct client_list *list, int fd)
{
	/*
	 * TODO(student): lock list->lock (pthread_mutex_lock); if count is CLIENTS_MAX, the list
	 * is full: unlock, set errno = ENOSPC and return -1; else put fd at fds[count], add one
	 * to count, unlock, return 0. Every thread of the server may call this, or remove a
	 * client, at the same moment: without the lock two threads doing count++ at once can
	 * lose a client or keep one twice.
	 * Read: man 3 pthread_mutex_lock.
	 */
	(void)list;
	(void)fd;
	errno = ENOSYS;
	return -1;
}

int client_list_remove(struct client_list *list, int fd)
{
	/*
	 * TODO(student): with list->lock held, find fd among fds[0..count); put the last entry
	 * in its place and take one from count; return 0. Not there: errno = ENOENT, return -1.
	 * Unlock on every path.
	 */
	(void)list;
	(void)fd;
	errno = ENOSYS;
	return -1;
}

int client_list_broadcast(struct client_list *list, const char *buf, size_t len)
{
	/*
	 * TODO(student): with list->lock held, send_all() the len bytes of buf to each of
	 * fds[0..count); return how many sends succeeded. Holding the lock while sending means
	 * no client leaves (and has its descriptor closed) halfway through the walk.
	 */
	(void)list;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}

int print_received_lines(int fd, const char *tag)
{
	/*
	 * TODO(student): the loop of a client's thread (and of the client's receiving thread):
	 * a blocking recv() into a buffer of CHAT_LINE_MAX bytes, after the bytes already there;
	 * then print every complete line in the buffer (up to a '\n'), as
	 * printf("%s: %.*s\n", tag, length, start), and move what follows it to the front
	 * (memmove): TCP may deliver "Hel", then "lo\n". A full buffer without '\n': print it.
	 * - recv() == 0, or -1 with ECONNRESET: the other side has gone: print what is left of
	 *   a line and return 0;
	 * - -1 with EINTR: try again; any other failure: return -1.
	 * Each line in one printf(): stdio locks the stream for each call, so lines from
	 * several threads never mix within a line.
	 * Read: man 2 recv, man 3 memchr, man 3 memmove.
	 */
	(void)fd;
	(void)tag;
	errno = ENOSYS;
	return -1;
}

void *serve_client(void *arg)
{
	/*
	 * TODO(student): the start routine of a client's thread. arg is the struct client the
	 * main thread allocated: print_received_lines(c->fd, c->tag); then say that the client
	 * left, client_list_remove() it (before closing: a broadcast must never send to a
	 * closed descriptor), close(c->fd), free(c), and return NULL: the thread then ends.
	 */
	(void)arg;
	return NULL;
}
