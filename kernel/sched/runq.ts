// The run queue: every LSRUN LWP, in one array. Which one runs next is a seeded choice
// (sched_pick), which is what lets two seeds produce two interleavings of a racy program.
// Removal swaps with the last element, so every operation is O(1).

import type { KernelState, Lwp } from '../kern/state';
import { rng_below } from '../kern/rng';

export function runq_add(s: KernelState, l: Lwp): void {
  l.l_runq = s.runq.length;
  s.runq.push(l);
}

export function runq_remove(s: KernelState, l: Lwp): void {
  const q = s.runq;
  const i = l.l_runq;
  if (i < 0) return;
  const last = q.pop()!;
  if (last !== l) {
    q[i] = last;
    last.l_runq = i;
  }
  l.l_runq = -1;
}

/** Takes a seeded-random LWP off the run queue, or null when it is empty. */
export function runq_pick(s: KernelState): Lwp | null {
  const q = s.runq;
  if (q.length === 0) return null;
  const l = q[rng_below(s, q.length)]!;
  runq_remove(s, l);
  return l;
}
