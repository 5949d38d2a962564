/*
 * Lab 10 - one server, many clients, a thread each: what the server and the client share.
 *
 * The server of lab 09 with threads instead of select(): the main thread accepts, and each
 * client gets a thread of its own (pthread_create) that receives its lines and prints them,
 * tagged with who sent them; a thread reads the server's standard input and sends each line
 * to every client. The list of connected clients is shared by all those threads: whoever
 * reads or changes it holds its mutex. The client has two threads: one reads standard input
 * and sends, the other receives and prints.
 */
#ifndef CHAT_H
#define CHAT_H

#include <pthread.h>
#include <stddef.h>

#define CHAT_PORT 8784
#define CHAT_LINE_MAX 4096  /* size of a line's buffer, NUL included */
#define CLIENTS_MAX 64      /* clients connected at once, at most */

/* The connected clients' sockets, shared by every thread of the server. */
struct client_list {
	pthread_mutex_t lock;  /* held by any thread that reads or changes fds or count */
	int fds[CLIENTS_MAX];  /* the first count are connected clients, in no order */
	int count;
};

#define CLIENT_LIST_INIT { PTHREAD_MUTEX_INITIALIZER, { 0 }, 0 }

/* What a client's thread is given: its socket, its tag, and the list it is in. */
struct client {
	int fd;
	char tag[32];  /* how its lines are tagged when printed, e.g. "127.0.0.1:40312" */
	struct client_list *list;
};

/*
 * Sends the len bytes of buf, however many send() calls it takes. Returns 0, or -1 with
 * errno set. (Given.)
 */
int send_all(int fd, const char *buf, size_t len);

/* Adds fd to the list, holding its lock. Returns 0, or -1 with errno ENOSPC if it is full. */
int client_list_add(struct client_list *list, int fd);

/* Removes fd from the list, holding its lock. Returns 0, or -1 with errno ENOENT if absent. */
int client_list_remove(struct client_list *list, int fd);

/*
 * Sends the len bytes of buf to every client of the list, holding its lock (a client that
 * leaves meanwhile is not removed under our feet). Returns how many clients it was sent to.
 */
int client_list_broadcast(struct client_list *list, const char *buf, size_t len);

/*
 * Receives on fd until the other side leaves and prints each complete line (without its
 * '\n'), prefixed by tag; an unfinished line waits in a buffer for the rest (a line longer
 * than the buffer is printed in pieces). Returns 0 once the other side has gone (end of file
 * or a reset: what was left of a line is printed first), or -1 with errno set.
 */
int print_received_lines(int fd, const char *tag);

/*
 * A client's thread (start routine of pthread_create, arg a struct client allocated with
 * malloc): prints the client's lines with print_received_lines(), then says that it left,
 * removes it from the list, closes its socket and frees arg. Returns NULL.
 */
void *serve_client(void *arg);

#endif
