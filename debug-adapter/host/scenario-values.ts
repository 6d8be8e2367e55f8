// Scenario runtime values (scenario/values.ts) as debugger values. Buffers live in the
// process's user memory and are read lazily from there.

import type { Kernel } from '../../kernel/kern/kernel';
import type { Vmspace } from '../../kernel/vm/uvm';
import { uvm_peek } from '../../kernel/vm/uvm';
import type { Value } from '../../scenario/values';
import type { DebugValue, NamedValue } from '../engine/sim-host';

export function hexOf(n: bigint | number): string {
  const v = BigInt(n);
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

export function scenarioValue(_k: Kernel, vm: Vmspace | null, v: Value | undefined, depth = 0): DebugValue {
  if (v === undefined) return { type: 'null' };
  if (typeof v === 'number' || typeof v === 'bigint') return { type: 'int', value: BigInt(v) };
  if (typeof v === 'string') return { type: 'string', value: v };
  switch (v.t) {
    case 'buf':
      return {
        type: 'bytes', length: v.len,
        read: (start, count) => (vm ? uvm_peek(vm, v.addr + start, Math.min(count, v.len - start)) : new Uint8Array(0)),
      };
    case 'arr': {
      const items = v.a;
      return {
        type: 'list', length: items.length, summary: `[${items.length}]`,
        item: (i) => ({ name: `[${i}]`, value: depth > 32 ? { type: 'text', display: '…' } : scenarioValue(_k, vm, items[i], depth + 1) }),
      };
    }
    case 'st': {
      const f = v.f;
      const names = Object.keys(f);
      const summary = `${v.ty ?? 'struct'} { ${names.slice(0, 4).map((n) => `${n}: ${shortOf(f[n])}`).join(', ')}${names.length > 4 ? ', …' : ''} }`;
      return {
        type: 'record', summary, typeName: v.ty ?? undefined,
        fields: (): NamedValue[] => names.map((n) => ({ name: n, value: scenarioValue(_k, vm, f[n], depth + 1) })),
      };
    }
    case 'ref':
      return { type: 'text', display: `&slot${v.slot}` };
  }
}

function shortOf(v: Value | undefined): string {
  if (v === undefined) return '?';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  switch (v.t) {
    case 'buf': return `bytes[${v.len}]`;
    case 'arr': return `[${v.a.length}]`;
    case 'st': return v.ty ?? '{…}';
    case 'ref': return '&';
  }
}
