// Sleep queues (kern_sleepq.c 1.64): putting the current LWP to sleep on a wait channel,
// interruptible or not, with an optional timeout, and taking it off again. Because the
// simulated kernel cannot block a JavaScript stack, sleepq_block records the resume point
// and switches away; the resume function calls sleepq_wakeresult to learn why it woke
// (spec netbsd-lwp §2.11 step 4, "the interruptible-sleep machinery").

import { kp, KSLEEP, type Kernel } from '../kern/kernel';
import type { CondVar, Callout, Lwp, ResumeLocals } from '../kern/state';
import { EINTR, EWOULDBLOCK } from '../kern/errno';
import { callout_register, callout_schedule } from '../kern/callout';
import {
  LSSLEEP, LSSTOP, LW_CANCELLED, LW_SINTR, LW_STIMO, LW_WCORE, LW_WEXIT, SOBJ_NONE,
} from '../proc/lwpdefs';
import { lwp_setstat, mi_switch, setrunnable } from './sched';
import { sigispending_result } from '../kern/sig';

/** Records the wait channel the LWP is about to sleep on (sleepq_enqueue). */
export function sleepq_enqueue(
  k: Kernel, l: Lwp, wchan: string, wmesg: string, syncobj: number, cv: CondVar | null,
): void {
  kp(k, 'sleepq_enqueue');
  l.l_wchan = wchan;
  l.l_wmesg = wmesg;
  l.l_syncobj = syncobj;
  l.l_cv = cv;
  if (cv !== null) cv.cv_waiters.push(l);
}

function sleepq_dequeue(l: Lwp): void {
  const cv = l.l_cv;
  if (cv !== null) {
    const i = cv.cv_waiters.indexOf(l);
    if (i >= 0) cv.cv_waiters.splice(i, 1);
  }
  l.l_wchan = null;
  l.l_wmesg = null;
  l.l_syncobj = SOBJ_NONE;
  l.l_cv = null;
  l.l_flag &= ~LW_SINTR;
  l.l_slptimo = 0;
  l.l_sleepgen++;
}

/**
 * Blocks the current LWP (sleepq_block). `timo` is a relative timeout in ns (0 = none);
 * `catchsig` makes the sleep interruptible. Before sleeping, an interruptible sleep returns
 * EINTR at once for LW_CANCELLED (clearing it: "cleared only pre-sleep", spec §6
 * kern_sleepq.c) or a pending exit, and EINTR/ERESTART for a deliverable signal.
 * Returns that errno, or KSLEEP after switching away.
 */
export function sleepq_block(
  k: Kernel, l: Lwp, timo: number, catchsig: boolean, resume: string, locals: ResumeLocals | null,
): number {
  kp(k, 'sleepq_block');
  if (catchsig) {
    if ((l.l_flag & (LW_CANCELLED | LW_WEXIT | LW_WCORE)) !== 0) {
      l.l_flag &= ~LW_CANCELLED;
      sleepq_dequeue(l);
      return EINTR;
    }
    const sig = sigispending_result(k, l);
    if (sig !== 0) {
      sleepq_dequeue(l);
      return sig;
    }
    l.l_flag |= LW_SINTR;
  }
  l.l_sleepgen++;
  l.l_resume = resume;
  l.l_locals = locals;
  if (timo > 0) {
    l.l_slptimo = k.s.time + timo;
    callout_schedule(k, l.l_slptimo, 'sleepq_timeout', l, l.l_sleepgen);
  }
  lwp_setstat(k, l, LSSLEEP);
  mi_switch(k, l);
  return KSLEEP;
}

/**
 * Takes a sleeping LWP off its wait channel and makes it runnable (sleepq_unsleep +
 * setrunnable). A stopped sleeper (LSSTOP, §4.8) stays stopped but is no longer queued, so
 * SIGCONT makes it run. No effect on an LWP that is not on a sleep queue.
 */
export function sleepq_unsleep(k: Kernel, l: Lwp): void {
  kp(k, 'sleepq_unsleep');
  if (l.l_wchan === null) return;
  sleepq_dequeue(l);
  if (l.l_stat === LSSLEEP) setrunnable(k, l);
}

/** Is `l` asleep (or stopped while asleep) on a wait channel? */
export function sleepq_onqueue(l: Lwp): boolean {
  return l.l_wchan !== null && (l.l_stat === LSSLEEP || l.l_stat === LSSTOP);
}

/**
 * Why the LWP woke, for the resume function (the tail of sleepq_block): EWOULDBLOCK for a
 * timeout (LW_STIMO), then for interruptible sleeps EINTR for LW_CANCELLED / exit (flags not
 * cleared, spec §2.8), EINTR or ERESTART for a deliverable signal, else 0.
 */
export function sleepq_wakeresult(k: Kernel, l: Lwp, catchsig: boolean): number {
  l.l_resume = null;
  if ((l.l_flag & LW_STIMO) !== 0) {
    l.l_flag &= ~LW_STIMO;
    return EWOULDBLOCK;
  }
  if (!catchsig) return 0;
  if ((l.l_flag & (LW_CANCELLED | LW_WEXIT | LW_WCORE)) !== 0) return EINTR;
  return sigispending_result(k, l);
}

/** The timeout callout of a timed sleep (sleepq_timeout): wins only if still asleep (§4.2). */
function sleepq_timeout(k: Kernel, c: Callout): void {
  const l = c.c_lwp;
  if (l === null || l.l_sleepgen !== c.c_arg || l.l_wchan === null) return;
  kp(k, 'sleepq_timeout');
  l.l_flag |= LW_STIMO;
  sleepq_unsleep(k, l);
}

callout_register('sleepq_timeout', sleepq_timeout);
