// The call stack of an LWP: kernel frames innermost first, then the scenario's frames.
// For the LWP stopped at a kernel point or a syscall entry the kernel frames are the real
// JavaScript stack captured at the stop, mapped back to the kernel's TypeScript lines; for
// other LWPs they are what the host derives from the sleeping syscall's resume point.

import type { SessionContext } from './context';
import type { LwpKey, SimFrame } from './engine/sim-host';
import { parseStack, toKernelFrame } from './kernel-sources';

/** The simulator's own helpers: the kernel point itself and the event builders. */
const HIDDEN = new Set(['kp', 'emit', 'sinkEvent', 'syscall_enter_event', 'syscall_exit_event']);
/**
 * The machine's run loop, which stands where a real CPU's trap entry would: a kernel stack
 * ends below it (the syscall dispatcher `syscall` is the outermost kernel frame).
 */
const RUN_LOOP = new Set(['lwp_slice', 'run', 'runToCompletion']);

export function kernelFramesFromJs(stack: string): SimFrame[] {
  const out: SimFrame[] = [];
  for (const f of parseStack(stack)) {
    const k = toKernelFrame(f);
    if (!k || HIDDEN.has(k.fn)) continue;
    if (RUN_LOOP.has(k.fn)) break;
    out.push({ name: k.fn, kind: 'kernel', file: k.file, line: k.line, column: k.column });
  }
  return out;
}

function same(a: LwpKey | null, b: LwpKey): boolean {
  return a !== null && a.gen === b.gen && a.pid === b.pid && a.lid === b.lid;
}

export function stackOf(ctx: SessionContext, lwp: LwpKey): SimFrame[] {
  const host = ctx.requireHost();
  const frames = host.frames(lwp);
  const stop = ctx.stop;
  if (stop?.jsStack && same(stop.lwp, lwp)) {
    const kernel = kernelFramesFromJs(stop.jsStack);
    if (kernel.length > 0) return [...kernel, ...frames.filter((f) => f.kind === 'user')];
  }
  return frames;
}

export function kernelFramesOfStop(ctx: SessionContext, lwp: LwpKey): SimFrame[] {
  return stackOf(ctx, lwp).filter((f) => f.kind === 'kernel');
}
