// Numbers as a user types them into the syscall runner: decimal, 0x hex, 0o octal, 0b binary,
// an optional K/M/G suffix (powers of 1024, as in the scenario language), an optional leading
// minus, and `_` between digits. The value is a bigint so 64-bit addresses never lose
// precision. No `vscode` here: unit-tested in test/extension/numbers.test.ts.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const SUFFIX: Readonly<Record<string, bigint>> = { K: 1024n, M: 1024n ** 2n, G: 1024n ** 3n };
const DIGITS: Readonly<Record<string, RegExp>> = {
  '0x': /^[0-9a-f]+$/i,
  '0o': /^[0-7]+$/,
  '0b': /^[01]+$/,
  '': /^[0-9]+$/,
};

export const MAX_U64 = (1n << 64n) - 1n;
export const MIN_I64 = -(1n << 63n);

/** Parses one integer; the message says what to type instead. */
export function parseNumber(input: string): ParseResult<bigint> {
  let s = input.trim();
  if (s === '') return { ok: false, message: 'Type a number: decimal, 0x hex, 0o octal or 0b binary, optionally with K, M or G.' };
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1).trim();
  }
  let mult = 1n;
  const last = s.slice(-1).toUpperCase();
  const prefix = s.slice(0, 2).toLowerCase();
  if (last in SUFFIX) {
    // K, M and G are never hex digits, so a trailing one is always the suffix.
    mult = SUFFIX[last];
    s = s.slice(0, -1);
  }
  const base = prefix === '0x' || prefix === '0o' || prefix === '0b' ? prefix : '';
  const body = (base === '' ? s : s.slice(2)).replace(/_/g, '');
  if (body === '' || !DIGITS[base].test(body)) {
    return { ok: false, message: `"${input.trim()}" is not a number: use decimal (4096), 0x hex (0x200000), 0o octal, 0b binary, optionally with K, M or G (64K).` };
  }
  let v = BigInt(base === '' ? body : base + body) * mult;
  if (negative) v = -v;
  if (v > MAX_U64 || v < MIN_I64) {
    return { ok: false, message: `${input.trim()} does not fit in 64 bits.` };
  }
  return { ok: true, value: v };
}

/** Parses a number and checks it lies in [min, max]. */
export function parseNumberInRange(input: string, min: bigint, max: bigint): ParseResult<bigint> {
  const r = parseNumber(input);
  if (!r.ok) return r;
  if (r.value < min || r.value > max) {
    return { ok: false, message: `${input.trim()} is out of range: expected ${min} to ${max}.` };
  }
  return r;
}

/** `0x` + lowercase hex (negative values as -0x...). */
export function hex(v: bigint | number): string {
  const b = BigInt(v);
  return b < 0n ? `-0x${(-b).toString(16)}` : `0x${b.toString(16)}`;
}

/** A byte count the way the scenario language writes it: 64K, 2M, 1G when exact, else decimal. */
export function formatSize(v: bigint | number): string {
  const b = BigInt(v);
  if (b === 0n) return '0';
  for (const [s, m] of [['G', SUFFIX.G], ['M', SUFFIX.M], ['K', SUFFIX.K]] as const) {
    if (b % m === 0n) return `${b / m}${s}`;
  }
  return b.toString();
}

/** A bigint as a JSON-safe value: a number when it is a safe integer, else its decimal string. */
export function toWire(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}
