// `crashkernel=` on the Linux 6.1 command line (spec §7.1) and the x86_64 reservation of 6.1
// (`reserve_crashkernel` in arch/x86/kernel/setup.c, spec §7.1.1).

import { FOUR_GIB, MemRegion, MiB, ramBelow, ramRegions, totalRam } from '../mem/map';

export interface CrashkernelParse {
  size: bigint;
  /** 0 when no `@offset` was given. */
  base: bigint;
}

/** Parse outcome: a size (maybe 0) and base, or `invalid` with the warning the kernel logs. */
export type CrashkernelResult = { ok: true; value: CrashkernelParse } | { ok: false; warning: string };

const NAME = 'crashkernel=';
const SUFFIXES = [',high', ',low'];

/** `memparse`: `simple_strtoull(…, 0)` (0x hex, leading 0 octal, else decimal) then K/M/G/T/P/E. */
export function memparse(s: string, pos: number): { value: bigint; end: number } {
  let i = pos;
  let base = 10;
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && isDigit(s[i + 2] ?? '', 16)) {
    base = 16;
    i += 2;
  } else if (s[i] === '0') {
    base = 8;
  }
  let v = 0n;
  const digitsStart = i;
  while (i < s.length && isDigit(s[i], base)) {
    v = v * BigInt(base) + BigInt(parseInt(s[i], 16));
    i++;
  }
  if (i === digitsStart) return { value: 0n, end: pos };
  const shift: Record<string, bigint> = { k: 10n, m: 20n, g: 30n, t: 40n, p: 50n, e: 60n };
  const sh = shift[(s[i] ?? '').toLowerCase()];
  if (sh !== undefined) {
    v <<= sh;
    i++;
  }
  return { value: BigInt.asUintN(64, v), end: i };
}

function isDigit(c: string, base: number): boolean {
  if (c === '') return false;
  const d = parseInt(c, 16);
  return !Number.isNaN(d) && d < base && /[0-9a-fA-F]/.test(c);
}

/**
 * `get_last_crashkernel`: the value after the last `crashkernel=`. Without a suffix, values
 * ending in `,high` or `,low` are skipped; with one, only values ending in it count. Like the
 * kernel's `strstr`, the name may match inside a longer word.
 */
export function lastCrashkernel(cmdline: string, suffix: string | null): number | null {
  let found: number | null = null;
  let p = cmdline.indexOf(NAME);
  while (p >= 0) {
    const valueStart = p + NAME.length;
    let end = cmdline.indexOf(' ', valueStart);
    if (end < 0) end = cmdline.length;
    const value = cmdline.slice(valueStart, end);
    if (suffix === null) {
      if (!SUFFIXES.some((x) => value.endsWith(x))) found = valueStart;
    } else if (value.endsWith(suffix)) {
      found = valueStart;
    }
    p = cmdline.indexOf(NAME, p + 1);
  }
  return found;
}

function atEnd(s: string, i: number): boolean {
  return i >= s.length || s[i] === ' ';
}

/** `parse_crashkernel_simple`: `size[@offset]`. */
function parseSimple(s: string, pos: number): CrashkernelResult {
  const size = memparse(s, pos);
  if (size.end === pos) return { ok: false, warning: 'crashkernel: memory value expected' };
  let base = 0n;
  if (s[size.end] === '@') {
    base = memparse(s, size.end + 1).value;
  } else if (!atEnd(s, size.end)) {
    return { ok: false, warning: 'crashkernel: unrecognized char: ' + s[size.end] };
  }
  return { ok: true, value: { size: size.value, base } };
}

