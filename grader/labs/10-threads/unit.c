/*
 * Unit checks of lab 10: the shared client list, called from many threads at once, and
 * print_received_lines() on a socket whose line comes in pieces.
 *
 * Whether a list function takes the list's mutex is seen without a race to win: the check
 * holds list->lock itself and starts threads that call the function; each must then be found
 * blocked on the mutex (a futex wait, read from /proc/self/task/TID/syscall), none returned.
 * Only once the check lets the lock go may they go on, and the list must then hold what they
 * did, nothing lost, nothing twice. A function that never locks returns while the check holds
 * the lock, on every run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"

#define CLIENTS_MAX 64
#define THREADS 16

struct client_list {
	pthread_mutex_t lock;
	int fds[CLIENTS_MAX];
	int count;
};

int client_list_add(struct client_list *list, int fd);
int client_list_remove(struct client_list *list, int fd);
int client_list_broadcast(struct client_list *list, const char *buf, size_t len);
int print_received_lines(int fd, const char *tag);

static void fresh_list(struct client_list *list)
{
	memset(list, 0, sizeof(*list));
	pthread_mutex_init(&list->lock, NULL);
}

/* The list's fds as text, for a report. */
static const char *fds_text(const struct client_list *list)
{
	static char out[4][512];
	static int next;
	char *o = out[next++ % 4];
	size_t k = 0;
	int i;

	k += (size_t)snprintf(o, sizeof(out[0]), "count %d: {", list->count);
	for (i = 0; i < list->count && i < CLIENTS_MAX && k < sizeof(out[0]) - 16; i++)
		k += (size_t)snprintf(o + k, sizeof(out[0]) - k, "%s%d", i ? ", " : " ", list->fds[i]);
	snprintf(o + k, sizeof(out[0]) - k, " }");
	return o;
}

/* How many times fd is among the list's first count entries. */
static int times_in(const struct client_list *list, int fd)
{
	int i, n = 0;

	for (i = 0; i < list->count && i < CLIENTS_MAX; i++)
		n += list->fds[i] == fd;
	return n;
}

static const char *skeleton_hint(int rc, int err, const char *otherwise)
{
	if (rc == -1 && err == ENOSYS)
		return "the function still returns the skeleton's -1/ENOSYS: implement it";
	return otherwise;
}

/* --- threads that call a list function while the check may hold the lock ------------------ */

enum call { ADD, REMOVE, BROADCAST };

struct caller {
	pthread_t thread;
	struct client_list *list;
	enum call call;
	int fd;
	atomic_int tid;   /* its thread id, once it has started */
	atomic_int done;  /* 1 once the call has returned */
	int rc, err;
};

static void *call_list(void *arg)
{
	struct caller *c = arg;

	atomic_store(&c->tid, (int)syscall(SYS_gettid));
	errno = 0;
	if (c->call == ADD)
		c->rc = client_list_add(c->list, c->fd);
	else if (c->call == REMOVE)
		c->rc = client_list_remove(c->list, c->fd);
	else
		c->rc = client_list_broadcast(c->list, "to all\n", 7);
	c->err = errno;
	atomic_store(&c->done, 1);
	return NULL;
}

/* Whether the thread tid is blocked in a futex wait (where pthread_mutex_lock() waits). */
static int waits_on_futex(int tid)
{
	char path[64], line[128];
	FILE *f;
	long call = -1;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL)
		call = strtol(line, NULL, 10);
	fclose(f);
	return call == SYS_futex;
}

/* Whether each caller has returned or waits on a futex: each has gone as far as it goes. */
static int all_settled(struct caller *callers, int n)
{
	int i, tid;

	for (i = 0; i < n; i++) {
		if (atomic_load(&callers[i].done))
			continue;
		tid = atomic_load(&callers[i].tid);
		if (tid == 0 || !waits_on_futex(tid))
			return 0;
	}
	return 1;
}

static int returned(struct caller *callers, int n)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += atomic_load(&callers[i].done);
	return k;
}

static void pause_ms(int ms)
{
	struct timespec t = { 0, ms * 1000000L };

	nanosleep(&t, NULL);
}

/*
 * With list->lock held by the check, starts n threads each making its call; waits (up to 3 s)
 * until each has returned or blocks on a futex; returns how many returned meanwhile. The lock
 * is still held: let_go() releases it and joins them.
 */
