/* Native anchor: the cost of entering and leaving the host kernel.
 * getppid(2) through syscall(2), so that libc cannot answer from a cache. */
#define _GNU_SOURCE
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
	long n = 0, batch = 100000;
	double start = now(), elapsed;
	do {
		for (long i = 0; i < batch; i++)
			syscall(SYS_getppid);
		n += batch;
		elapsed = now() - start;
	} while (elapsed < 0.5);
	printf("native.null_syscall %.0f ops/s\n", n / elapsed);
	return 0;
}
