/* Hostile: signals its parent, its process group and its session leader to death. */
#include <signal.h>
#include <unistd.h>

int main(void)
{
	kill(getppid(), SIGKILL);
	kill(0, SIGKILL);
	kill(-getsid(0), SIGKILL);
	for (;;)
		pause();
}
