// LWPs (kern_lwp.c 1.229): allocation with the 1.76 LID rules, start, exit, free, lookup,
// suspension and continuation, the way back to user mode, lwpctl slots and thread ids
// (spec netbsd-lwp §2.1, §2.2, §2.6, §2.7, §2.16, §2.17, §3).

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, Proc, Sigset, StartContext } from '../kern/state';
import { EAGAIN, EDEADLK, EINTR, ENOMEM } from '../kern/errno';
import {
  LPR_DETACHED, LSIDL, LSONPROC, LSRUN, LSSLEEP, LSSTOP, LSSUSPENDED, LSZOMB, LW_DBGSUSPEND,
  LW_PENDSIG, LW_SINTR, LW_WCORE, LW_WEXIT, LW_WREBOOT, LW_WSUSPEND, PS_STOPPING, PS_WEXIT,
} from './lwpdefs';
import { lwp_setstat, mi_switch, sched_dequeue, setrunnable } from '../sched/sched';
import { sleepq_unsleep } from '../sched/sleepq';
import { cv_broadcast } from '../kern/condvar';
import { exit1, proc_finish } from './proc';
import { sig_userret, sigpost, issignal } from '../kern/sig';
import { rng_next } from '../kern/rng';
import { uvm_map, uvm_write_i32 } from '../vm/uvm';
import { LWP_CONSTANTS } from '../abi/lwpconst';

/** _lwp_create's flags (spec §1.4). */
const { LWP_DETACHED, LWP_SUSPENDED } = LWP_CONSTANTS;

/** Where the per-process lwpctl area is mapped (64 KiB, spec §2.16 step 4). */
export const LWPCTL_AREA_BASE = 0x7f7f00000000;
const LWPCTL_AREA_SIZE = 65536;
const LWPCTL_SLOTS = 8192;

// A small direct-mapped cache of LID lookups (not machine state: code-side, like a CPU's
// TLB). The park/unpark path looks its peer up on every call, and a Map lookup is a hash
// probe; a hit here is two compares. An entry names the p_lwps Map it came from, so LWPs of
// another process, machine or restored snapshot never match; lwp_free (the only place an LWP
// leaves p_lwps) drops its entry, and restoreMachine empties the cache so that it does not
// keep a discarded state alive.
const LWPCACHE_SIZE = 16;
const cacheMap: (Map<number, Lwp> | null)[] = new Array<Map<number, Lwp> | null>(LWPCACHE_SIZE).fill(null);
const cacheLid = new Int32Array(LWPCACHE_SIZE);
const cacheLwp: (Lwp | null)[] = new Array<Lwp | null>(LWPCACHE_SIZE).fill(null);

function lwp_lookup(p: Proc, lid: number): Lwp | undefined {
  const i = lid & (LWPCACHE_SIZE - 1);
  const map = p.p_lwps;
  if (cacheMap[i] === map && cacheLid[i] === lid) return cacheLwp[i]!;
  const l = map.get(lid);
  if (l !== undefined) {
    cacheMap[i] = map;
    cacheLid[i] = lid;
    cacheLwp[i] = l;
  }
  return l;
}

/** Forgets every cached LID lookup (restoreMachine; lwp_free forgets its own entry). */
export function lwp_cache_flush(): void {
  cacheMap.fill(null);
  cacheLwp.fill(null);
}

/** find-live (lwp_find): not found for LSIDL, LSZOMB and LID ≤ 0 (spec conventions). */
export function lwp_find(p: Proc, lid: number): Lwp | null {
  if (lid <= 0) return null;
  const l = lwp_lookup(p, lid);
  if (l === undefined || l.l_stat === LSIDL || l.l_stat === LSZOMB) return null;
  return l;
}

/** find-any (the 1.76 radix-tree lookup): any state, LSIDL and LSZOMB included. */
export function lwp_find_any(p: Proc, lid: number): Lwp | null {
  return lwp_lookup(p, lid) ?? null;
}

/**
 * LWPs in list order: newest first (lwp_create inserts at the head of p_lwps). The Map keeps
 * insertion order and an LWP is inserted once, so reversing it gives that order.
 */
