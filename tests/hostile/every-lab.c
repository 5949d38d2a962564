/* Hostile, for every lab and program: forks children that outlive it (each held in pause()),
 * floods its stdout without a newline, then blocks forever. Graded as each lab's programs by
 * tests/hostile-labs.bats, which bounds the forks at 300 so a broken limit costs little. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 300; i++)
		if (fork() == 0)
			for (;;)
				pause();
	for (long n = 0; n < 20000000; n++)
		fputs("flood ", stdout);
	for (;;)
		pause();
}
