/*
 * Helpers for the grader's Criterion unit checks.
 *
 * A check is declared with CHECK(suite, name, points, title): the grader reads that line to
 * learn the check's id ("suite.name"), its points and its title, so keep it on one line.
 * Failures go through expect(): a summary, what was expected, what was seen and a hint, which
 * the report shows under the check.
 */
#ifndef SOCKLAB_UNIT_H
#define SOCKLAB_UNIT_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

/* Every check has a deadline of its own: Criterion's --timeout does not bound a test. */
#define CHECK(suite, name, points, title) \
	Test(suite, name, .description = title, .timeout = 5.0)

/* Formats into one of a few rotating static buffers, so several may stand in one call. */
static inline const char *sl_fmt(const char *fmt, ...)
{
	static char bufs[4][1024];
	static int next;
	char *buf = bufs[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return buf;
}

/* Fails the check unless cond holds; the message carries the parts the report shows. */
#define expect(cond, summary, expected, seen, hint) \
	cr_assert((cond), "%s\nexpected: %s\nseen: %s\nhint: %s", (summary), (expected), (seen), (hint))

/* Describes errno the way a student reads it: "ENOSYS (Function not implemented)". */
const char *sl_errno_name(int err);

/* The name of value in an enum whose count values from first on are named by names, in order;
 * for any other value "N (none of TYPE)". */
const char *sl_enum_name(int value, int first, const char *const names[], int count, const char *type);

/* The checks' own socket code, so a check of one student function relies on no other. */
int sl_count_open_fds(void);               /* open descriptors of this process */
int sl_connect_loopback(uint16_t port);    /* connected to 127.0.0.1:port, or -1 */
int sl_listen_loopback(uint16_t *port);    /* listening on 127.0.0.1:*port (0: any; set) */
int sl_refuse_loopback(uint16_t *port);    /* bound there, not listening: connects are refused */
/* Listening on 127.0.0.1:*port (set), a port whose byte-swapped twin is another free port at or
 * above 1024: code that forgets htons() goes there, and fails the same way on every run. */
int sl_listen_loopback_twinned(uint16_t *port);
uint16_t sl_local_port(int fd);            /* port of getsockname(), host order; 0 on error */
uint16_t sl_swapped_port(uint16_t port);   /* its two bytes swapped: where a missing htons() goes */

/* Writes all of text to fd, or fails the check: the checks' side of a socketpair. */
void sl_put(int fd, const char *text);

/* What a student function prints, caught: sl_catch_stdout() before the call sends stdout to a
 * file, sl_release_stdout() after it gives stdout back and copies the text into printed (at most
 * size - 1 bytes, NUL-terminated); errno is kept, so the call's own errno can be read after. */
struct sl_caught {
	FILE *file;
	int saved;
};
void sl_catch_stdout(struct sl_caught *c);
void sl_release_stdout(struct sl_caught *c, char *printed, size_t size);

/* Text for a report, each newline shown as \n; a few rotating buffers, as sl_fmt(). */
const char *sl_newlines_shown(const char *text);

#endif
