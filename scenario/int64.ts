// 64-bit integers. A scenario integer is a signed 64-bit two's-complement value. It is held as a
// JS number while it is a safe integer (|v| < 2^53) and as a bigint otherwise, so the common case
// stays on the fast path and nothing ever loses precision. Every operation wraps modulo 2^64 the
// way C's fixed-width arithmetic does (0xffffffffffffffff == -1; INT64_MAX + 1 == INT64_MIN).
// The representation is canonical: a value in the safe range is always a number, so `===` on
// two integers compares them correctly.

export type Int = number | bigint;

export const MAX_U64 = (1n << 64n) - 1n;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Wraps to signed 64 bits and returns the canonical form. */
export function fromBigInt(b: bigint): Int {
  const w = BigInt.asIntN(64, b);
  return w >= MIN_SAFE && w <= MAX_SAFE ? Number(w) : w;
}

export function toBigInt(v: Int): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** The value as an unsigned 64-bit bigint (how `uint64_t`/`unsigned long` see it). */
export function toU64(v: Int): bigint {
  return BigInt.asUintN(64, toBigInt(v));
}

export function add(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return fromBigInt(toBigInt(a) + toBigInt(b));
}

export function sub(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return fromBigInt(toBigInt(a) - toBigInt(b));
}

export function mul(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return fromBigInt(toBigInt(a) * toBigInt(b));
}

/** Truncating division as in C. The caller rejects a zero divisor. */
export function div(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return Math.trunc(a / b) + 0;
  return fromBigInt(toBigInt(a) / toBigInt(b));
}

/** Remainder with the sign of the dividend, as in C. The caller rejects a zero divisor. */
export function mod(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return fromBigInt(toBigInt(a) % toBigInt(b));
}

/** Left shift; the count is taken modulo 64. */
export function shl(a: Int, b: Int): Int {
  const n = Number(toBigInt(b) & 63n);
  if (typeof a === 'number' && n < 31) {
    const r = a * 2 ** n;
    if (Number.isSafeInteger(r)) return r;
  }
  return fromBigInt(toBigInt(a) << BigInt(n));
}

/** Arithmetic right shift; the count is taken modulo 64. */
export function shr(a: Int, b: Int): Int {
  const n = Number(toBigInt(b) & 63n);
  if (typeof a === 'number') return Math.floor(a / 2 ** n) + 0;
  return fromBigInt(a >> BigInt(n));
}

function isInt32(v: Int): v is number {
  return typeof v === 'number' && (v | 0) === v;
}

export function band(a: Int, b: Int): Int {
  if (isInt32(a) && isInt32(b)) return a & b;
  return fromBigInt(toBigInt(a) & toBigInt(b));
}

export function bor(a: Int, b: Int): Int {
  if (isInt32(a) && isInt32(b)) return a | b;
  return fromBigInt(toBigInt(a) | toBigInt(b));
}

export function bxor(a: Int, b: Int): Int {
  if (isInt32(a) && isInt32(b)) return a ^ b;
  return fromBigInt(toBigInt(a) ^ toBigInt(b));
}

export function neg(a: Int): Int {
  if (typeof a === 'number') return 0 - a;
  return fromBigInt(-a);
}

export function bnot(a: Int): Int {
  if (isInt32(a)) return ~a;
  return fromBigInt(~toBigInt(a));
}

export function isZero(v: Int): boolean {
  return v === 0 || v === 0n;
}

/** Lower-case hex of the unsigned 64-bit value, with 0x. */
export function hex(v: Int): string {
  return '0x' + toU64(v).toString(16);
}

/** The integer as an unsigned value if it fits `bits`, for C unsigned types. */
export function toUnsigned(v: Int, bits: number): bigint {
  return BigInt.asUintN(bits, toBigInt(v));
}

/** Reads a C integer of `bits` width (signed or not) as a scenario integer. */
export function fromC(v: bigint, bits: number, signed: boolean): Int {
  return fromBigInt(signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v));
}
