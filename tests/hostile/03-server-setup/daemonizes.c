/* Hostile: double-forks a daemon in a new session that tries to outlive the grading. */
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	if (fork() != 0)
		return 0;
	setsid();
	if (fork() != 0)
		return 0;
	for (;;)
		sleep(1);
}
