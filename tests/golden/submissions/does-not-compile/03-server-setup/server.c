/* Golden-file fixture "does not compile": the same compiler message on every gcc version. */
#include <stdio.h>

#error this server is not finished

int main(void)
{
	return 0;
}