static int call_while_locked(struct client_list *list, struct caller *callers, int n)
{
	int i, waited;

	cr_assert(pthread_mutex_lock(&list->lock) == 0, "the check could not take the list's lock");
	for (i = 0; i < n; i++) {
		callers[i].list = list;
		cr_assert(pthread_create(&callers[i].thread, NULL, call_list, &callers[i]) == 0,
			  "the check could not start its threads");
	}
	for (waited = 0; waited < 3000 && !all_settled(callers, n); waited++)
		pause_ms(1);
	return returned(callers, n);
}

static void let_go(struct client_list *list, struct caller *callers, int n)
{
	int i;

	pthread_mutex_unlock(&list->lock);
	for (i = 0; i < n; i++)
		pthread_join(callers[i].thread, NULL);
}

static void expect_none_returned(int early, int n, const char *function)
{
	expect(early == 0, sl_fmt("%s() went on while another thread held the list's mutex", function),
	       sl_fmt("each of %d threads calling %s() waiting until the lock is free", n, function),
	       sl_fmt("%d of %d calls returned while the check held list->lock", early, n),
	       sl_fmt("lock list->lock (pthread_mutex_lock) before reading or changing fds and count in %s(), "
		      "and unlock it after: two threads changing count at the same moment lose a client, or keep one twice",
		      function));
}

/* --- the checks --------------------------------------------------------------------------- */

CHECK(client_list, add_and_remove_keep_the_others, 2, "client_list_add and client_list_remove keep every other client, and say when the list is full or the client absent")
{
	struct client_list list;
	int i, rc, err;

	fresh_list(&list);
	for (i = 0; i < 3; i++) {
		errno = 0;
		rc = client_list_add(&list, 10 + i);
		err = errno;
		expect(rc == 0, "client_list_add() did not add a client to a list with room",
		       sl_fmt("0 returned for fd %d", 10 + i), sl_fmt("%d returned (errno %s)", rc, sl_errno_name(err)),
		       skeleton_hint(rc, err, "put fd at fds[count] and add one to count; return 0"));
	}
	errno = 0;
	rc = client_list_remove(&list, 11);
	err = errno;
	expect(rc == 0 && list.count == 2 && times_in(&list, 10) == 1 && times_in(&list, 12) == 1 && times_in(&list, 11) == 0,
	       "client_list_remove() did not remove the client alone", "fds 10 and 12 left, count 2, 0 returned",
	       sl_fmt("%d returned (errno %s); %s", rc, sl_errno_name(err), fds_text(&list)),
	       skeleton_hint(rc, err, "find fd among the first count entries, put the last entry in its place, and take one from count"));
	errno = 0;
	rc = client_list_remove(&list, 99);
	expect(rc == -1 && list.count == 2, "client_list_remove() of a client not in the list did not fail",
	       "-1 returned (ENOENT), the list unchanged", sl_fmt("%d returned; %s", rc, fds_text(&list)),
	       "return -1 with errno = ENOENT when fd is not among the first count entries");
	for (i = list.count; i < CLIENTS_MAX; i++)
		client_list_add(&list, 100 + i);
	errno = 0;
	rc = client_list_add(&list, 1000);
	err = errno;
	expect(rc == -1 && list.count == CLIENTS_MAX, "client_list_add() to a full list did not fail",
	       sl_fmt("-1 returned (ENOSPC), count staying %d", CLIENTS_MAX),
	       sl_fmt("%d returned (errno %s), count %d", rc, sl_errno_name(err), list.count),
	       "when count is CLIENTS_MAX there is no room: return -1 with errno = ENOSPC, and write nothing past the array");
}

CHECK(client_list, add_waits_for_the_mutex, 2, "client_list_add called by 16 threads at once waits for the list's mutex, and the list then holds each client once")
{
	static struct caller callers[THREADS];
	struct client_list list;
	int i, early;

	fresh_list(&list);
	memset(callers, 0, sizeof(callers));
	for (i = 0; i < THREADS; i++) {
		callers[i].call = ADD;
		callers[i].fd = 20 + i;
	}
	early = call_while_locked(&list, callers, THREADS);
	let_go(&list, callers, THREADS);
	expect(!(callers[0].rc == -1 && callers[0].err == ENOSYS), "client_list_add() is not implemented",
	       "0 returned", "-1 returned (errno ENOSYS)", skeleton_hint(-1, ENOSYS, ""));
	expect_none_returned(early, THREADS, "client_list_add");
	for (i = 0; i < THREADS; i++)
		expect(times_in(&list, 20 + i) == 1 && list.count == THREADS, "the list lost a client added, or holds one twice",
		       sl_fmt("%d clients, fds 20 to %d, each once", THREADS, 20 + THREADS - 1), fds_text(&list),
		       "count++ from two threads at once can lose one: change fds and count with the lock held");
}

