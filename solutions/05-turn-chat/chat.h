/*
 * Lab 05 - turn-taking chat: what the server and the client share.
 *
 * The protocol (the course's PW05): the client speaks first, then the two sides take turns.
 * A message is what one side sends for its turn: the line typed on its standard input, sent
 * with one send() of strlen() bytes (its '\n' may be kept or stripped; never a NUL byte). The
 * other side receives it with one recv() and prints it. Receiving until a delimiter, whatever
 * TCP's split, is the next lab's (06).
 */
#ifndef CHAT_H
#define CHAT_H

#define CHAT_PORT 8784
#define CHAT_LINE_MAX 1024  /* size of a line's buffer, NUL included */

/* How a conversation ended, as chat_turns() returns it. */
enum chat_end {
	CHAT_ERROR = -1,       /* a call failed: errno says why */
	CHAT_INPUT_ENDED = 0,  /* our standard input ended: nothing more to say */
	CHAT_PEER_LEFT = 1     /* the other side closed the connection */
};

/*
 * Takes turns on the connected socket fd until one side stops: on our turn reads a line from
 * standard input and sends it; on theirs receives a message and prints it, prefixed by
 * peer_name. We speak first if speak_first is non-zero. Returns how the conversation ended.
 */
enum chat_end chat_turns(int fd, int speak_first, const char *peer_name);

#endif