/** `parse_crashkernel_mem`: `start-[end]:size[,start-[end]:size...][@offset]`. */
function parseRanges(s: string, pos: number, systemRam: bigint): CrashkernelResult {
  // RAM is rounded up to 128 MiB so that a range boundary at a round size matches a machine whose
  // firmware keeps a little memory back (spec §7.1).
  const ram = ((systemRam + 128n * MiB - 1n) / (128n * MiB)) * (128n * MiB);
  let cur = pos;
  let size = 0n;
  for (;;) {
    const start = memparse(s, cur);
    if (start.end === cur) return { ok: false, warning: 'crashkernel: Memory value expected' };
    cur = start.end;
    if (s[cur] !== '-') return { ok: false, warning: "crashkernel: '-' expected" };
    cur++;
    let end = 0xffffffffffffffffn;
    if (s[cur] !== ':') {
      const e = memparse(s, cur);
      if (e.end === cur) return { ok: false, warning: 'crashkernel: Memory value expected' };
      cur = e.end;
      end = e.value;
      if (end <= start.value) return { ok: false, warning: 'crashkernel: end <= start' };
    }
    if (s[cur] !== ':') return { ok: false, warning: "crashkernel: ':' expected" };
    cur++;
    const sz = memparse(s, cur);
    if (sz.end === cur) return { ok: false, warning: 'Memory value expected' };
    cur = sz.end;
    if (sz.value >= ram) return { ok: false, warning: 'crashkernel: invalid size' };
    if (ram >= start.value && ram < end) {
      size = sz.value;
      break;
    }
    if (s[cur] !== ',') break;
    cur++;
  }
  let base = 0n;
  if (size > 0n) {
    while (cur < s.length && s[cur] !== ' ' && s[cur] !== '@') cur++;
    if (s[cur] === '@') {
      cur++;
      const b = memparse(s, cur);
      if (b.end === cur) return { ok: false, warning: "Memory value expected after '@'" };
      base = b.value;
    }
  }
  return { ok: true, value: { size, base } };
}

/** `parse_crashkernel_suffix`: `size,high` / `size,low`. */
function parseSuffix(s: string, pos: number, suffix: string): CrashkernelResult {
  const size = memparse(s, pos);
  if (size.end === pos) return { ok: false, warning: 'crashkernel: memory value expected' };
  if (s.slice(size.end, size.end + suffix.length) !== suffix) {
    return { ok: false, warning: 'crashkernel: unrecognized char: ' + (s[size.end] ?? '') };
  }
  if (!atEnd(s, size.end + suffix.length)) {
    return { ok: false, warning: 'crashkernel: unrecognized char: ' + s[size.end + suffix.length] };
  }
  return { ok: true, value: { size: size.value, base: 0n } };
}

/**
 * `parse_crashkernel` / `_high` / `_low` (suffix null, ',high', ',low'). A missing entry is
 * reported as `{ ok: false, warning: '' }`.
 */
export function parseCrashkernel(cmdline: string, systemRam: bigint, suffix: string | null = null): CrashkernelResult {
  const pos = lastCrashkernel(cmdline, suffix);
  if (pos === null) return { ok: false, warning: '' };
  if (suffix !== null) return parseSuffix(cmdline, pos, suffix);
  const colon = cmdline.indexOf(':', pos);
  const space = cmdline.indexOf(' ', pos);
  if (colon >= 0 && (space < 0 || colon < space)) return parseRanges(cmdline, pos, systemRam);
  return parseSimple(cmdline, pos);
}

// x86_64 constants (spec §1.2.3).
export const CRASH_ALIGN = 16n * MiB;
export const CRASH_ADDR_LOW_MAX = FOUR_GIB;
export const CRASH_ADDR_HIGH_MAX = 64n * 1024n * 1024n * MiB;
/** swiotlb's default 64 MiB + 8 MiB, raised to 256 MiB (spec §1.2.3). */
export const CRASH_LOW_SIZE_DEFAULT = 256n * MiB;

export interface CrashRegion {
  start: bigint;
  /** Exclusive. */
  end: bigint;
}

export interface CrashReservation {
  /** `crashk_res`, or null when nothing was reserved. */
  main: CrashRegion | null;
  /** `crashk_low_res`, reserved only when the main region lies at or above 4 GiB. */
  low: CrashRegion | null;
  /** Boot log lines, in order (pr_info / pr_warn / pr_err text). */
  log: string[];
}

/**
 * `memblock_phys_alloc_range(size, align, start, end)`, top-down: the highest `align`-aligned
 * base whose range fits in free RAM within [start, end).
 */
