/* Hostile, as any lab's program: ignores SIGTERM, SIGINT and SIGHUP and blocks, so only
 * SIGKILL ends it. */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	for (;;)
		pause();
}
