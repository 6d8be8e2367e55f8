// Turns what the user typed (or picked) for one syscall argument into the contract's
// `SyscallArgValue`, or a message saying what to type instead. The same texts are kept in the
// runner's history, so "Run Again" parses them once more without asking.
//
// Integers everywhere accept numbers in any base (numbers.ts) and the ABI's constant names,
// OR-ed with `|`: `RB_KEXEC`, `LWP_DETACHED|LWP_SUSPENDED`, `0x200000`, `64K`, `-1`.

import type { SyscallArgInfo, SyscallArgValue } from '../../debug-adapter/contract';
import { MAX_U64, MIN_I64, parseNumber, type ParseResult } from './numbers';

export type Constants = Readonly<Record<string, number | bigint>>;

const INT32_MIN = -(1n << 31n);
const INT32_MAX = (1n << 31n) - 1n;
const MAX_BUFFER = 16n * 1024n * 1024n;
const MAX_SEGMENTS = 64;

/** An integer expression: numbers and constant names joined by `|`. */
export function parseIntExpr(text: string, constants: Constants): ParseResult<bigint> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Type a value: a number (4096, 0x200000, 0b101, 64K) or a constant name (RB_KEXEC).' };
  let v = 0n;
  for (const part of t.split('|')) {
    const p = part.trim();
    if (/^-?[A-Za-z_][A-Za-z0-9_]*$/.test(p) && !/^-?0[xob]/i.test(p)) {
      const neg = p.startsWith('-');
      const name = neg ? p.slice(1) : p;
      const c = constants[name];
      if (c === undefined) return { ok: false, message: `${name} is not a constant of this ABI: type a number or a known name.` };
      v |= neg ? -BigInt(c) : BigInt(c);
      continue;
    }
    const r = parseNumber(p);
    if (!r.ok) return r;
    v |= r.value;
  }
  if (v > MAX_U64 || v < MIN_I64) return { ok: false, message: `${t} does not fit in 64 bits.` };
  return { ok: true, value: v };
}

function intValue(v: bigint): SyscallArgValue {
  return { kind: 'int', value: v.toString() };
}

function isNull(t: string): boolean {
  return t.trim() === 'null' || t.trim() === 'NULL';
}

