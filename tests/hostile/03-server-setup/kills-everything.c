/* Hostile: kill(-1, SIGKILL), every process it may signal. Graded only inside a PID
 * namespace of its own (tests/hostile.bats checks that first). */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	kill(-1, SIGKILL);
	for (;;)
		pause();
}
