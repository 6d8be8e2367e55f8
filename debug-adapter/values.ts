// DebugValue → DAP Variable, with handles for everything that expands. Lists and byte buffers
// are indexed (paged by start/count), so 10,000 LWPs or a 64 MiB segment are never sent whole.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext, VarContainer } from './context';
import type { DebugValue, NamedValue } from './engine/sim-host';
import { renderShort } from './engine/breakpoints';
import { encodeWatch } from './engine/watch-ids';

const BYTES_PER_ROW = 16;

export function hex(n: bigint | number): string {
  const v = BigInt(n);
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function typeOf(v: DebugValue): string | undefined {
  switch (v.type) {
    case 'int': return v.typeName ?? 'int';
    case 'string': return 'string';
    case 'bool': return 'bool';
    case 'bytes': return `bytes[${v.length}]`;
    case 'record': return v.typeName;
    case 'text': return v.typeName;
    default: return undefined;
  }
}

/** A handle for an expandable value, 0 for a scalar. */
export function referenceOf(ctx: SessionContext, v: DebugValue): number {
  switch (v.type) {
    case 'record': return ctx.refs.create({ kind: 'named', get: () => v.fields() });
    case 'list': return ctx.refs.create({ kind: 'list', value: v });
    case 'bytes': return v.length > 0 ? ctx.refs.create({ kind: 'bytes', value: v }) : 0;
    default: return 0;
  }
}

/**
 * Whether a request wants plain integers in hex: its own `format.hex` (DAP value formatting,
 * which other clients send), else the session's choice (`ksim/setValueFormat`).
 */
export function wantsHex(ctx: SessionContext, args: Record<string, unknown>): boolean {
  const format = args.format;
  if (typeof format === 'object' && format !== null && typeof (format as { hex?: unknown }).hex === 'boolean') {
    return (format as { hex: boolean }).hex;
  }
  return ctx.hexValues;
}

export function toVariable(ctx: SessionContext, nv: NamedValue, asHex = ctx.hexValues): DebugProtocol.Variable {
  const v = nv.value;
  const out: DebugProtocol.Variable = {
    name: nv.name, value: renderShort(v), type: typeOf(v), variablesReference: referenceOf(ctx, v),
  };
  if (v.type === 'list') out.indexedVariables = v.length;
  if (v.type === 'bytes') out.indexedVariables = Math.ceil(v.length / BYTES_PER_ROW);
  if ((v.type === 'bytes' || v.type === 'list' || v.type === 'record') && v.memoryReference) out.memoryReference = v.memoryReference;
  if (v.type === 'int' && !v.display) out.value = asHex ? hex(v.value) : v.value.toString();
  if (nv.watch && ctx.bps.watches(encodeWatch(nv.watch))) out.presentationHint = { attributes: ['hasDataBreakpoint'] };
  return out;
}

function bytesRow(buf: Uint8Array): string {
  const parts: string[] = [];
  let ascii = '';
  for (const b of buf) {
    parts.push(b.toString(16).padStart(2, '0'));
    ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `${parts.join(' ')}  ${ascii}`;
}

/** The children of a handle, paged. */
export function childrenOf(ctx: SessionContext, c: VarContainer, start = 0, count?: number, asHex = ctx.hexValues): DebugProtocol.Variable[] {
  switch (c.kind) {
    case 'named': {
      const all = c.get();
      const end = count ? Math.min(all.length, start + count) : all.length;
      return all.slice(start, end).map((nv) => toVariable(ctx, nv, asHex));
    }
    case 'list': {
      const end = count ? Math.min(c.value.length, start + count) : Math.min(c.value.length, start + 1000);
      const out: DebugProtocol.Variable[] = [];
      for (let i = start; i < end; i++) out.push(toVariable(ctx, c.value.item(i), asHex));
      return out;
    }
    case 'bytes': {
      const rows = Math.ceil(c.value.length / BYTES_PER_ROW);
      const end = count ? Math.min(rows, start + count) : Math.min(rows, start + 256);
      const out: DebugProtocol.Variable[] = [];
      for (let r = start; r < end; r++) {
        const off = r * BYTES_PER_ROW;
        const n = Math.min(BYTES_PER_ROW, c.value.length - off);
        out.push({ name: `[${hex(off)}]`, value: bytesRow(c.value.read(off, n)), variablesReference: 0 });
      }
      return out;
    }
  }
}
