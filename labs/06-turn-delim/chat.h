/*
 * Lab 06 - turn-taking chat with a delimiter: what the server and the client share.
 *
 * The protocol: every message is one line of text ending in '\n'. The client speaks first,
 * then the two sides take turns. TCP delivers a byte stream, not messages: one send() of
 * "Hello Bob\n" may arrive as "Hello " and then "Bob\n", and two messages may arrive in one
 * piece. So the sender sends every byte (send_all) and the receiver reads until the '\n'
 * (recv_line).
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <sys/types.h>

#define CHAT_PORT 8784
#define CHAT_LINE_MAX 4096  /* size of a received line's buffer, NUL included */

/* How a conversation ended, as chat_turns() returns it. */
enum chat_end {
	CHAT_ERROR = -1,       /* a call failed: errno says why */
	CHAT_INPUT_ENDED = 0,  /* our standard input ended: nothing more to say */
	CHAT_PEER_LEFT = 1     /* the other side closed the connection */
};

/* Sends the len bytes of buf, however many send() calls it takes. Returns 0, or -1 with errno set. */
int send_all(int fd, const char *buf, size_t len);

/*
 * Receives one line: the bytes up to and including the next '\n', which is removed; the line
 * is stored NUL-terminated in buf (size bytes, NUL included) and never written past it. A line
 * longer than size - 1 bytes is cut to its first size - 1 bytes and the rest of it, up to its
 * '\n', is read and thrown away. Returns the number of bytes the line took in the stream, its
 * '\n' included (so an empty line gives 1), 0 if the other side closed the connection before
 * a line began, or -1 on error (errno set). A last line that ends without '\n' is returned
 * as a line.
 */
ssize_t recv_line(int fd, char *buf, size_t size);

/*
 * Takes turns on the connected socket fd until one side stops: on our turn reads a line from
 * standard input and sends it; on theirs receives a line and prints it, prefixed by peer_name.
 * We speak first if speak_first is non-zero. Returns how the conversation ended.
 */
enum chat_end chat_turns(int fd, int speak_first, const char *peer_name);

#endif
