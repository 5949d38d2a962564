/*
 * Lab 07 - closing a chat on purpose: what the server and the client share.
 *
 * The protocol is lab 06's: every message is one line of text ending in '\n', the client
 * speaks first, then the two sides take turns. Lab 07 adds ending it on purpose: the client's
 * user types /quit to leave, the server's user types /dc to drop the client; and each side
 * notices when the other has left (recv() returns 0, or the connection is reset).
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <sys/types.h>

#define CHAT_PORT 8784
#define CHAT_LINE_MAX 4096  /* size of a line's buffer, NUL included */

/* How a conversation ended, as chat_turns() returns it. */
enum chat_end {
	CHAT_ERROR = -1,       /* a call failed: errno says why */
	CHAT_INPUT_ENDED = 0,  /* our standard input ended: nothing more to say */
	CHAT_PEER_LEFT = 1,    /* the other side closed the connection, or reset it */
	CHAT_COMMAND = 2       /* our user typed the command that ends the chat (/quit, /dc) */
};

/* Sends the len bytes of buf, however many send() calls it takes. Returns 0, or -1 with errno set. (Lab 06.) */
int send_all(int fd, const char *buf, size_t len);

/*
 * Receives one line, up to and including the next '\n', which is removed; stores it
 * NUL-terminated in buf (size bytes, NUL included), cutting a longer line. Returns the bytes
 * the line took ('\n' included), 0 if the other side closed the connection before a line
 * began, or -1 on error (errno set: ECONNRESET for a reset). (Lab 06.)
 */
ssize_t recv_line(int fd, char *buf, size_t size);

/*
 * Whether line, as read from standard input, is the command (e.g. "/quit"): the same
 * characters, whatever '\n', "\r\n" or spaces follow them. Returns 1 or 0.
 */
int is_command(const char *line, const char *command);

/*
 * Takes turns on the connected socket fd until one side stops: on our turn reads a line from
 * standard input and sends it - unless it is our command, which ends the chat; on theirs
 * receives a line and prints it, prefixed by peer_name. We speak first if speak_first is
 * non-zero. Returns how the conversation ended; a send that fails because the other side has
 * gone (EPIPE, ECONNRESET) counts as CHAT_PEER_LEFT.
 */
enum chat_end chat_turns(int fd, int speak_first, const char *command, const char *peer_name);

#endif
