/* Hostile, for every lab and program: forks children that outlive it (each held in pause()),
 * floods its stdout without a newline (1.2 MB, below the file size limit), then blocks
 * forever, so every check of every lab meets a program that hangs with a big output. Graded
 * as each lab's programs by tests/hostile-labs.bats, which bounds the forks at 300 so a broken
 * limit costs little. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 300; i++)
		if (fork() == 0)
			for (;;)
				pause();
	/* 1.2 MB: below the sandbox's 4 MiB file limit, so it lives on to hang in every check. */
	for (long n = 0; n < 200000; n++)
		fputs("flood ", stdout);
	for (;;)
		pause();
}
