/*
 * crashtrace - preloaded (LD_PRELOAD) into every student program the grader runs, so that a
 * report can say on which line a program crashed without running it again under a debugger.
 *
 * On SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT or SIGPIPE it writes, to the descriptor named by
 * $SOCKLAB_CRASH_FD (inherited from the grader, open for appending), or else to the file named
 * by $SOCKLAB_CRASH_FILE (opened then: Criterion closes inherited descriptors before it starts
 * a check's worker), one record:
 *
 *     crash SIGNO PID
 *     check SUITE NAME  in a unit-check binary, the Criterion test that was running
 *     pc OFFSET     the instruction that faulted, if it is in the program's own code
 *     ret OFFSET    a return address in the program's own code (the call is just before it)
 *     lib           a frame outside the program (the C library, ...)
 *     end
 *
 * OFFSETs are hexadecimal, relative to the program's load address (a PIE loads anywhere), as
 * `addr2line -e PROGRAM` takes them. Then it dies of the signal with its default action, as it
 * would have without us: the exit status still says the signal. A program that installs its
 * own handler for one of these signals replaces ours, as it should.
 *
 * It arms only in the program $SOCKLAB_CRASH_PROGRAM names (compared by device and inode with
 * /proc/self/exe, so that a bind mount or a symlink on the way does not matter): the sandbox
 * execs wrappers first (setpriv, stdbuf, env), which inherit LD_PRELOAD, and they must neither
 * pay for the handler nor have their own crash taken for the student's. Without the variable
 * it arms in every program, as a handler preloaded by hand is expected to.
 *
 * Everything the handler calls is async-signal-safe but backtrace(), whose first call loads
 * libgcc's unwinder: it is called once at start-up, so that the handler only walks the stack.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

#define MAX_FRAMES 64

static int trace_fd = -1;
static char trace_path[4096];  /* $SOCKLAB_CRASH_FILE, opened at the crash */
static uintptr_t load_bias;
static struct { uintptr_t start, end; } code[4];  /* the program's executable segments */
static int code_count;
static char alt_stack[64 * 1024];  /* a stack overflow leaves the handler no room on its own */

/* The head of Criterion's struct criterion_test (criterion/types.h, 2.4), and its variable that
 * points to the test a worker runs: present in the unit checks' binary only. */
struct criterion_test_head {
	const char *name;
	const char *category;
};
static const struct criterion_test_head *const *current_test;

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGPIPE };

/* dl_iterate_phdr lists the program itself first: keeps its load bias and code ranges. */
static int note_program(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	load_bias = info->dlpi_addr;
	for (int i = 0; i < info->dlpi_phnum && code_count < 4; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			code[code_count].start = info->dlpi_addr + ph->p_vaddr;
			code[code_count].end = code[code_count].start + ph->p_memsz;
			code_count++;
		}
	}
	return 1;  /* the program only */
}

static int in_program(uintptr_t addr)
{
	for (int i = 0; i < code_count; i++)
		if (addr >= code[i].start && addr < code[i].end)
			return 1;
	return 0;
}

/* The interrupted instruction's address, where this architecture is known; 0 otherwise. */
static uintptr_t interrupted_pc(const void *context)
{
	const ucontext_t *uc = context;

	(void)uc;
#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_EIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#else
	return 0;
#endif
}

/* Appends text to a line being built (no stdio in a signal handler). */
static char *put_text(char *at, const char *text)
{
	while (*text)
		*at++ = *text++;
	return at;
}

static char *put_number(char *at, uintptr_t value, unsigned base)
{
	char digits[2 * sizeof(value) + 1];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[value % base];
		value /= base;
	} while (value);
	while (n)
		*at++ = digits[--n];
	return at;
}

static void write_frame(const char *kind, uintptr_t addr)
{
	char line[64], *at = put_text(line, kind);

	if (in_program(addr)) {
		at = put_text(at, " ");
		at = put_number(at, addr - load_bias, 16);
	} else {
		at = put_text(line, "lib");
	}
	*at++ = '\n';
	(void)!write(trace_fd, line, (size_t)(at - line));
}

