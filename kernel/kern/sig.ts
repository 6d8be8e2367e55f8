// Signals as far as the LWP calls need them (kern_sig.c, 2020 era; spec netbsd-lwp §2.9,
// §4.7, §4.8): per-LWP and per-process pending sets, masks, sigaction handlers, default
// actions, SA_TOALL signals acting on the whole process, process stop and continue, and the
// EINTR/ERESTART verdict of an interrupted sleep.

import { kp, type KConst, type Kernel } from './kernel';
import type { Lwp, Proc, SigAct, SigInfo, Sigset } from './state';
import { EINTR, ERESTART } from './errno';
import type { AbiTable } from '../abi/types';
import {
  LSONPROC, LSRUN, LSSLEEP, LSSTOP, LW_PENDSIG, LW_SINTR, LW_WCORE, LW_WEXIT, PS_STOPPING,
  PS_WEXIT, SACTIVE, SSTOP,
} from '../proc/lwpdefs';
import { lwp_setstat, mi_switch, sched_dequeue, setrunnable } from '../sched/sched';
import { sleepq_unsleep } from '../sched/sleepq';
import { exit1 } from '../proc/proc';

// Signal properties (sys/signalvar.h sigprop).
export const SP_KILL = 0x01;
export const SP_CORE = 0x02;
export const SP_STOP = 0x04;
export const SP_TTYSTOP = 0x08;
export const SP_IGNORE = 0x10;
export const SP_CONT = 0x20;
export const SP_CANTMASK = 0x40;
export const SP_TOALL = 0x80;

const PROPS_BY_NAME: Record<string, number> = {
  SIGHUP: SP_KILL, SIGINT: SP_KILL, SIGQUIT: SP_KILL | SP_CORE, SIGILL: SP_KILL | SP_CORE,
  SIGTRAP: SP_KILL | SP_CORE, SIGABRT: SP_KILL | SP_CORE, SIGEMT: SP_KILL | SP_CORE,
  SIGFPE: SP_KILL | SP_CORE, SIGKILL: SP_KILL | SP_CANTMASK | SP_TOALL,
  SIGBUS: SP_KILL | SP_CORE, SIGSEGV: SP_KILL | SP_CORE, SIGSYS: SP_KILL | SP_CORE,
  SIGPIPE: SP_KILL, SIGALRM: SP_KILL, SIGTERM: SP_KILL, SIGURG: SP_IGNORE,
  SIGSTOP: SP_STOP | SP_CANTMASK | SP_TOALL, SIGTSTP: SP_STOP | SP_TTYSTOP | SP_TOALL,
  SIGCONT: SP_IGNORE | SP_CONT | SP_TOALL, SIGCHLD: SP_IGNORE,
  SIGTTIN: SP_STOP | SP_TTYSTOP | SP_TOALL, SIGTTOU: SP_STOP | SP_TTYSTOP | SP_TOALL,
  SIGIO: SP_IGNORE, SIGXCPU: SP_KILL | SP_CORE, SIGXFSZ: SP_KILL | SP_CORE,
  SIGVTALRM: SP_KILL, SIGPROF: SP_KILL, SIGWINCH: SP_IGNORE, SIGINFO: SP_IGNORE,
  SIGUSR1: SP_KILL, SIGUSR2: SP_KILL, SIGPWR: SP_IGNORE, SIGSTKFLT: SP_KILL,
};

/** Builds the per-ABI numbers and the sigprop table the kernel uses. */
export function kconst_build(abi: AbiTable): KConst {
  const sig = abi.signals;
  const c = abi.constants;
  const sigprop = new Uint16Array(abi.nsig);
  for (let n = 1; n < abi.nsig; n++) sigprop[n] = SP_KILL;
  for (const [name, props] of Object.entries(PROPS_BY_NAME)) {
    const n = sig[name];
    if (n !== undefined) sigprop[n] = props;
  }
  const num = (name: string): number => Number(c[name] ?? sig[name] ?? 0);
  return {
    SIGKILL: num('SIGKILL'), SIGSTOP: num('SIGSTOP'), SIGTSTP: num('SIGTSTP'),
    SIGCONT: num('SIGCONT'), SIGTTIN: num('SIGTTIN'), SIGTTOU: num('SIGTTOU'),
    SIGSEGV: num('SIGSEGV'), SIGSYS: num('SIGSYS'), SIGCHLD: num('SIGCHLD'),
    SIGABRT: num('SIGABRT'), SA_RESTART: num('SA_RESTART'), SA_NODEFER: num('SA_NODEFER'),
    SA_RESETHAND: num('SA_RESETHAND'), SIG_BLOCK: num('SIG_BLOCK'),
    SIG_UNBLOCK: num('SIG_UNBLOCK'), SIG_SETMASK: num('SIG_SETMASK'), sigprop, nsig: abi.nsig,
  };
}

