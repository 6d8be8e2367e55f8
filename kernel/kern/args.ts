// Conversions of system-call arguments to the C types the implementation expects. The
// Userland hands arguments already converted (numbers, or bigints beyond 2^53); these
// helpers apply C's truncation rules so that garbage never throws.

import type { SysArg } from './state';

/** `int` / `lwpid_t` / `clockid_t`: the low 32 bits, signed. */
export function arg_int(a: SysArg | undefined): number {
  // ToInt32 is C's truncation to 32 bits for every finite double (NaN and ±Infinity give 0).
  if (typeof a === 'number') return a | 0;
  if (a === undefined) return 0;
  return Number(BigInt.asIntN(32, a));
}

/** The low 32 bits, unsigned (`u_int`; also `size_t` counts the kernel truncates). */
export function arg_uint32(a: SysArg | undefined): number {
  return arg_int(a) >>> 0;
}

/**
 * A user pointer as a number. Addresses that are not safe integers (negative, beyond 2^53)
 * become −1, which copyin/copyout reject with EFAULT.
 */
export function arg_ptr(a: SysArg | undefined): number {
  if (typeof a === 'number') return Number.isSafeInteger(a) && a >= 0 ? a : -1;
  if (a === undefined) return 0;
  const n = typeof a === 'bigint' ? (a >= 0n && a <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(a) : -1) : a;
  return Number.isSafeInteger(n) && n >= 0 ? n : -1;
}

/** `u_long` / `uint64_t` / `size_t` exactly, as a bigint in [0, 2^64). */
export function arg_u64(a: SysArg | undefined): bigint {
  if (a === undefined) return 0n;
  if (typeof a === 'bigint') return BigInt.asUintN(64, a);
  return Number.isFinite(a) ? BigInt.asUintN(64, BigInt(Math.trunc(a))) : 0n;
}

/** `u_long` clamped to a number (values ≥ 2^53 become Infinity, i.e. "huge"). */
export function arg_ulong(a: SysArg | undefined): number {
  const v = arg_u64(a);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}