CHECK(client_list, remove_waits_for_the_mutex, 1, "client_list_remove called by 16 threads at once waits for the list's mutex, and the list then is empty")
{
	static struct caller callers[THREADS];
	struct client_list list;
	int i, early, failed = 0;

	fresh_list(&list);
	memset(callers, 0, sizeof(callers));
	for (i = 0; i < THREADS; i++) {
		list.fds[list.count++] = 40 + i;
		callers[i].call = REMOVE;
		callers[i].fd = 40 + i;
	}
	early = call_while_locked(&list, callers, THREADS);
	let_go(&list, callers, THREADS);
	expect(!(callers[0].rc == -1 && callers[0].err == ENOSYS), "client_list_remove() is not implemented",
	       "0 returned", "-1 returned (errno ENOSYS)", skeleton_hint(-1, ENOSYS, ""));
	expect_none_returned(early, THREADS, "client_list_remove");
	for (i = 0; i < THREADS; i++)
		failed += callers[i].rc != 0;
	expect(list.count == 0 && failed == 0, "the list is not empty once every client was removed",
	       "count 0, each call returning 0", sl_fmt("%s; %d calls did not return 0", fds_text(&list), failed),
	       "two removals at once can move the same last entry twice: change fds and count with the lock held");
}

/* What the check read from fd, without waiting for more than has come; C-escaped. */
static const char *received(int fd)
{
	static char out[3][256];
	static int next;
	char buf[128], *o = out[next++ % 3];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	size_t k = 0;

	for (ssize_t i = 0; i < n && k < sizeof(out[0]) - 5; i++) {
		if (buf[i] == '\n') {
			o[k++] = '\\';
			o[k++] = 'n';
		} else if (buf[i] == '\0') {
			o[k++] = '\\';
			o[k++] = '0';
		} else {
			o[k++] = buf[i];
		}
	}
	o[k] = '\0';
	return o;
}

CHECK(client_list, broadcast_sends_to_every_client, 2, "client_list_broadcast sends the line to every client of the list, and says to how many")
{
	struct client_list list;
	int sv[3][2], i, rc, err;

	fresh_list(&list);
	for (i = 0; i < 3; i++) {
		cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]) == 0, "socketpair failed");
		list.fds[list.count++] = sv[i][0];
	}
	errno = 0;
	rc = client_list_broadcast(&list, "to all\n", 7);
	err = errno;
	for (i = 0; i < 3; i++) {
		const char *got = received(sv[i][1]);

		expect(strcmp(got, "to all\\n") == 0, sl_fmt("client %d of 3 did not get the line", i + 1),
		       "\"to all\\n\" on each client's socket, nothing more",
		       sl_fmt("\"%s\" (client_list_broadcast returned %d, errno %s)", got, rc, sl_errno_name(err)),
		       skeleton_hint(rc, err, "send_all() the len bytes to each of the first count fds of the list"));
	}
	expect(rc == 3, "client_list_broadcast() did not say to how many clients it sent", "3 returned",
	       sl_fmt("%d returned", rc), "count each client that send_all() succeeded for, and return it");
	for (i = 0; i < 3; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}
}

CHECK(client_list, broadcast_waits_for_the_mutex, 1, "client_list_broadcast waits for the list's mutex: it never walks the list while another thread changes it")
{
	static struct caller callers[1];
	struct client_list list;
	int sv[2], early;

	fresh_list(&list);
	memset(callers, 0, sizeof(callers));
	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	list.fds[list.count++] = sv[0];
	callers[0].call = BROADCAST;
	early = call_while_locked(&list, callers, 1);
	let_go(&list, callers, 1);
	expect(!(callers[0].rc == -1 && callers[0].err == ENOSYS), "client_list_broadcast() is not implemented",
	       "1 returned", "-1 returned (errno ENOSYS)", skeleton_hint(-1, ENOSYS, ""));
	expect_none_returned(early, 1, "client_list_broadcast");
	close(sv[0]);
	close(sv[1]);
}

/* --- print_received_lines ----------------------------------------------------------------- */

struct pieces {
	int fd;        /* the check's end of the socket */
	int theirs;    /* the student's end: its unread bytes tell when a piece has been read */
	int reset;     /* end with a reset instead of a close */
	atomic_int over;  /* 1 once print_received_lines() has returned: stop waiting for it */
};