// ---- signal sets ------------------------------------------------------------------------

export function sigset_empty(): Sigset {
  return { w0: 0, w1: 0 };
}

export function sigismember(s: Sigset, n: number): boolean {
  return n <= 32 ? (s.w0 & (1 << (n - 1))) !== 0 : (s.w1 & (1 << (n - 33))) !== 0;
}

export function sigaddset(s: Sigset, n: number): void {
  if (n <= 32) s.w0 |= 1 << (n - 1);
  else s.w1 |= 1 << (n - 33);
}

export function sigdelset(s: Sigset, n: number): void {
  if (n <= 32) s.w0 &= ~(1 << (n - 1));
  else s.w1 &= ~(1 << (n - 33));
}

/** Lowest signal in `a` and not in `mask`, or 0. */
function sigfirst(a: Sigset, mask: Sigset): number {
  const w0 = a.w0 & ~mask.w0;
  if (w0 !== 0) return 32 - Math.clz32(w0 & -w0);
  const w1 = a.w1 & ~mask.w1;
  if (w1 !== 0) return 64 - Math.clz32(w1 & -w1);
  return 0;
}

/** Removes the signals SIGKILL / SIGSTOP (cannot be masked) from a mask. */
export function sigmask_sanitize(k: Kernel, s: Sigset): void {
  sigdelset(s, k.kc.SIGKILL);
  sigdelset(s, k.kc.SIGSTOP);
}

// ---- pending signals --------------------------------------------------------------------

/** The next signal `l` would take: its own pending set first, then the process's (§2.9). */
export function issignal(l: Lwp): number {
  const own = sigfirst(l.l_sigpend, l.l_sigmask);
  if (own !== 0) return own;
  return sigfirst(l.l_proc.p_sigpend, l.l_sigmask);
}

/**
 * The verdict for an interruptible sleep if a deliverable signal is pending: ERESTART when
 * its handler has SA_RESTART, else EINTR; 0 when nothing is pending (spec §2.11 step 4).
 */
export function sigispending_result(k: Kernel, l: Lwp): number {
  if ((l.l_flag & LW_PENDSIG) === 0) return 0;
  const sig = issignal(l);
  if (sig === 0) return 0;
  const act = l.l_proc.p_sigacts[sig]!;
  return act.sa_handler > 1 && (act.sa_flags & k.kc.SA_RESTART) !== 0 ? ERESTART : EINTR;
}

function ignored(k: Kernel, p: Proc, sig: number): boolean {
  const h = p.p_sigacts[sig]!.sa_handler;
  if (h === 1) return true;
  // Default-ignore signals are in the ignore set, never SIGCONT (spec §2.9, inferred).
  return h === 0 && (k.kc.sigprop[sig]! & SP_IGNORE) !== 0 && (k.kc.sigprop[sig]! & SP_CONT) === 0;
}

function sigclear_mask(k: Kernel, p: Proc, prop: number): void {
  for (let n = 1; n < k.kc.nsig; n++) {
    if ((k.kc.sigprop[n]! & prop) === 0) continue;
    sigdelset(p.p_sigpend, n);
    for (const l of p.p_lwps.values()) sigdelset(l.l_sigpend, n);
  }
}

function emitPost(k: Kernel, p: Proc, lid: number, info: SigInfo): void {
  if (k.sink !== null) {
    k.sink({
      type: 'signal_post', time: k.s.time, pid: p.p_pid, lid, signo: info.si_signo,
      signame: k.abi.signalName(info.si_signo) ?? String(info.si_signo), code: info.si_code,
    });
  }
}

/**
 * Posts a signal to process `p`, directed at LWP `target` or process-wide (kpsignal2,
 * spec §2.9 "Delivery rules").
 */
