// Resume points: a system call that sleeps records the name of the function that finishes
// it (and its locals) on the LWP (`l_resume`, `l_locals`). When the LWP runs again the run
// loop calls that function. Each resume point also names the kernel stack the debugger shows
// for an LWP sleeping there (docs/architecture.md, "State is plain data").

import type { Kernel } from './kernel';
import type { Lwp } from './state';

/** Finishes a sleeping call; returns an errno, ERESTART, EJUSTRETURN or KSLEEP (slept again). */
export type ResumeFunc = (k: Kernel, l: Lwp) => number;

export interface ResumePoint {
  fn: ResumeFunc;
  /** Innermost first: ['sleepq_block', 'lwp_park', 'sys____lwp_park60']. */
  stack: readonly string[];
}

const points = new Map<string, ResumePoint>();

export function resume_register(name: string, fn: ResumeFunc, stack: readonly string[]): void {
  points.set(name, { fn, stack });
  if (name === lastName) lastName = null;
}

// The run loop looks a resume point up on every wakeup; a sleeper almost always wakes at the
// same point as the one before (a park/unpark ping-pong), so the last hit saves the hash
// lookup. Names are interned literals, so the comparison is usually a pointer compare.
let lastName: string | null = null;
let lastPoint: ResumePoint | undefined;

export function resume_lookup(name: string): ResumePoint | undefined {
  if (name === lastName) return lastPoint;
  const rp = points.get(name);
  if (rp !== undefined) {
    lastName = name;
    lastPoint = rp;
  }
  return rp;
}
