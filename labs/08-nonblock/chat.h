/*
 * Lab 08 - chatting without turns: what the server and the client share.
 *
 * Lab 07's chat without its turns: either side types at any time and receives at any time.
 * Each program makes its socket non-blocking (O_NONBLOCK) and waits with poll() for whichever
 * comes first, a line on standard input or bytes on the socket; it never waits in a loop that
 * keeps asking (that spins a core at 100%). Messages are lines ending in '\n'; /quit (client)
 * and /dc (server) end the chat as in lab 07.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <sys/types.h>

#define CHAT_PORT 8784
#define CHAT_LINE_MAX 4096  /* size of a line's buffer, NUL included */

/* How a conversation ended, or that it goes on, as chat_loop() and pump_socket() return it. */
enum chat_end {
	CHAT_ERROR = -1,       /* a call failed: errno says why */
	CHAT_INPUT_ENDED = 0,  /* our standard input ended: nothing more to say */
	CHAT_PEER_LEFT = 1,    /* the other side closed the connection, or reset it */
	CHAT_COMMAND = 2,      /* our user typed the command that ends the chat (/quit, /dc) */
	CHAT_GOES_ON = 3       /* nothing has ended (pump_socket only) */
};

/* The bytes of a line received so far, kept from one call of pump_socket() to the next. */
struct inbox {
	char buf[CHAT_LINE_MAX];
	size_t len;  /* bytes in buf, none of them '\n'; start with 0 */
};

/*
 * Sends the len bytes of buf, however many send() calls it takes; on a non-blocking socket
 * whose buffer is full (EAGAIN), waits with poll() until it has room. Returns 0, or -1 with
 * errno set. (Given.)
 */
int send_all(int fd, const char *buf, size_t len);

/* Whether line, as read from standard input, is the command ("/quit", "/dc"). (Lab 07, given.) */
int is_command(const char *line, const char *command);

/* Makes fd non-blocking (O_NONBLOCK), keeping its other flags. Returns 0, or -1 with errno set. */
int set_nonblocking(int fd);

/*
 * Receives what has arrived on the non-blocking socket fd, without waiting for more, and prints
 * each complete line (without its '\n'), prefixed by peer_name; the start of a line not yet
 * complete stays in in for the next call (a line longer than the buffer is printed in pieces).
 * recv() failing with EAGAIN or EWOULDBLOCK only means that nothing more has come yet.
 * Returns CHAT_GOES_ON, CHAT_PEER_LEFT (end of file, or a reset: what was left of a line is
 * printed first) or CHAT_ERROR (errno set).
 */
enum chat_end pump_socket(int fd, struct inbox *in, const char *peer_name);

/*
 * Chats on the connected, non-blocking socket fd until one side stops: waits with poll() for
 * standard input and fd together; sends each line typed (unless it is our command, which ends
 * the chat) and prints each line received (pump_socket), in whatever order they come.
 * Returns CHAT_INPUT_ENDED, CHAT_PEER_LEFT, CHAT_COMMAND or CHAT_ERROR.
 */
enum chat_end chat_loop(int fd, const char *command, const char *peer_name);

#endif
