/* Native anchor: two threads handing a token back and forth through futex(2), the host's
 * counterpart of a park/unpark round trip between two LWPs. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

static _Atomic int turn;	/* 0: ping's turn, 1: pong's turn */
static _Atomic int stop;
static long rounds;

static void fwait(_Atomic int *addr, int val) {
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void fwake(_Atomic int *addr) {
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *pong(void *arg) {
	(void)arg;
	for (;;) {
		while (atomic_load(&turn) != 1) {
			if (atomic_load(&stop))
				return NULL;
			fwait(&turn, 0);
		}
		atomic_store(&turn, 0);
		fwake(&turn);
	}
}

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
	pthread_t t;
	pthread_create(&t, NULL, pong, NULL);
	double start = now(), elapsed;
	do {
		for (int i = 0; i < 1000; i++) {
			atomic_store(&turn, 1);
			fwake(&turn);
			while (atomic_load(&turn) != 0)
				fwait(&turn, 1);
			rounds++;
		}
		elapsed = now() - start;
	} while (elapsed < 0.5);
	atomic_store(&stop, 1);
	atomic_store(&turn, 1);
	fwake(&turn);
	pthread_join(t, NULL);
	printf("native.futex_pingpong %.0f roundtrips/s\n", rounds / elapsed);
	return 0;
}
