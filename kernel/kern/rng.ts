// The machine's seeded random source (xoshiro128**), kept in the state so that a restored
// snapshot continues the same sequence. Every scheduling choice draws from it.

import type { KernelState } from './state';

/** Fills a fresh generator state from a seed (splitmix32, so nearby seeds diverge). */
export function rng_seed(seed: number): Uint32Array {
  const st = new Uint32Array(4);
  let x = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    st[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1;
  return st;
}

/**
 * Next 32-bit value (unsigned). Computed in int32 arithmetic — the same bits as the uint32
 * formulation, but the JIT keeps every step in a 32-bit register instead of converting
 * values above 2^31 to doubles; stores into the Uint32Array keep the bits as they are.
 */
export function rng_next(s: KernelState): number {
  const st = s.rng;
  const s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
  const x = Math.imul(s1, 5);
  const r = Math.imul((x << 7) | (x >>> 25), 9);
  const t = s1 << 9;
  const n2 = s2 ^ s0;
  const n3 = s3 ^ s1;
  st[1] = s1 ^ n2;
  st[0] = s0 ^ n3;
  st[2] = n2 ^ t;
  st[3] = (n3 << 11) | (n3 >>> 21);
  return r >>> 0;
}

/**
 * A uniform integer in [0, n): `rng_next(s) % n`, for n < 2^31. The value and the divisor
 * are both forced to uint32 so that the JIT uses an integer remainder (a float `%` on a
 * uint32 above 2^31 goes through fmod), and a power of two is a mask — the same result.
 */
export function rng_below(s: KernelState, n: number): number {
  if (n <= 1) return 0;
  const r = rng_next(s);
  if ((n & (n - 1)) === 0) return r & (n - 1);
  return ((r >>> 0) % (n >>> 0)) | 0;
}