/* Sends "Hel", waits until it has been read, then "lo\nsecond line\n", and closes. */
static void *send_in_pieces(void *arg)
{
	struct pieces *p = arg;
	int unread = 1, waited;

	if (write(p->fd, "Hel", 3) != 3)
		return NULL;
	for (waited = 0; waited < 3000 && unread > 0 && !atomic_load(&p->over); waited++) {
		if (ioctl(p->theirs, FIONREAD, &unread) == -1)
			break;
		if (unread > 0)
			pause_ms(1);
	}
	if (write(p->fd, "lo\nsecond line\n", 15) != 15)
		return NULL;
	if (p->reset) {
		struct linger now = { 1, 0 };

		setsockopt(p->fd, SOL_SOCKET, SO_LINGER, &now, sizeof(now));
	}
	close(p->fd);
	return NULL;
}

/* Runs print_received_lines(fd, "tag-7") with stdout caught into printed; returns its result. */
static int print_caught(int fd, char *printed, size_t size, int *err)
{
	struct sl_caught caught;
	int rc;

	sl_catch_stdout(&caught);
	rc = print_received_lines(fd, "tag-7");
	sl_release_stdout(&caught, printed, size);
	*err = errno;
	return rc;
}

/* Whether printed has a line holding both tag and text. */
static int has_tagged_line(const char *printed, const char *tag, const char *text)
{
	const char *line = printed;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char copy[512];

		snprintf(copy, sizeof(copy), "%.*s", (int)len, line);
		if (strstr(copy, tag) && strstr(copy, text))
			return 1;
		line += len + (end != NULL);
	}
	return 0;
}

CHECK(print_received_lines, prints_tagged_whole_lines, 2, "print_received_lines prints each line whole and tagged, even when it comes in pieces, and returns 0 at end of file")
{
	struct pieces p = { 0 };
	pthread_t sender;
	char printed[1024];
	int sv[2], rc, err;

	cr_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair failed");
	p.fd = sv[1];
	p.theirs = sv[0];
	cr_assert(pthread_create(&sender, NULL, send_in_pieces, &p) == 0, "the check could not start its thread");
	rc = print_caught(sv[0], printed, sizeof(printed), &err);
	atomic_store(&p.over, 1);
	pthread_join(sender, NULL);
	expect(has_tagged_line(printed, "tag-7", "Hello") && has_tagged_line(printed, "tag-7", "second line"),
	       "print_received_lines() did not print each line whole with its tag",
	       "a line holding \"tag-7\" and \"Hello\" (sent as \"Hel\" then \"lo\\n\"), and one holding \"tag-7\" and \"second line\"",
	       sl_fmt("printed \"%s\", returned %d (errno %s)", sl_newlines_shown(printed), rc, sl_errno_name(err)),
	       skeleton_hint(rc, err, "keep the bytes received after the last '\\n' and receive after them: print a line only once its '\\n' has come, with the tag before it"));
	expect(rc == 0, "print_received_lines() did not return 0 at end of file", "0 (recv() returned 0: the other side left)",
	       sl_fmt("%d (errno %s)", rc, sl_errno_name(err)), "when recv() returns 0, print what is left of a line and return 0");
	close(sv[0]);
}

CHECK(print_received_lines, returns_at_a_reset, 1, "print_received_lines takes a reset for the other side leaving: it returns 0")
{
	struct pieces p = { 0 };
	pthread_t sender;
	uint16_t port = 0;
	char printed[1024];
	int listenfd, ours, theirs, rc, err;

	listenfd = sl_listen_loopback(&port);
	theirs = sl_connect_loopback(port);
	ours = accept(listenfd, NULL, NULL);
	cr_assert(listenfd >= 0 && ours >= 0 && theirs >= 0, "the check could not set up a loopback connection");
	p.fd = theirs;
	p.theirs = ours;
	p.reset = 1;
	cr_assert(pthread_create(&sender, NULL, send_in_pieces, &p) == 0, "the check could not start its thread");
	rc = print_caught(ours, printed, sizeof(printed), &err);
	atomic_store(&p.over, 1);
	pthread_join(sender, NULL);
	expect(rc == 0, "print_received_lines() did not take a reset for the other side leaving",
	       "0 (recv() failed with ECONNRESET: the other side has gone)",
	       sl_fmt("%d (errno %s), printed \"%s\"", rc, sl_errno_name(err), sl_newlines_shown(printed)),
	       skeleton_hint(rc, err, "recv() failing with ECONNRESET means the other side has gone, as recv() == 0 does: return 0"));
	close(ours);
	close(listenfd);
}