export function lwp_list(p: Proc): Lwp[] {
  return Array.from(p.p_lwps.values()).reverse();
}

/**
 * Allocates an LWP in LSIDL and inserts it into the process (lwp_create's body, §2.1 step 6;
 * LID per §3.1: the smallest free LID ≥ p_nlwpid, then p_nlwpid = LID + 1).
 */
export function lwp_alloc(k: Kernel, p: Proc, creator: Lwp | null, flags: number, sigmask: Sigset): Lwp {
  let lid = p.p_nlwpid;
  while (p.p_lwps.has(lid)) lid++;
  p.p_nlwpid = lid + 1;
  const l: Lwp = {
    l_lid: lid, l_proc: p, l_stat: LSIDL,
    l_flag: creator === null ? 0 : creator.l_flag & (LW_WEXIT | LW_WREBOOT | LW_WCORE),
    l_prflag: 0, l_pflag: 0, l_name: null, l_private: 0,
    l_sigmask: { w0: sigmask.w0, w1: sigmask.w1 }, l_sigpend: { w0: 0, w1: 0 }, l_sigq: null,
    l_wchan: null, l_wmesg: null, l_syncobj: 0, l_cv: null, l_sleepgen: 0, l_slptimo: 0,
    l_waitingfor: 0, l_waiter: 0, l_lwpctl: 0, l_lcslot: -1, l_cpu: -1, l_runq: -1,
    l_resume: null, l_locals: null, l_scnum: -1, l_args: [], l_retval: 0, l_error: 0,
    l_user: null, l_start: null, l_tid: 0, l_nswitch: 0, l_scentry: false, l_serial: p.p_nserial++,
  };
  if ((flags & LWP_DETACHED) !== 0) {
    l.l_prflag |= LPR_DETACHED;
    p.p_ndlwps++;
  }
  p.p_lwps.set(lid, l);
  p.p_nlwps++;
  p.p_nrlwps++;
  k.s.uidlwps.set(p.p_uid, (k.s.uidlwps.get(p.p_uid) ?? 0) + 1);
  if (k.sink !== null) {
    k.sink({ type: 'lwp_create', time: k.s.time, pid: p.p_pid, lid, creator: creator?.l_lid ?? 0 });
  }
  return l;
}

/**
 * lwp_create (§2.1 step 6): the RLIMIT_NTHR check (root bypasses it), freeing a pending
 * detached zombie, then allocation. Returns the LWP or EAGAIN.
 */
export function lwp_create(
  k: Kernel, l1: Lwp, p: Proc, flags: number, sigmask: Sigset, start: StartContext,
): Lwp | number {
  kp(k, 'lwp_create');
  if (p.p_nlwps >= 1 && p.p_uid !== 0 && (k.s.uidlwps.get(p.p_uid) ?? 0) + 1 > k.s.config.maxlwp) {
    return EAGAIN;
  }
  if (p.p_zomblwp !== null) lwp_free(k, p.p_zomblwp);
  const l2 = lwp_alloc(k, p, l1, flags, sigmask);
  l2.l_start = start;
  return l2;
}

/**
 * lwp_start (§2.1 step 8): LWP_SUSPENDED sets LW_WSUSPEND (it suspends before its first
 * user instruction); a stopped or stopping process gets an LSSTOP LWP, otherwise LSRUN.
 */
export function lwp_start(k: Kernel, l: Lwp, flags: number): void {
  kp(k, 'lwp_start');
  const p = l.l_proc;
  if ((flags & LWP_SUSPENDED) !== 0) l.l_flag |= LW_WSUSPEND;
  if ((p.p_sflag & PS_STOPPING) !== 0) {
    p.p_nrlwps--;
    lwp_setstat(k, l, LSSTOP);
    return;
  }
  setrunnable(k, l);
}

/**
 * lwp_exit (§2.2): the last non-zombie LWP takes the whole process with it (status 0);
 * otherwise the LWP becomes a zombie (detached ones wait in p_zomblwp), p_lwpcv is
 * broadcast and its lwpctl shows LWPCTL_CPU_EXITED. Also used for an LSIDL LWP whose
 * creation failed at the LID copyout (§2.1 step 7).
 */
