/* Native anchor: memcpy bandwidth over 16 MiB buffers, the host's counterpart of staging a
 * kexec segment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SZ (16u << 20)

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
	unsigned char *src = malloc(SZ), *dst = malloc(SZ);
	if (src == NULL || dst == NULL)
		return 1;
	memset(src, 0x5a, SZ);
	memset(dst, 0, SZ);
	double bytes = 0, start = now(), elapsed;
	do {
		memcpy(dst, src, SZ);
		src[bytes > 0 ? 1 : 0] ^= dst[SZ - 1];	/* keep the copy observable */
		bytes += SZ;
		elapsed = now() - start;
	} while (elapsed < 0.5);
	printf("native.memcpy %.0f bytes/s\n", bytes / elapsed);
	free(src);
	free(dst);
	return 0;
}
