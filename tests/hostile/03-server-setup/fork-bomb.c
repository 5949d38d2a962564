/* Hostile: forks as many processes as it can (bounded here at 2000, so a broken process limit
 * cannot take the machine down), each of which sleeps forever. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int made = 0;

	for (int i = 0; i < 2000; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			for (;;)
				pause();
		}
		if (pid > 0)
			made++;
	}
	printf("forked %d processes\n", made);
	for (;;)
		pause();
}
