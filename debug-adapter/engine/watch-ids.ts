// Data breakpoint targets as DAP dataIds: a watched LWP field, physical memory range or
// scenario local travels to the client and back as a string, and is described to the user.

import type { WatchTarget } from './sim-host';

/** Watch descriptors travel as dataId strings. */
export function encodeWatch(w: WatchTarget): string {
  switch (w.kind) {
    case 'lwpField': return `lwp:${w.lwp.gen}.${w.lwp.pid}.${w.lwp.lid}:${w.field}`;
    case 'phys': return `phys:0x${w.addr.toString(16)}:${w.length}`;
    case 'local': return `local:${w.lwp.gen}.${w.lwp.pid}.${w.lwp.lid}:${w.depth}:${w.fn}:${w.slot}:${w.fnName}:${w.name}`;
  }
}

export function decodeWatch(id: string): WatchTarget | undefined {
  let m = /^lwp:(\d+)\.(\d+)\.(\d+):(\w+)$/.exec(id);
  if (m) return { kind: 'lwpField', lwp: { gen: +m[1], pid: +m[2], lid: +m[3] }, field: m[4] };
  m = /^phys:(0x[0-9a-f]+):(\d+)$/i.exec(id);
  if (m) return { kind: 'phys', addr: BigInt(m[1]), length: +m[2] };
  m = /^local:(\d+)\.(\d+)\.(\d+):(\d+):(\d+):(\d+):(\w+):(\w+)$/.exec(id);
  if (m) return { kind: 'local', lwp: { gen: +m[1], pid: +m[2], lid: +m[3] }, depth: +m[4], fn: +m[5], slot: +m[6], fnName: m[7], name: m[8] };
  return undefined;
}

export function describeWatch(w: WatchTarget): string {
  switch (w.kind) {
    case 'lwpField': return `${w.field} of LWP ${w.lwp.pid}.${w.lwp.lid}`;
    case 'phys': return `physical memory 0x${w.addr.toString(16)}..+${w.length}`;
    case 'local': return `${w.name} in ${w.fnName} (LWP ${w.lwp.pid}.${w.lwp.lid})`;
  }
}
