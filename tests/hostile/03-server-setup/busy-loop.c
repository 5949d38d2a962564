/* Hostile: spins on the CPU forever, never listening. */
int main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