export function lwp_exit(k: Kernel, l: Lwp): void {
  kp(k, 'lwp_exit');
  const p = l.l_proc;
  let last = false;
  if (p.p_nlwps - p.p_nzlwps === 1) {
    if ((p.p_sflag & PS_WEXIT) === 0) exit1(k, p, 0, 0);
    last = true;
  }
  p.p_nzlwps++;
  if (l.l_tid !== 0) {
    k.s.tids.delete(l.l_tid);
  }
  if ((l.l_prflag & LPR_DETACHED) !== 0) {
    if (p.p_zomblwp !== null && p.p_zomblwp !== l) lwp_free(k, p.p_zomblwp);
    p.p_zomblwp = l;
  }
  // §2.2 step 5: a process-wide signal this LWP was told about must not be lost.
  if ((l.l_flag & LW_PENDSIG) !== 0 && (p.p_sigpend.w0 | p.p_sigpend.w1) !== 0) {
    for (const o of p.p_lwps.values()) {
      if (o === l || o.l_stat === LSZOMB || o.l_stat === LSIDL) continue;
      const sig = issignal(o);
      if (sig !== 0) sigpost(k, o, sig);
    }
  }
  const wasOnCpu = l.l_stat === LSONPROC;
  if (l.l_stat === LSRUN) sched_dequeue(k, l);
  lwp_setstat(k, l, LSZOMB);
  if (l.l_name !== null) l.l_name = '(zombie)';
  p.p_nrlwps--;
  cv_broadcast(k, p.p_lwpcv);
  if (l.l_lwpctl !== 0) uvm_write_i32(p.p_vmspace, l.l_lwpctl, -2);
  if (wasOnCpu) mi_switch(k, l);
  l.l_user = null;
  l.l_resume = null;
  l.l_locals = null;
  l.l_start = null;
  l.l_scnum = -1;
  if (k.sink !== null) k.sink({ type: 'lwp_exit', time: k.s.time, pid: p.p_pid, lid: l.l_lid });
  if (last) proc_finish(k, p);
}

/**
 * lwp_free (§3.3 "Freeing"): out of the process, counters down, LID released (lowering the
 * allocation hint, §3.1), lwpctl slot returned, p_lwpcv broadcast.
 */
export function lwp_free(k: Kernel, l: Lwp): void {
  kp(k, 'lwp_free');
  const p = l.l_proc;
  if (p.p_lwps.get(l.l_lid) !== l) return;
  p.p_lwps.delete(l.l_lid);
  const ci = l.l_lid & (LWPCACHE_SIZE - 1);
  if (cacheLwp[ci] === l) {
    cacheMap[ci] = null;
    cacheLwp[ci] = null;
  }
  p.p_nlwps--;
  if (l.l_stat === LSZOMB) p.p_nzlwps--;
  if ((l.l_prflag & LPR_DETACHED) !== 0) p.p_ndlwps--;
  if (l.l_lid < p.p_nlwpid) p.p_nlwpid = l.l_lid;
  if (l.l_lcslot >= 0 && p.p_lwpctl !== null) p.p_lwpctl.lp_used[l.l_lcslot] = 0;
  const n = (k.s.uidlwps.get(p.p_uid) ?? 1) - 1;
  if (n === 0) k.s.uidlwps.delete(p.p_uid);
  else k.s.uidlwps.set(p.p_uid, n);
  if (p.p_zomblwp === l) p.p_zomblwp = null;
  cv_broadcast(k, p.p_lwpcv);
  if (k.sink !== null) k.sink({ type: 'lwp_free', time: k.s.time, pid: p.p_pid, lid: l.l_lid });
}

