/*
 * Lab 10 - one server, many clients, a thread each: the code the server and the client share.
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
	int rc = 0;

	pthread_mutex_lock(&list->lock);
	if (list->count == CLIENTS_MAX)
		rc = -1;
	else
		list->fds[list->count++] = fd;
	pthread_mutex_unlock(&list->lock);
	if (rc == -1)
		errno = ENOSPC;
	return rc;
}

int client_list_remove(struct client_list *list, int fd)
{
	int i, rc = -1;

	pthread_mutex_lock(&list->lock);
	for (i = 0; i < list->count; i++) {
		if (list->fds[i] == fd) {
			/* Order does not matter: the last one takes its place. */
			list->fds[i] = list->fds[--list->count];
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&list->lock);
	if (rc == -1)
		errno = ENOENT;
	return rc;
}

int client_list_broadcast(struct client_list *list, const char *buf, size_t len)
{
	int i, sent = 0;

	pthread_mutex_lock(&list->lock);
	for (i = 0; i < list->count; i++)
		if (send_all(list->fds[i], buf, len) == 0)
			sent++;
	pthread_mutex_unlock(&list->lock);
	return sent;
}

/* Prints every complete line of buf[0..*len) and moves what follows the last to the front. */
static void print_complete_lines(char *buf, size_t *len, const char *tag)
{
	char *start = buf, *nl;

	while ((nl = memchr(start, '\n', *len - (size_t)(start - buf))) != NULL) {
		printf("%s: %.*s\n", tag, (int)(nl - start), start);
		start = nl + 1;
	}
	*len -= (size_t)(start - buf);
	memmove(buf, start, *len);
}

int print_received_lines(int fd, const char *tag)
{
	char buf[CHAT_LINE_MAX];
	size_t len = 0;

	for (;;) {
		ssize_t n = recv(fd, buf + len, sizeof(buf) - len, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != ECONNRESET)
			return -1;
		if (n <= 0) {  /* end of file, or a reset: the other side has gone */
			if (len > 0)
				printf("%s: %.*s\n", tag, (int)len, buf);
			return 0;
		}
		len += (size_t)n;
		print_complete_lines(buf, &len, tag);
		if (len == sizeof(buf)) {  /* a line longer than the buffer: print this piece */
			printf("%s: %.*s\n", tag, (int)len, buf);
			len = 0;
		}
	}
}

void *serve_client(void *arg)
{
	struct client *c = arg;

	if (print_received_lines(c->fd, c->tag) == -1)
		fprintf(stderr, "recv from %s: %s\n", c->tag, strerror(errno));
	printf("client %s left\n", c->tag);
	/* Out of the list before the descriptor is closed: a broadcast never sends to a closed
	 * (or reused) descriptor. */
	client_list_remove(c->list, c->fd);
	close(c->fd);
	free(c);
	return NULL;
}