/** Splits `a: 1, b: 2` into fields, refusing unknown or repeated names. */
function parseFields(body: string, allowed: readonly string[], what: string): ParseResult<Map<string, string>> {
  const m = new Map<string, string>();
  const parts = splitTopLevel(body, ',').map((s) => s.trim()).filter((s) => s !== '');
  for (const p of parts) {
    const i = p.indexOf(':');
    if (i < 0) return { ok: false, message: `In ${what}, "${p}" needs a field name: write name: value (fields: ${allowed.join(', ')}).` };
    const name = p.slice(0, i).trim();
    if (!allowed.includes(name)) return { ok: false, message: `${what} has no field "${name}": its fields are ${allowed.join(', ')}.` };
    if (m.has(name)) return { ok: false, message: `${what} gives ${name} twice.` };
    m.set(name, p.slice(i + 1).trim());
  }
  return { ok: true, value: m };
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    if (ch === ')' || ch === '}' || ch === ']') depth--;
    if (ch === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

function sizeIn(text: string, constants: Constants, what: string, max: bigint): ParseResult<number> {
  const r = parseIntExpr(text, constants);
  if (!r.ok) return { ok: false, message: `${what}: ${r.message}` };
  if (r.value < 0n || r.value > max) return { ok: false, message: `${what} must be between 0 and ${max} bytes.` };
  return { ok: true, value: Number(r.value) };
}

/** `bytes(64K)`, `bytes(64K, 0x90)`, a plain size, or `null`. */
function parseBuf(text: string, constants: Constants): ParseResult<{ size: number; fill?: number } | null> {
  if (isNull(text)) return { ok: true, value: null };
  const m = /^bytes\s*\((.*)\)$/.exec(text.trim());
  const inner = m ? splitTopLevel(m[1], ',') : [text];
  if (inner.length > 2) return { ok: false, message: 'buf: write bytes(SIZE) or bytes(SIZE, FILL).' };
  const size = sizeIn(inner[0], constants, 'buf size', MAX_BUFFER);
  if (!size.ok) return size;
  if (inner.length === 2) {
    const fill = parseIntExpr(inner[1], constants);
    if (!fill.ok || fill.value < 0n || fill.value > 255n) return { ok: false, message: 'buf fill must be a byte, 0 to 255.' };
    return { ok: true, value: { size: size.value, fill: Number(fill.value) } };
  }
  return { ok: true, value: { size: size.value } };
}

export interface SegmentValue {
  buf?: { size: number; fill?: number } | null;
  bufsz: number;
  mem: string;
  memsz: number;
}

const SEGMENT_FIELDS = ['buf', 'bufsz', 'mem', 'memsz'] as const;

/** One `{ buf: bytes(64K), bufsz: 64K, mem: 0x200000, memsz: 64K }` (buf defaults to bytes(bufsz)). */
export function parseSegment(text: string, constants: Constants): ParseResult<SegmentValue> {
  const t = text.trim();
  const body = t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
  const f = parseFields(body, SEGMENT_FIELDS, 'a kexec segment');
  if (!f.ok) return f;
  for (const need of ['bufsz', 'mem', 'memsz']) {
    if (!f.value.has(need)) return { ok: false, message: `A kexec segment needs ${need}: write { buf: bytes(64K), bufsz: 64K, mem: 0x200000, memsz: 64K }.` };
  }
  const bufsz = sizeIn(f.value.get('bufsz')!, constants, 'bufsz', MAX_U64);
  if (!bufsz.ok) return bufsz;
  const memsz = sizeIn(f.value.get('memsz')!, constants, 'memsz', MAX_U64);
  if (!memsz.ok) return memsz;
  const mem = parseIntExpr(f.value.get('mem')!, constants);
  if (!mem.ok) return { ok: false, message: `mem: ${mem.message}` };
  if (mem.value < 0n) return { ok: false, message: 'mem is a physical address: it cannot be negative.' };
  const bufText = f.value.get('buf');
  let buf: SegmentValue['buf'];
  if (bufText === undefined) {
    buf = { size: Math.min(bufsz.value, Number(MAX_BUFFER)) };
  } else {
    const b = parseBuf(bufText, constants);
    if (!b.ok) return b;
    buf = b.value;
  }
  return { ok: true, value: { buf, bufsz: bufsz.value, mem: `0x${mem.value.toString(16)}`, memsz: memsz.value } };
}

/** `[ {..}, {..} ]` or `{..}, {..}`; `[]` is an empty list. */
export function parseSegments(text: string, constants: Constants): ParseResult<SegmentValue[]> {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1).trim();
  if (t === '') return { ok: true, value: [] };
  const items = splitTopLevel(t, ',').map((s) => s.trim());
  // Commas inside one segment were kept by splitTopLevel's brace depth; a bare field list is one segment.
  const segs: SegmentValue[] = [];
  if (!items.every((s) => s.startsWith('{'))) {
    const one = parseSegment(t, constants);
    return one.ok ? { ok: true, value: [one.value] } : one;
  }
  if (items.length > MAX_SEGMENTS) return { ok: false, message: `At most ${MAX_SEGMENTS} segments can be built here.` };
  for (let i = 0; i < items.length; i++) {
    const r = parseSegment(items[i], constants);
    if (!r.ok) return { ok: false, message: `Segment ${i}: ${r.message}` };
    segs.push(r.value);
  }
  return { ok: true, value: segs };
}

/** The text a segment list is kept as in the history (parseSegments reads it back). */
export function segmentsText(segs: readonly SegmentValue[]): string {
  return `[${segs.map((s) => {
    const buf = s.buf === undefined ? '' : s.buf === null ? 'buf: null, ' : `buf: bytes(${s.buf.size}${s.buf.fill !== undefined ? `, ${s.buf.fill}` : ''}), `;
    return `{ ${buf}bufsz: ${s.bufsz}, mem: ${s.mem}, memsz: ${s.memsz} }`;
  }).join(', ')}]`;
}

/** `{ tv_sec: 1, tv_nsec: 0 }` or `1, 0` (or `null`). */
export function parseTimespec(text: string, constants: Constants): ParseResult<SyscallArgValue> {
  if (isNull(text)) return { ok: true, value: { kind: 'null' } };
  let t = text.trim();
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  let secText: string | undefined;
  let nsecText: string | undefined;
  if (t.includes(':')) {
    const f = parseFields(t, ['tv_sec', 'tv_nsec'], 'a struct timespec');
    if (!f.ok) return f;
    secText = f.value.get('tv_sec') ?? '0';
    nsecText = f.value.get('tv_nsec') ?? '0';
  } else {
    const parts = t.split(',');
    if (parts.length !== 2) return { ok: false, message: 'Write a timespec as { tv_sec: 1, tv_nsec: 0 }, as "1, 0", or null.' };
    [secText, nsecText] = parts;
  }
  const sec = parseIntExpr(secText, constants);
  if (!sec.ok) return { ok: false, message: `tv_sec: ${sec.message}` };
  const nsec = parseIntExpr(nsecText, constants);
  if (!nsec.ok) return { ok: false, message: `tv_nsec: ${nsec.message}` };
  const safe = (v: bigint): boolean => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
  if (!safe(sec.value) || !safe(nsec.value)) return { ok: false, message: 'tv_sec and tv_nsec must be within ±2^53 here.' };
  return { ok: true, value: { kind: 'timespec', tv_sec: Number(sec.value), tv_nsec: Number(nsec.value) } };
}

/** Parses one argument's text by the argument's kind. */
export function parseArg(arg: SyscallArgInfo, text: string, constants: Constants): ParseResult<SyscallArgValue> {
  const t = text.trim();
  switch (arg.kind) {
    case 'string':
      if (isNull(t)) return { ok: true, value: { kind: 'null' } };
      return { ok: true, value: { kind: 'string', value: t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : text } };
    case 'buffer': {
      if (isNull(t)) return { ok: true, value: { kind: 'null' } };
      const b = parseBuf(t, constants);
      if (!b.ok) return b;
      return { ok: true, value: b.value === null ? { kind: 'null' } : { kind: 'buffer', ...b.value } };
    }
    case 'segments': {
      if (isNull(t)) return { ok: true, value: { kind: 'null' } };
      const s = parseSegments(t, constants);
      if (!s.ok) return s;
      return { ok: true, value: { kind: 'segments', segments: s.value } };
    }
    case 'timespec':
      return parseTimespec(t, constants);
    case 'pointer': {
      if (isNull(t)) return { ok: true, value: { kind: 'null' } };
      const r = parseIntExpr(t, constants);
      if (!r.ok) return { ok: false, message: `${arg.name} is a pointer: type null or an address. ${r.message}` };
      return { ok: true, value: intValue(r.value) };
    }
    case 'lwpid':
    case 'pid':
    case 'signal':
    case 'fd': {
      const r = parseIntExpr(t, constants);
      if (!r.ok) return r;
      if (r.value < INT32_MIN || r.value > INT32_MAX) return { ok: false, message: `${arg.name} is a ${arg.ctype}: it must fit in 32 bits (${INT32_MIN} to ${INT32_MAX}).` };
      return { ok: true, value: intValue(r.value) };
    }
    case 'int':
    case 'flags':
    case 'clock': {
      const r = parseIntExpr(t, constants);
      return r.ok ? { ok: true, value: intValue(r.value) } : r;
    }
  }
}

/** Parses every argument; the first refusal names the argument. */
export function parseArgs(args: readonly SyscallArgInfo[], texts: readonly string[], constants: Constants): ParseResult<SyscallArgValue[]> {
  if (texts.length !== args.length) return { ok: false, message: `Expected ${args.length} arguments, got ${texts.length}.` };
  const out: SyscallArgValue[] = [];
  for (let i = 0; i < args.length; i++) {
    const r = parseArg(args[i], texts[i], constants);
    if (!r.ok) return { ok: false, message: `${args[i].name}: ${r.message}` };
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** `kexec_load(0x200000, 1, [1 segment], 0)` for the result line and the history. */
export function callText(name: string, args: readonly SyscallArgValue[]): string {
  return `${name}(${args.map(argText).join(', ')})`;
}

function argText(a: SyscallArgValue): string {
  switch (a.kind) {
    case 'int': {
      const v = BigInt(a.value);
      return v >= 0n && v > 4096n ? `0x${v.toString(16)}` : v.toString();
    }
    case 'null': return 'null';
    case 'string': return JSON.stringify(a.value);
    case 'buffer': return `bytes(${a.size})`;
    case 'segments': return `[${a.segments.length} segment${a.segments.length === 1 ? '' : 's'}]`;
    case 'timespec': return `{ tv_sec: ${a.tv_sec}, tv_nsec: ${a.tv_nsec} }`;
    case 'image': return `image_bytes(${a.name})`;
  }
}
