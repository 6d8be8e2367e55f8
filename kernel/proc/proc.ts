// Processes: creation of a process with its first LWP, process exit (exit1) and the final
// teardown when its last LWP is gone (spec netbsd-lwp §2.2, §3.5).

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, Proc, SigAct } from '../kern/state';
import { cv_init } from '../kern/condvar';
import { uvmspace_alloc } from '../vm/uvm';
import {
  LSIDL, LSSLEEP, LSSTOP, LSSUSPENDED, LW_SINTR, LW_WEXIT, LW_WSUSPEND, PS_STOPPING, PS_WEXIT,
  SACTIVE, SDYING, SZOMB,
} from './lwpdefs';
import { lwp_alloc, lwp_free, lwp_start } from './lwp';
import { setrunnable } from '../sched/sched';
import { sleepq_unsleep } from '../sched/sleepq';

function sigacts_init(nsig: number): SigAct[] {
  const a: SigAct[] = [];
  for (let i = 0; i < nsig; i++) a.push({ sa_handler: 0, sa_mask: { w0: 0, w1: 0 }, sa_flags: 0 });
  return a;
}

export interface NewProcOptions {
  name: string;
  uid?: number;
  ppid?: number;
  /** The Userland's initial state for the main LWP. */
  user?: Lwp['l_user'];
}

/**
 * Creates a process whose only LWP has LID 1 (spec Decision 3: a process started normally
 * has its main LWP at LID 1; p_nlwpid = 2) and makes that LWP runnable.
 */
export function newproc(k: Kernel, opts: NewProcOptions): { p: Proc; l: Lwp } {
  kp(k, 'newproc');
  const s = k.s;
  const pid = s.nextpid++;
  const p: Proc = {
    p_pid: pid, p_ppid: opts.ppid ?? 0, p_uid: opts.uid ?? 0, p_name: opts.name,
    p_stat: SACTIVE, p_sflag: 0, p_lflag: 0, p_lwps: new Map(), p_nlwps: 0, p_nrlwps: 0,
    p_nzlwps: 0, p_ndlwps: 0, p_nlwpwait: 0, p_nstopped: 0, p_zomblwp: null, p_nlwpid: 1,
    // Every process's p_lwpcv has the wait message "lwpwait" (spec Decision 4).
    p_lwpcv: cv_init('lwpwait', `p_lwpcv@${pid}`),
    p_sigacts: sigacts_init(k.kc.nsig), p_sigpend: { w0: 0, w1: 0 }, p_sigq: null,
    p_xstat: 0, p_xsig: 0, p_vmspace: uvmspace_alloc(), p_fd: [null, null, null],
    p_lwpctl: null, p_nserial: 0, p_generation: s.generation,
  };
  s.procs.set(pid, p);
  if (k.sink !== null) k.sink({ type: 'proc_create', time: s.time, pid, name: p.p_name, uid: p.p_uid });
  const l = lwp_alloc(k, p, null, 0, { w0: 0, w1: 0 });
  p.p_nlwpid = 2;
  l.l_user = opts.user ?? null;
  lwp_start(k, l, 0);
  return { p, l };
}

/**
 * Process exit (exit1 + exit_lwps, §3.5): every LWP gets LW_WEXIT; interruptible sleepers
 * are woken (their sleeps report EINTR), suspended and stopped LWPs are made runnable so
 * they can exit in userret. The caller exits on its own way out of the kernel.
 */
export function exit1(k: Kernel, p: Proc, status: number, sig: number): void {
  kp(k, 'exit1');
  if ((p.p_sflag & PS_WEXIT) !== 0) return;
  p.p_sflag |= PS_WEXIT;
  p.p_sflag &= ~PS_STOPPING;
  p.p_stat = SDYING;
  p.p_xstat = status;
  p.p_xsig = sig;
  for (const l of p.p_lwps.values()) {
    if (l.l_stat === LSIDL || l.l_stat === 5) continue;
    l.l_flag |= LW_WEXIT;
    l.l_flag &= ~LW_WSUSPEND;
    if (l.l_stat === LSSLEEP && (l.l_flag & LW_SINTR) !== 0) {
      sleepq_unsleep(k, l);
    } else if (l.l_stat === LSSUSPENDED) {
      setrunnable(k, l);
    } else if (l.l_stat === LSSTOP) {
      if (l.l_wchan !== null && (l.l_flag & LW_SINTR) !== 0) sleepq_unsleep(k, l);
      setrunnable(k, l);
    }
  }
}

/** The last LWP of an exiting process is gone: free every zombie and mark the process. */
export function proc_finish(k: Kernel, p: Proc): void {
  kp(k, 'proc_finish');
  for (const l of Array.from(p.p_lwps.values())) lwp_free(k, l);
  p.p_stat = SZOMB;
  p.p_lwpctl = null;
  p.p_fd = [];
  if (k.sink !== null) {
    k.sink({ type: 'proc_exit', time: k.s.time, pid: p.p_pid, status: p.p_xstat, signal: p.p_xsig });
  }
}

/** Live (not exited) processes. */
export function proc_alive(p: Proc): boolean {
  return p.p_stat !== SZOMB && p.p_stat !== 6;
}
