// Callouts: timed events on the virtual clock (kern_timeout.c's callout(9)). A min-heap by
// (time, sequence) keeps firing order deterministic. Handlers are registered by name so the
// state holds only the name.

import type { Kernel } from './kernel';
import { kp } from './kernel';
import type { Callout, KernelState, Lwp } from './state';

export type CalloutFunc = (k: Kernel, c: Callout) => void;

const handlers = new Map<string, CalloutFunc>();

/** Registers a callout handler (at module load). */
export function callout_register(name: string, fn: CalloutFunc): void {
  handlers.set(name, fn);
}

function less(a: Callout, b: Callout): boolean {
  return a.c_time < b.c_time || (a.c_time === b.c_time && a.c_seq < b.c_seq);
}

/** Schedules `func` at absolute virtual time `when` (ns). */
export function callout_schedule(k: Kernel, when: number, func: string, l: Lwp | null, arg: number): void {
  kp(k, 'callout_schedule');
  const s = k.s;
  const c: Callout = { c_time: when, c_seq: s.calloutSeq++, c_func: func, c_lwp: l, c_arg: arg };
  const h = s.callouts;
  h.push(c);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h[i]!, h[p]!)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function pop(s: KernelState): Callout | undefined {
  const h = s.callouts;
  const top = h[0];
  const last = h.pop();
  if (h.length > 0 && last !== undefined) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const a = 2 * i + 1, b = a + 1;
      let m = i;
      if (a < h.length && less(h[a]!, h[m]!)) m = a;
      if (b < h.length && less(h[b]!, h[m]!)) m = b;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
  return top;
}

/** Time of the next callout, or undefined. */
export function callout_next(s: KernelState): number | undefined {
  return s.callouts[0]?.c_time;
}

/** Runs every callout due at or before the current time (softclock). */
export function callout_softclock(k: Kernel): void {
  const s = k.s;
  while (s.callouts.length > 0 && s.callouts[0]!.c_time <= s.time) {
    const c = pop(s)!;
    const fn = handlers.get(c.c_func);
    if (fn !== undefined) fn(k, c);
  }
}