function allocTopDown(free: CrashRegion[], size: bigint, align: bigint, start: bigint, end: bigint): bigint | null {
  const sorted = [...free].sort((a, b) => (a.start > b.start ? -1 : 1));
  for (const r of sorted) {
    const lo = r.start > start ? r.start : start;
    const hi = r.end < end ? r.end : end;
    if (hi - lo < size) continue;
    const base = ((hi - size) / align) * align;
    if (base >= lo) return base;
  }
  return null;
}

function carve(free: CrashRegion[], start: bigint, end: bigint): CrashRegion[] {
  const out: CrashRegion[] = [];
  for (const r of free) {
    if (end <= r.start || start >= r.end) {
      out.push(r);
      continue;
    }
    if (r.start < start) out.push({ start: r.start, end: start });
    if (end < r.end) out.push({ start: end, end: r.end });
  }
  return out;
}

const mb = (v: bigint): string => (v >> 20n).toString();

/**
 * The 6.1 x86_64 reservation (spec §7.1.1). Free memory is all RAM above the first 1 MiB, which
 * x86 keeps back from memblock.
 */
export function reserveCrashkernel(map: readonly MemRegion[], cmdline: string): CrashReservation {
  const res: CrashReservation = { main: null, low: null, log: [] };
  const totalMem = totalRam(map);
  let size = 0n;
  let base = 0n;
  let high = false;
  const plain = parseCrashkernel(cmdline, totalMem, null);
  if (!plain.ok && plain.warning !== '') res.log.push(plain.warning);
  if (plain.ok && plain.value.size > 0n) {
    size = plain.value.size;
    base = plain.value.base;
  } else {
    const hi = parseCrashkernel(cmdline, totalMem, ',high');
    if (!hi.ok && hi.warning !== '') res.log.push(hi.warning);
    if (!hi.ok || hi.value.size === 0n) return res;
    size = hi.value.size;
    high = true;
  }
  // Spec §7.1 "Overall": a size of all RAM or more is invalid.
  if (size >= totalMem) return res;
  let free: CrashRegion[] = ramRegions(map)
    .map((r) => ({ start: r.start < MiB ? MiB : r.start, end: r.end }))
    .filter((r) => r.end > r.start);
  if (base === 0n) {
    let b: bigint | null = null;
    if (!high) b = allocTopDown(free, size, CRASH_ALIGN, CRASH_ALIGN, CRASH_ADDR_LOW_MAX);
    if (b === null) b = allocTopDown(free, size, CRASH_ALIGN, CRASH_ALIGN, CRASH_ADDR_HIGH_MAX);
    if (b === null) {
      res.log.push('crashkernel reservation failed - No suitable area found.');
      return res;
    }
    base = b;
  } else {
    const b = allocTopDown(free, size, MiB, base, base + size);
    if (b !== base) {
      res.log.push('crashkernel reservation failed - memory is in use.');
      return res;
    }
  }
  free = carve(free, base, base + size);
  if (base >= FOUR_GIB) {
    const totalLow = ramBelow(map, FOUR_GIB);
    const lowParse = parseCrashkernel(cmdline, totalLow, ',low');
    let lowSize = CRASH_LOW_SIZE_DEFAULT;
    if (lowParse.ok) lowSize = lowParse.value.size;
    if (lowSize > 0n) {
      const lowBase = allocTopDown(free, lowSize, CRASH_ALIGN, 0n, CRASH_ADDR_LOW_MAX);
      if (lowBase === null) {
        res.log.push(`Cannot reserve ${mb(lowSize)}MB crashkernel low memory, please try smaller size.`);
        return res;
      }
      res.log.push(`Reserving ${mb(lowSize)}MB of low memory at ${mb(lowBase)}MB for crashkernel (low RAM limit: ${mb(totalLow)}MB)`);
      res.low = { start: lowBase, end: lowBase + lowSize };
    }
  }
  res.log.push(`Reserving ${mb(size)}MB of memory at ${mb(base)}MB for crashkernel (System RAM: ${mb(totalMem)}MB)`);
  res.main = { start: base, end: base + size };
  return res;
}
