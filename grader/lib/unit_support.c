/*
 * Support for the unit checks: a Criterion report hook and the checks' own socket helpers.
 *
 * The hook writes one JSON line per test to the file named by $SOCKLAB_UNIT_RESULTS, so the
 * grader reads outcomes, durations and our structured failure messages without parsing
 * Criterion's own reports (its XML does not escape the text of later message lines).
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unit.h"

/* Writes s escaped for the inside of a JSON string. */
static void write_json_chars(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void write_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	write_json_chars(f, s);
	fputc('"', f);
}

static const char *outcome(const struct criterion_test_stats *stats)
{
	if (stats->timed_out)
		return "timeout";
	if (stats->crashed)
		return "crash";
	if (stats->test_status == CR_STATUS_SKIPPED)
		return "skip";
	return stats->test_status == CR_STATUS_PASSED ? "pass" : "fail";
}

static void write_result(struct criterion_test_stats *stats)
{
	const char *path = getenv("SOCKLAB_UNIT_RESULTS");
	FILE *f;
	int first = 1;

	if (path == NULL || (f = fopen(path, "a")) == NULL)
		return;
	fputs("{\"suite\":", f);
	write_json_string(f, stats->test->category);
	fputs(",\"name\":", f);
	write_json_string(f, stats->test->name);
	fprintf(f, ",\"status\":\"%s\",\"signal\":%d,\"exit_code\":%d,\"duration\":%.3f,\"message\":",
		outcome(stats), stats->signal, stats->exit_code, (double)stats->elapsed_time);
	fputc('"', f);
	for (struct criterion_assert_stats *a = stats->asserts; a; a = a->next) {
		if (a->passed)
			continue;
		/* Failed assertions are joined into one message, a line apart. */
		fputs(first ? "" : "\\n", f);
		write_json_chars(f, a->message);
		first = 0;
	}
	fputs("\"}\n", f);
	fclose(f);
}

/*
 * A test that crashes reaches TEST_CRASH and not POST_TEST (Criterion 2.4.1): record it there,
 * and each test once.
 */
ReportHook(TEST_CRASH)(struct criterion_test_stats *stats)
{
	write_result(stats);
}

ReportHook(POST_TEST)(struct criterion_test_stats *stats)
{
	if (!stats->crashed)
		write_result(stats);
}

const char *sl_enum_name(int value, int first, const char *const names[], int count, const char *type)
{
	if (value >= first && value - first < count)
		return names[value - first];
	return sl_fmt("%d (none of %s)", value, type);
}

const char *sl_errno_name(int err)
{
	static char buf[128];
	static const struct { int code; const char *name; } names[] = {
		{ ENOSYS, "ENOSYS" }, { EADDRINUSE, "EADDRINUSE" }, { EBADF, "EBADF" },
		{ ECONNREFUSED, "ECONNREFUSED" }, { EINVAL, "EINVAL" }, { EACCES, "EACCES" },
		{ ENOTSOCK, "ENOTSOCK" }, { EAGAIN, "EAGAIN" }, { EINTR, "EINTR" }, { 0, "0" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == err) {
			snprintf(buf, sizeof(buf), "%s (%s)", names[i].name, err ? strerror(err) : "no error");
			return buf;
		}
	snprintf(buf, sizeof(buf), "errno %d (%s)", err, strerror(err));
	return buf;
}

int sl_count_open_fds(void)
{
	int count = 0;

	for (int fd = 0; fd < 1024; fd++)
		if (fcntl(fd, F_GETFD) != -1)
			count++;
	return count;
}

int sl_connect_loopback(uint16_t port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* A TCP socket bound to 127.0.0.1:*port (0: any; set), listening if listening is set. */
static int bind_loopback(uint16_t *port, int listening)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(*port) };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 ||
	    (listening && listen(fd, 8) == -1) ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) == -1) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	*port = ntohs(addr.sin_port);
	return fd;
}

int sl_listen_loopback(uint16_t *port)
{
	return bind_loopback(port, 1);
}

int sl_listen_loopback_twinned(uint16_t *port)
{
	for (int tries = 0; tries < 100; tries++) {
		uint16_t twin;
		int fd, free_twin;

		*port = 0;
		if ((fd = sl_listen_loopback(port)) == -1)
			return -1;
		twin = sl_swapped_port(*port);
		/* Below 1024 only root may bind; a twin equal to its port hides the bug. */
		if (twin >= 1024 && twin != *port && (free_twin = sl_listen_loopback(&twin)) != -1) {
			close(free_twin);
			return fd;
		}
		close(fd);
	}
	errno = EADDRNOTAVAIL;
	return -1;
}

/* A port where connections are refused: bound, so that no other check running at the same
 * time in the namespace can take it (a port merely closed could be), but not listening. */
int sl_refuse_loopback(uint16_t *port)
{
	return bind_loopback(port, 0);
}

uint16_t sl_swapped_port(uint16_t port)
{
	return (uint16_t)(port << 8 | port >> 8);
}

uint16_t sl_local_port(int fd)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);

	if (getsockname(fd, (struct sockaddr *)&addr, &len) == -1)
		return 0;
	return ntohs(addr.sin_port);
}

void sl_put(int fd, const char *text)
{
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "the check could not write its socket");
}

void sl_catch_stdout(struct sl_caught *c)
{
	c->file = tmpfile();
	cr_assert(c->file != NULL, "the check could not make a file for stdout");
	fflush(stdout);
	c->saved = dup(STDOUT_FILENO);
	cr_assert(c->saved != -1 && dup2(fileno(c->file), STDOUT_FILENO) != -1, "the check could not catch stdout");
	errno = 0;
}

void sl_release_stdout(struct sl_caught *c, char *printed, size_t size)
{
	int err = errno;
	size_t n;

	fflush(stdout);
	dup2(c->saved, STDOUT_FILENO);
	close(c->saved);
	rewind(c->file);
	n = fread(printed, 1, size - 1, c->file);
	printed[n] = '\0';
	fclose(c->file);
	errno = err;
}

const char *sl_newlines_shown(const char *text)
{
	static char out[4][512];
	static int next;
	char *o = out[next++ % 4];
	size_t k = 0;

	for (; *text && k < sizeof(out[0]) - 4; text++) {
		if (*text == '\n') {
			o[k++] = '\\';
			o[k++] = 'n';
		} else {
			o[k++] = *text;
		}
	}
	o[k] = '\0';
	return o;
}
