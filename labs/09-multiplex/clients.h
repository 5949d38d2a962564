/*
 * Lab 09 - one server, many clients at once (select): the set of clients.
 *
 * The server keeps every connected client in a struct clients: its socket and the start of a
 * line not yet complete (TCP may deliver "hel" now and "lo\n" later, and another client may
 * speak in between, so each client has a buffer of its own). One loop waits in select() for
 * the listening socket, stdin and every client's socket together; it never waits in recv() on
 * one client while another may speak.
 */
#ifndef CLIENTS_H
#define CLIENTS_H

#include <stddef.h>

#define SERVER_PORT 8784
#define CLIENTS_MAX 100     /* clients served at once (select() handles fds below FD_SETSIZE) */
#define CLIENT_LINE_MAX 1024  /* size of a client's line buffer */

/* What client_read() found. */
enum client_state {
	CLIENT_ERROR = -1,  /* recv() failed for another reason: errno says why */
	CLIENT_LEFT = 0,    /* the client closed its connection, or reset it */
	CLIENT_GOES_ON = 1  /* bytes were received; the client is still there */
};

struct client {
	int fd;                      /* its connected socket */
	char buf[CLIENT_LINE_MAX];   /* the start of a line not yet complete */
	size_t len;                  /* bytes in buf, none of them '\n' */
};

struct clients {
	struct client list[CLIENTS_MAX];  /* list[0] to list[count - 1] are in use */
	int count;                        /* start with 0 */
};

/*
 * Adds the connected socket fd to the set, with an empty line buffer. Returns its index in
 * set->list, or -1 with errno set to ENOSPC when the set is full (fd is then left open).
 */
int client_add(struct clients *set, int fd);

/*
 * Closes the socket of set->list[i] and takes the client out of the set; the others stay, in
 * any order (the last may take its place). Returns 0, or -1 with errno EINVAL for no such i.
 */
int client_remove(struct clients *set, int i);

/*
 * Receives once from client c (select() said its socket is readable, so one recv() does not
 * wait) and prints each line now complete on stdout, without its '\n', tagged with the
 * client's descriptor: "client 4: hello". The start of a line not yet complete stays in c->buf
 * for the next call (a line longer than the buffer is printed in pieces). Returns
 * CLIENT_GOES_ON, CLIENT_LEFT (end of file or a reset: what was left of a line is printed
 * first) or CLIENT_ERROR (errno set).
 */
enum client_state client_read(struct client *c);

/*
 * Sends the len bytes of buf to every client of the set. A client whose send() fails is left
 * for select() to report (its recv() then says it has gone). Returns the number of clients
 * it reached.
 */
int broadcast(struct clients *set, const char *buf, size_t len);

#endif
