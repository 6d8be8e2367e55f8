// kpause (kern_synch.c): a plain timed sleep on a named wait channel, interruptible or not.
// Subsystems use it to make work take virtual time (kexec_load copying bytes sleeps
// uninterruptibly while holding its "load in progress" flag, so a second loader meets EBUSY).

import { kp, type Kernel } from './kernel';
import type { Lwp, ResumeLocals } from './state';
import { sleepq_block, sleepq_enqueue, sleepq_wakeresult } from '../sched/sleepq';
import { SOBJ_SLEEP } from '../proc/lwpdefs';

/**
 * Sleeps for `timo_ns` of virtual time (0: until woken by `sleepq_unsleep`) on wait channel
 * `wmesg`. Returns an errno when an interruptible sleep ends before it begins, else KSLEEP:
 * the LWP sleeps and resume point `resume` (registered with resume_register) finishes the
 * system call; it calls `kpause_result(k, l, intr)`, which gives EWOULDBLOCK when the time
 * ran out (the normal end of a kpause), 0 when woken, EINTR/ERESTART for a signal.
 */
export function kpause(
  k: Kernel, l: Lwp, wmesg: string, intr: boolean, timo_ns: number, resume: string, locals: ResumeLocals | null,
): number {
  kp(k, 'kpause');
  sleepq_enqueue(k, l, wmesg, wmesg, SOBJ_SLEEP, null);
  return sleepq_block(k, l, timo_ns, intr, resume, locals);
}

export function kpause_result(k: Kernel, l: Lwp, intr: boolean): number {
  return sleepq_wakeresult(k, l, intr);
}