/** lwp_suspend (§2.6 step 3): flag the target and kick it toward userret. */
export function lwp_suspend(k: Kernel, curl: Lwp, t: Lwp): number {
  kp(k, 'lwp_suspend');
  if ((curl.l_flag & (LW_WEXIT | LW_WCORE)) !== 0) return EDEADLK;
  if ((t.l_flag & LW_DBGSUSPEND) !== 0) return 0;
  switch (t.l_stat) {
    case LSRUN:
    case LSONPROC:
      t.l_flag |= LW_WSUSPEND;
      return 0;
    case LSSLEEP:
      t.l_flag |= LW_WSUSPEND;
      // An interruptible sleep is woken; its sleep returns as an error-free wakeup (§2.6).
      if ((t.l_flag & LW_SINTR) !== 0) sleepq_unsleep(k, t);
      return 0;
    case LSSUSPENDED:
      return 0;
    case LSSTOP:
      t.l_flag |= LW_WSUSPEND;
      if (t.l_wchan !== null) sleepq_unsleep(k, t);
      setrunnable(k, t);
      return 0;
    default:
      return EINTR;
  }
}

/** lwp_continue (§2.7 step 2). */
export function lwp_continue(k: Kernel, l: Lwp): void {
  kp(k, 'lwp_continue');
  if ((l.l_flag & LW_WREBOOT) !== 0) return;
  l.l_flag &= ~LW_WSUSPEND;
  if (l.l_stat === LSSUSPENDED && (l.l_flag & LW_DBGSUSPEND) === 0) setrunnable(k, l);
}

/**
 * The way back to user mode (lwp_userret, §3.2): signals (unless exiting), process stop,
 * suspension if LW_WSUSPEND, exit if LW_WEXIT. Returns false when the LWP left the CPU.
 */
export function userret(k: Kernel, l: Lwp): boolean {
  kp(k, 'userret');
  if (!sig_userret(k, l)) return false;
  if ((l.l_flag & (LW_WSUSPEND | LW_WEXIT)) === LW_WSUSPEND) {
    const p = l.l_proc;
    p.p_nrlwps--;
    lwp_setstat(k, l, LSSUSPENDED);
    cv_broadcast(k, p.p_lwpcv);
    mi_switch(k, l);
    return false;
  }
  if ((l.l_flag & LW_WEXIT) !== 0) {
    lwp_exit(k, l);
    return false;
  }
  return true;
}

/**
 * lwp_ctl_alloc (§2.16 step 3-4): the caller's lwpctl block, allocating a slot (lowest
 * free) in the process's 64 KiB area on first use. Returns the user address, or −ENOMEM.
 */
export function lwp_ctl_alloc(k: Kernel, l: Lwp): number {
  kp(k, 'lwp_ctl_alloc');
  if (l.l_lwpctl !== 0) return l.l_lwpctl;
  const p = l.l_proc;
  if (p.p_lwpctl === null) {
    uvm_map(p.p_vmspace, LWPCTL_AREA_BASE, LWPCTL_AREA_SIZE, 'rw', 'lwpctl');
    p.p_lwpctl = { lp_base: LWPCTL_AREA_BASE, lp_used: new Uint8Array(LWPCTL_SLOTS) };
  }
  const used = p.p_lwpctl.lp_used;
  const slot = used.indexOf(0);
  if (slot < 0) return -ENOMEM;
  used[slot] = 1;
  l.l_lcslot = slot;
  l.l_lwpctl = p.p_lwpctl.lp_base + slot * 8;
  // lc_pctr is not reset: a reused slot keeps its counter (§2.16 step 4).
  uvm_write_i32(p.p_vmspace, l.l_lwpctl, l.l_stat === LSONPROC ? l.l_cpu : -1);
  return l.l_lwpctl;
}

/** The LWP's thread id, allocated on first use (§2.17). */
export function lwp_gettid(k: Kernel, l: Lwp): number {
  if (l.l_tid === 0) {
    let tid = 0;
    while (tid === 0 || k.s.tids.has(tid)) tid = rng_next(k.s) & 0x3fffffff;
    k.s.tids.set(tid, l.l_lid);
    l.l_tid = tid;
  }
  return l.l_tid;
}

/** Is the LWP sleeping on its own park object? */
export function lwp_isparked(l: Lwp): boolean {
  return l.l_syncobj === 1 && (l.l_stat === LSSLEEP || l.l_stat === LSSTOP) && l.l_wchan !== null;
}