static void write_header(int sig)
{
	char line[64], *at = put_text(line, "crash ");
	const struct criterion_test_head *test = current_test ? *current_test : NULL;

	at = put_number(at, (uintptr_t)sig, 10);
	at = put_text(at, " ");
	at = put_number(at, (uintptr_t)getpid(), 10);
	*at++ = '\n';
	(void)!write(trace_fd, line, (size_t)(at - line));
	if (test && test->category && test->name) {
		(void)!write(trace_fd, "check ", 6);
		(void)!write(trace_fd, test->category, strlen(test->category));
		(void)!write(trace_fd, " ", 1);
		(void)!write(trace_fd, test->name, strlen(test->name));
		(void)!write(trace_fd, "\n", 1);
	}
}

/* Frames before the interrupted one are the handler's own and the kernel's return path. */
static void write_trace(int sig, const void *context)
{
	void *frames[MAX_FRAMES];
	int count = backtrace(frames, MAX_FRAMES), first = 0;
	uintptr_t pc = interrupted_pc(context);

	write_header(sig);
	if (pc) {
		while (first < count && (uintptr_t)frames[first] != pc)
			first++;
		if (first == count)  /* the unwinder lost it: the interrupted instruction alone */
			write_frame("pc", pc);
	} else {
		first = count > 2 ? 2 : count;
	}
	for (int i = first; i < count; i++)
		write_frame(i == first ? "pc" : "ret", (uintptr_t)frames[i]);
	(void)!write(trace_fd, "end\n", 4);
}

static void on_crash(int sig, siginfo_t *info, void *context)
{
	sigset_t just_this;

	(void)info;
	if (trace_fd == -1 && trace_path[0])
		trace_fd = open(trace_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (trace_fd != -1)
		write_trace(sig, context);
	/* SA_RESETHAND gave the signal its default action back: die of it now (returning would
	 * let send() go on after SIGPIPE, and a raise()d SIGSEGV would not come again). */
	sigemptyset(&just_this);
	sigaddset(&just_this, sig);
	sigprocmask(SIG_UNBLOCK, &just_this, NULL);
	raise(sig);
}

/* Whether this process runs the program to watch (see above): 1 if so, or if none is named. */
static int is_watched_program(void)
{
	const char *program = getenv("SOCKLAB_CRASH_PROGRAM");
	struct stat wanted, self;

	if (!program || !*program)
		return 1;
	if (stat(program, &wanted) == -1 || stat("/proc/self/exe", &self) == -1)
		return 0;
	return wanted.st_dev == self.st_dev && wanted.st_ino == self.st_ino;
}

__attribute__((constructor)) static void crashtrace_start(void)
{
	const char *fd_text = getenv("SOCKLAB_CRASH_FD"), *path = getenv("SOCKLAB_CRASH_FILE");
	struct sigaction action;
	stack_t stack = { .ss_sp = alt_stack, .ss_size = sizeof(alt_stack) };
	void *warm[1];
	char *end;
	long fd;

	if (!is_watched_program())
		return;  /* a wrapper on the way to the program: it runs as it is */
	if (fd_text && *fd_text) {
		fd = strtol(fd_text, &end, 10);
		if (*end == '\0' && fd >= 0 && write((int)fd, "", 0) == 0)
			trace_fd = (int)fd;
	}
	if (trace_fd == -1 && path && strlen(path) < sizeof(trace_path))
		strcpy(trace_path, path);
	if (trace_fd == -1 && !trace_path[0])
		return;  /* nowhere to write: no handler, the program runs as it is */
	dl_iterate_phdr(note_program, NULL);
	current_test = dlsym(RTLD_DEFAULT, "criterion_current_test");
	backtrace(warm, 1);  /* loads the unwinder now, not in the handler */
	sigaltstack(&stack, NULL);
	memset(&action, 0, sizeof(action));
	action.sa_sigaction = on_crash;
	action.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(crash_signals[0]); i++) {
		struct sigaction before;

		/* A signal ignored since exec (SIGPIPE often is) stays ignored: behaviour unchanged. */
		if (sigaction(crash_signals[i], NULL, &before) == 0 && before.sa_handler == SIG_DFL)
			sigaction(crash_signals[i], &action, NULL);
	}
}
