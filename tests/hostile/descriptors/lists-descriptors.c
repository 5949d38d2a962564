/* Hostile: looks for the grader's descriptors (a bats output file, a FIFO's writer) among its
 * own, prints which are open, and ends without listening. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;

	if (dir == NULL) {
		perror("opendir /proc/self/fd");
		return 1;
	}
	printf("open descriptors:");
	while ((entry = readdir(dir)) != NULL) {
		/* Its own listing's descriptor is not inherited. */
		if (entry->d_name[0] != '.' && atoi(entry->d_name) != dirfd(dir))
			printf(" %s", entry->d_name);
	}
	printf(" (end)\n");
	closedir(dir);
	return 1;
}
