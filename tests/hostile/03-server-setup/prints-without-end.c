/* Hostile: prints lines forever. */
#include <stdio.h>

int main(void)
{
	for (unsigned long n = 0;; n++)
		printf("line %lu of a flood\n", n);
}
