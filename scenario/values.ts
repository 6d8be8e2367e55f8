// Runtime values. All plain data (structured-clone safe), so an LWP's frames can be snapshotted
// with the machine. Integers are numbers or bigints (int64.ts); `null` and `false` are 0, `true`
// is 1; a function is its user text address (an integer).
import type { Int } from './int64';

/** A byte buffer in the process's user memory (bytes(), file(), image_bytes()). */
export interface BufVal {
  t: 'buf';
  addr: number;
  len: number;
}

/** An array (shared by reference: `let b = a` names the same array). */
export interface ArrVal {
  t: 'arr';
  a: Value[];
}

/** A struct: a struct literal, a ucontext, or what the kernel wrote through `&s`. */
export interface StructVal {
  t: 'st';
  /** The C type when known (`ucontext_t`, `struct timespec`), else null. */
  ty: string | null;
  f: { [field: string]: Value };
}

/** `&x`: an out-parameter reference to a local slot of the current frame; only ever an argument. */
export interface RefVal {
  t: 'ref';
  slot: number;
}

export type Value = Int | string | BufVal | ArrVal | StructVal | RefVal;

export function isInt(v: Value): v is Int {
  return typeof v === 'number' || typeof v === 'bigint';
}

export function truthy(v: Value): boolean {
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v.length > 0;
  return true;
}

export function typeName(v: Value): string {
  if (isInt(v)) return 'an integer';
  if (typeof v === 'string') return 'a string';
  switch (v.t) {
    case 'buf': return 'a byte buffer';
    case 'arr': return 'an array';
    case 'st': return v.ty ? `a ${v.ty}` : 'a struct';
    default: return 'a reference';
  }
}

const utf8 = new TextEncoder();

/** len(): a string's length in bytes (UTF-8, no NUL), an array's or buffer's length; null otherwise. */
export function lengthOf(v: Value | undefined): number | null {
  if (typeof v === 'string') return utf8.encode(v).length;
  if (v === undefined || isInt(v)) return null;
  if (v.t === 'arr') return v.a.length;
  if (v.t === 'buf') return v.len;
  return null;
}
