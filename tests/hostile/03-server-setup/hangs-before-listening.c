/* Hostile: never gets to listen; blocks forever at start-up. */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
