/* Hostile: prints forever without a single newline, flushing as it goes. */
#include <stdio.h>

int main(void)
{
	for (;;) {
		fputs("no newline here ", stdout);
		fflush(stdout);
	}
}
