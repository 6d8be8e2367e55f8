// How print() and the debugger show values.
import { isInt, type Value } from '../values';

export function formatValue(v: Value, depth = 0): string {
  if (isInt(v)) return String(v);
  if (typeof v === 'string') return depth === 0 ? v : JSON.stringify(v);
  if (depth > 4) return '…';
  switch (v.t) {
    case 'buf': return `<${v.len} bytes at 0x${v.addr.toString(16)}>`;
    case 'arr': return `[${v.a.map((x) => formatValue(x, depth + 1)).join(', ')}]`;
    case 'st': return `{ ${Object.entries(v.f).map(([k, x]) => `${k}: ${formatValue(x, depth + 1)}`).join(', ')} }`;
    default: return `&slot${v.slot}`;
  }
}

const utf8 = new TextDecoder();

/** The text of C string bytes: up to the first NUL (or all of them). */
export function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return utf8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}