export function kpsignal2(k: Kernel, p: Proc, info: SigInfo, target: Lwp | null): void {
  kp(k, 'kpsignal2');
  const sig = info.si_signo;
  const prop = k.kc.sigprop[sig]!;
  if ((p.p_stat !== SACTIVE && p.p_stat !== SSTOP) || (p.p_sflag & PS_WEXIT) !== 0) return;
  if ((prop & SP_TOALL) !== 0) target = null;
  emitPost(k, p, target === null ? 0 : target.l_lid, info);
  if (sig === k.kc.SIGKILL) {
    exit1(k, p, 0, sig);
    return;
  }
  if ((prop & SP_CONT) !== 0) {
    sigclear_mask(k, p, SP_STOP);
    if (p.p_stat === SSTOP || (p.p_sflag & PS_STOPPING) !== 0) proc_unstop(k, p, sig);
  }
  if ((prop & SP_STOP) !== 0) sigdelset(p.p_sigpend, k.kc.SIGCONT);
  if (ignored(k, p, sig)) return;
  const act = p.p_sigacts[sig]!;
  if (act.sa_handler === 0) {
    if ((prop & SP_CONT) !== 0) return;
    if ((prop & SP_STOP) !== 0) {
      proc_stop(k, p, sig);
      return;
    }
  }
  if (target !== null) {
    sigaddset(target.l_sigpend, sig);
    (target.l_sigq ??= []).push(info);
    sigpost(k, target, sig);
    return;
  }
  sigaddset(p.p_sigpend, sig);
  (p.p_sigq ??= []).push(info);
  // Notify one LWP that can take it now: on a CPU, runnable, then sleeping (kpsignal2).
  let best: Lwp | null = null;
  let rank = 0;
  for (const l of p.p_lwps.values()) {
    if (sigismember(l.l_sigmask, sig)) continue;
    const r = l.l_stat === LSONPROC ? 4 : l.l_stat === LSRUN ? 3 : l.l_stat === LSSLEEP ? 2 : 0;
    if (r > rank) {
      rank = r;
      best = l;
    }
  }
  if (best !== null) sigpost(k, best, sig);
}

/**
 * Notifies LWP `l` of a signal (sigpost): LW_PENDSIG; masked → nothing more; interruptible
 * sleep → woken; suspended → nothing until continued; running → handled in userret.
 */
export function sigpost(k: Kernel, l: Lwp, sig: number): void {
  kp(k, 'sigpost');
  l.l_flag |= LW_PENDSIG;
  if (sigismember(l.l_sigmask, sig)) return;
  if (l.l_stat === LSSLEEP && (l.l_flag & LW_SINTR) !== 0) sleepq_unsleep(k, l);
}

/** Stops the process (§4.8): interruptible sleepers become LSSTOP on their queue. */
export function proc_stop(k: Kernel, p: Proc, sig: number): void {
  kp(k, 'proc_stop');
  p.p_sflag |= PS_STOPPING;
  p.p_stat = SSTOP;
  p.p_xsig = sig;
  if (k.sink !== null) k.sink({ type: 'proc_stop', time: k.s.time, pid: p.p_pid, signo: sig });
  for (const l of p.p_lwps.values()) {
    if (l.l_stat === LSSLEEP && (l.l_flag & LW_SINTR) !== 0) {
      p.p_nrlwps--;
      lwp_setstat(k, l, LSSTOP);
    } else if (l.l_stat === LSRUN) {
      sched_dequeue(k, l);
      p.p_nrlwps--;
      lwp_setstat(k, l, LSSTOP);
    } else if (l.l_stat === LSONPROC) {
      // Forces it through userret, where it stops at the user boundary.
      l.l_flag |= LW_PENDSIG;
    }
  }
}

/** Continues a stopped process: stopped sleepers return to their sleep, others run. */
export function proc_unstop(k: Kernel, p: Proc, sig: number): void {
  kp(k, 'proc_unstop');
  p.p_sflag &= ~PS_STOPPING;
  p.p_stat = SACTIVE;
  if (k.sink !== null) k.sink({ type: 'proc_continue', time: k.s.time, pid: p.p_pid, signo: sig });
  for (const l of p.p_lwps.values()) {
    if (l.l_stat === LSSTOP) setrunnable(k, l);
  }
}

/** Stops the current LWP at the user boundary because its process is stopping. */
function lwp_stopself(k: Kernel, l: Lwp): void {
  l.l_proc.p_nrlwps--;
  lwp_setstat(k, l, LSSTOP);
  mi_switch(k, l);
}

