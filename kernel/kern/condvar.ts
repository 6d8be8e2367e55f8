// Condition variables (kern_condvar.c): a wait message and the LWPs sleeping on it.

import { kp, type Kernel } from './kernel';
import type { CondVar, Lwp, ResumeLocals } from './state';
import { sleepq_block, sleepq_enqueue, sleepq_unsleep } from '../sched/sleepq';
import { SOBJ_CV } from '../proc/lwpdefs';

export function cv_init(wmesg: string, wchan: string): CondVar {
  return { cv_wmesg: wmesg, cv_wchan: wchan, cv_waiters: [] };
}

/**
 * Sleeps interruptibly on `cv` (cv_wait_sig). Returns an errno if the sleep ended before it
 * began (signal pending, LW_CANCELLED), else KSLEEP; `resume` finishes the call later.
 */
export function cv_wait_sig(k: Kernel, l: Lwp, cv: CondVar, resume: string, locals: ResumeLocals | null): number {
  kp(k, 'cv_wait_sig');
  sleepq_enqueue(k, l, cv.cv_wchan, cv.cv_wmesg, SOBJ_CV, cv);
  return sleepq_block(k, l, 0, true, resume, locals);
}

/** Wakes every LWP sleeping on `cv` (cv_broadcast). */
export function cv_broadcast(k: Kernel, cv: CondVar): void {
  kp(k, 'cv_broadcast');
  const w = cv.cv_waiters;
  if (w.length === 0) return;
  const all = w.slice();
  for (const l of all) sleepq_unsleep(k, l);
}