function takesig(l: Lwp, sig: number): SigInfo {
  const p = l.l_proc;
  let q: SigInfo[] | null;
  if (sigismember(l.l_sigpend, sig)) {
    sigdelset(l.l_sigpend, sig);
    q = l.l_sigq;
  } else {
    sigdelset(p.p_sigpend, sig);
    q = p.p_sigq;
  }
  if (q !== null) {
    const i = q.findIndex((x) => x.si_signo === sig);
    if (i >= 0) return q.splice(i, 1)[0]!;
  }
  return { si_signo: sig, si_code: 0, si_pid: 0, si_uid: 0, si_lid: 0 };
}

/** Takes one pending signal and acts on it (postsig): handler frame or default action. */
function postsig(k: Kernel, l: Lwp, sig: number): void {
  kp(k, 'postsig');
  const p = l.l_proc;
  const info = takesig(l, sig);
  const act = p.p_sigacts[sig]!;
  const prop = k.kc.sigprop[sig]!;
  let action: string;
  if (act.sa_handler === 1) {
    action = 'ignore';
  } else if (act.sa_handler === 0) {
    if ((prop & SP_KILL) !== 0) {
      action = (prop & SP_CORE) !== 0 ? 'core' : 'terminate';
      exit1(k, p, 0, sig);
    } else if ((prop & SP_STOP) !== 0) {
      action = 'stop';
      proc_stop(k, p, sig);
    } else {
      action = (prop & SP_CONT) !== 0 ? 'continue' : 'ignore';
    }
  } else {
    action = 'handler';
    const oldmask = { w0: l.l_sigmask.w0, w1: l.l_sigmask.w1 };
    const snapshot: SigAct = { sa_handler: act.sa_handler, sa_mask: { ...act.sa_mask }, sa_flags: act.sa_flags };
    l.l_sigmask.w0 |= act.sa_mask.w0;
    l.l_sigmask.w1 |= act.sa_mask.w1;
    if ((act.sa_flags & k.kc.SA_NODEFER) === 0) sigaddset(l.l_sigmask, sig);
    sigmask_sanitize(k, l.l_sigmask);
    if ((act.sa_flags & k.kc.SA_RESETHAND) !== 0) act.sa_handler = 0;
    k.userland.sendsig(k, l, sig, snapshot, info, oldmask);
  }
  if (k.sink !== null) {
    k.sink({
      type: 'signal_deliver', time: k.s.time, pid: p.p_pid, lid: l.l_lid, signo: sig,
      signame: k.abi.signalName(sig) ?? String(sig), action,
    });
  }
}

/** Restores the mask saved by sendsig when a handler returns (sigreturn). */
export function sigreturn(k: Kernel, l: Lwp, oldmask: { w0: number; w1: number }): void {
  l.l_sigmask.w0 = oldmask.w0;
  l.l_sigmask.w1 = oldmask.w1;
  sigmask_sanitize(k, l.l_sigmask);
  sigcheck(l);
}

/** Sets LW_PENDSIG again if a signal became deliverable (after a mask change). */
export function sigcheck(l: Lwp): void {
  if (issignal(l) !== 0) l.l_flag |= LW_PENDSIG;
}

/**
 * The signal and stop part of the way back to user mode (lwp_userret, spec §3.2: signals
 * first unless exiting, then process stop). Returns false when the LWP left the CPU.
 */
export function sig_userret(k: Kernel, l: Lwp): boolean {
  const p = l.l_proc;
  if ((l.l_flag & LW_PENDSIG) !== 0 && (l.l_flag & (LW_WEXIT | LW_WCORE)) === 0) {
    // A suspended-to-be LWP does not take signals before suspending (spec §2.9: handled
    // only after _lwp_continue); S11's handler runs because the signal woke the sleep first.
    let sig = issignal(l);
    while (sig !== 0 && (l.l_flag & LW_WEXIT) === 0) {
      postsig(k, l, sig);
      if ((p.p_sflag & PS_STOPPING) !== 0) break;
      sig = issignal(l);
    }
    if (issignal(l) === 0) l.l_flag &= ~LW_PENDSIG;
  }
  if ((p.p_sflag & PS_STOPPING) !== 0 && (l.l_flag & LW_WEXIT) === 0 && l.l_stat === LSONPROC) {
    lwp_stopself(k, l);
    return false;
  }
  return true;
}
