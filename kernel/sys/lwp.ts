// The NetBSD LWP system calls (sys_lwp.c 1.76). Each entry point performs the checks of
// spec netbsd-lwp §2 in the order given there, with the errno given there.

import { kp, KSLEEP, type Kernel } from '../kern/kernel';
import type { Lwp, ResumeLocals, SysArg } from '../kern/state';
import {
  EALREADY, EBUSY, EDEADLK, EFAULT, EINTR, EINVAL, EJUSTRETURN, ENAMETOOLONG, ENODEV,
  ENOMEM, ERESTART, ESRCH, ETIMEDOUT, EWOULDBLOCK,
} from '../kern/errno';
import { arg_int, arg_ptr, arg_uint32, arg_ulong } from '../kern/args';
import { syscall_register } from '../kern/syscall';
import { resume_register } from '../kern/resume';
import { cv_broadcast, cv_wait_sig } from '../kern/condvar';
import { kpsignal2, sigmask_sanitize } from '../kern/sig';
import { clock_gettime1, timespecadd, timespecsub, ts2timo, type Timespec } from '../kern/clock';
import { tick_ns } from '../kern/clock';
import { sleepq_block, sleepq_enqueue, sleepq_unsleep, sleepq_wakeresult } from '../sched/sleepq';
import {
  LPR_DETACHED, LSIDL, LSSLEEP, LSSUSPENDED, LSZOMB, LW_CANCELLED, LW_SINTR, LW_UNPARKED,
  LW_WCORE, LW_WEXIT, LW_WSUSPEND, PL_PPWAIT, PS_WEXIT, SOBJ_PARK,
} from '../proc/lwpdefs';
import {
  lwp_continue, lwp_create, lwp_ctl_alloc, lwp_exit, lwp_find, lwp_find_any, lwp_free,
  lwp_gettid, lwp_isparked, lwp_list, lwp_start, lwp_suspend,
} from '../proc/lwp';
import { copyin, copyinstr, copyout, uvm_access, uvm_read_int, uvm_write_int, USER_TEXT_BASE, USER_TEXT_END } from '../vm/uvm';
import { PSL_PRIV_MASK, UCONTEXT } from '../abi/structs';
import { LWP_CONSTANTS } from '../abi/lwpconst';

const { _UC_SIGMASK, _UC_CPU, LWP_UNPARK_MAX, TIMER_ABSTIME, SI_LWP } = LWP_CONSTANTS;

function le32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function le64(b: Uint8Array, o: number): number {
  return le32(b, o + 4) * 4294967296 + le32(b, o);
}

/**
 * cpu_mcontext_validate, KSim's machine: the PC must be a user text address aligned to 4,
 * and no privileged status bit may be set (spec §2.1 step 3, T1).
 */
export function cpu_mcontext_validate(pc: number, psl: number): boolean {
  if (pc < USER_TEXT_BASE || pc >= USER_TEXT_END || pc % 4 !== 0) return false;
  return (psl & PSL_PRIV_MASK) === 0 && psl < 0x100000000;
}

/** §2.1 `_lwp_create(ucp, flags, new_lwp)`. */
function sys__lwp_create(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_create');
  const p = l.l_proc;
  const vm = p.p_vmspace;
  const ucp = arg_ptr(a[0]);
  const flags = arg_uint32(a[1]);
  const newlwp = arg_ptr(a[2]);
  const uc = copyin(vm, ucp, UCONTEXT.size);
  if (typeof uc === 'number') return EFAULT;
  const ucflags = le32(uc, 0);
  if ((ucflags & _UC_CPU) === 0) return EINVAL;
  const pc = le64(uc, 56);
  const psl = le64(uc, 88);
  if (!cpu_mcontext_validate(pc, psl)) return EINVAL;
  const sigmask = (ucflags & _UC_SIGMASK) !== 0
    ? { w0: le32(uc, 16) | 0, w1: le32(uc, 20) | 0 }
    : { w0: l.l_sigmask.w0, w1: l.l_sigmask.w1 };
  sigmask_sanitize(k, sigmask);
  // §2.1 step 5: the kernel stack / u-area allocation. It fails only when the machine switch
  // `uarea_alloc_fail` asks for it (fault injection), since KSim never runs out of memory.
  if (k.s.config.switches['uarea_alloc_fail'] === true) return ENOMEM;
  const start = { pc, sp: le64(uc, 64), arg: le64(uc, 72), tlsbase: le64(uc, 80), ucflags };
  const l2 = lwp_create(k, l, p, flags, sigmask, start);
  if (typeof l2 === 'number') return l2;
  // §2.1 step 7: a failed copyout destroys the not-yet-started LWP through the exit path.
  if (!uvm_access(vm, newlwp, 4, true)) {
    lwp_exit(k, l2);
    return EFAULT;
  }
  uvm_write_int(vm, newlwp, 4, l2.l_lid);
  lwp_start(k, l2, flags);
  l.l_retval = 0;
  return 0;
}

/** §2.2 */
function sys__lwp_exit(k: Kernel, l: Lwp): number {
  kp(k, 'sys__lwp_exit');
  lwp_exit(k, l);
  return EJUSTRETURN;
}

/** §2.3 */
function sys__lwp_self(k: Kernel, l: Lwp): number {
  kp(k, 'sys__lwp_self');
  l.l_retval = l.l_lid;
  return 0;
}

/** §2.17 */
function sys__lwp_gettid(k: Kernel, l: Lwp): number {
  kp(k, 'sys__lwp_gettid');
  l.l_retval = lwp_gettid(k, l);
  return 0;
}

/** §2.4 */
function sys__lwp_getprivate(k: Kernel, l: Lwp): number {
  kp(k, 'sys__lwp_getprivate');
  l.l_retval = l.l_private;
  return 0;
}

function sys__lwp_setprivate(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_setprivate');
  const v = a[0];
  l.l_private = v === undefined ? 0 : typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : v;
  l.l_retval = 0;
  return 0;
}

// ---- _lwp_suspend / _lwp_continue (§2.6, §2.7) -------------------------------------------

/** The wait loop of §2.6 step 4, entered with the result of a sleep that just ended. */
function lwp_suspend_loop(k: Kernel, l: Lwp, target: number, slept: number): number {
  const p = l.l_proc;
  for (;;) {
    // A signal always restarts the call transparently (§2.6 step 4).
    if (slept !== 0) return ERESTART;
    const t = lwp_find(p, target);
    if (t === null) return ESRCH;
    if (((l.l_flag | t.l_flag) & (LW_WCORE | LW_WEXIT)) !== 0) return ERESTART;
    if (t.l_stat === LSSUSPENDED || (t.l_flag & LW_WSUSPEND) === 0) return 0;
    slept = cv_wait_sig(k, l, p.p_lwpcv, 'lwp_suspend', { target });
    if (slept === KSLEEP) return KSLEEP;
  }
}

function lwp_suspend_resume(k: Kernel, l: Lwp): number {
  const target = l.l_locals!['target'] as number;
  return lwp_suspend_loop(k, l, target, sleepq_wakeresult(k, l, true));
}

function sys__lwp_suspend(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_suspend');
  const p = l.l_proc;
  const target = arg_int(a[0]);
  const t = lwp_find(p, target);
  if (t === null) return ESRCH;
  if ((t === l && p.p_nrlwps === 1) || (l.l_flag & (LW_WCORE | LW_WEXIT)) !== 0) return EDEADLK;
  const err = lwp_suspend(k, l, t);
  if (err !== 0) return err;
  // The loop always sleeps at least once before testing anything (§2.6 step 4).
  const slept = cv_wait_sig(k, l, p.p_lwpcv, 'lwp_suspend', { target });
  if (slept === KSLEEP) return KSLEEP;
  return lwp_suspend_loop(k, l, target, slept);
}

function sys__lwp_continue(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_continue');
  const t = lwp_find(l.l_proc, arg_int(a[0]));
  if (t === null) return ESRCH;
  lwp_continue(k, t);
  return 0;
}

// ---- _lwp_wakeup (§2.8) -----------------------------------------------------------------

function sys__lwp_wakeup(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_wakeup');
  const t = lwp_find(l.l_proc, arg_int(a[0]));
  if (t === null) return ESRCH;
  // Unconditionally, even when an error follows (§2.8 step 2).
  t.l_flag |= LW_CANCELLED | LW_UNPARKED;
  if (t.l_stat !== LSSLEEP) return ENODEV;
  if ((t.l_flag & LW_SINTR) === 0) return EBUSY;
  sleepq_unsleep(k, t);
  return 0;
}

// ---- _lwp_wait (§2.5) -------------------------------------------------------------------

/** §2.5 step 3: leaving without collecting releases the claim and wakes the other waiters. */
function lwp_wait_leave(k: Kernel, l: Lwp, waitfor: number, err: number): number {
  const p = l.l_proc;
  if (waitfor !== 0) {
    const x = lwp_find_any(p, waitfor);
    if (x !== null && x.l_waiter === l.l_lid) x.l_waiter = 0;
  }
  p.p_nlwpwait--;
  l.l_waitingfor = 0;
  cv_broadcast(k, p.p_lwpcv);
  return err;
}

/** The lwp_wait loop (§2.5 step 2) from its top; `departed` is the out-pointer. */
function lwp_wait_loop(k: Kernel, l: Lwp, waitfor: number, departed: number): number {
  kp(k, 'lwp_wait');
  const p = l.l_proc;
  for (;;) {
    // b. free any pending detached zombie.
    if (p.p_zomblwp !== null) lwp_free(k, p.p_zomblwp);
    // c. candidates.
    let cands: Lwp[];
    if (waitfor !== 0) {
      const x = lwp_find_any(p, waitfor);
      if (x === null) return lwp_wait_leave(k, l, waitfor, ESRCH);
      if ((x.l_prflag & LPR_DETACHED) !== 0) return lwp_wait_leave(k, l, waitfor, EINVAL);
      cands = [x];
    } else {
      cands = lwp_list(p);
    }
    // d.
    let nfound = 0;
    for (const x of cands) {
      if (x.l_lid === waitfor && x.l_waitingfor === l.l_lid) return lwp_wait_leave(k, l, waitfor, EDEADLK);
      if (x === l) continue;
      if ((x.l_prflag & LPR_DETACHED) !== 0) continue;
      if (waitfor !== 0) {
        if (x.l_waiter === 0) x.l_waiter = l.l_lid;
      } else if (x.l_waiter !== 0) {
        nfound++;
        continue;
      }
      nfound++;
      if (x.l_stat !== LSZOMB) continue;
      l.l_waitingfor = 0;
      x.l_waiter = 0;
      p.p_nlwpwait--;
      const lid = x.l_lid;
      lwp_free(k, x);
      // §2.5 step 4: the LWP is reaped even when the copyout faults.
      if (departed !== 0) {
        if (!uvm_access(p.p_vmspace, departed, 4, true)) return EFAULT;
        uvm_write_int(p.p_vmspace, departed, 4, lid);
      }
      l.l_retval = 0;
      return 0;
    }
    // e. the code gives ESRCH where the man page says EDEADLK (divergence table).
    if (nfound === 0) return lwp_wait_leave(k, l, waitfor, ESRCH);
    // f.
    if ((p.p_sflag & PS_WEXIT) !== 0 || p.p_nlwpwait === p.p_nlwps) return lwp_wait_leave(k, l, waitfor, EDEADLK);
    // g.
    const slept = cv_wait_sig(k, l, p.p_lwpcv, 'lwp_wait', { waitfor, departed });
    if (slept === KSLEEP) return KSLEEP;
    if (slept !== 0) return lwp_wait_leave(k, l, waitfor, slept);
  }
}

function lwp_wait_resume(k: Kernel, l: Lwp): number {
  const loc = l.l_locals!;
  const waitfor = loc['waitfor'] as number;
  const departed = loc['departed'] as number;
  const r = sleepq_wakeresult(k, l, true);
  if (r !== 0) return lwp_wait_leave(k, l, waitfor, r);
  return lwp_wait_loop(k, l, waitfor, departed);
}

function sys__lwp_wait(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_wait');
  const waitfor = arg_int(a[0]);
  const departed = arg_ptr(a[1]);
  l.l_proc.p_nlwpwait++;
  l.l_waitingfor = waitfor;
  return lwp_wait_loop(k, l, waitfor, departed);
}

// ---- _lwp_kill (§2.9), _lwp_detach (§2.10) -----------------------------------------------

function sys__lwp_kill(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_kill');
  const signo = arg_int(a[1]);
  // The signal is checked before the LID; negative numbers fail as huge unsigned ones.
  if (signo >>> 0 >= k.kc.nsig) return EINVAL;
  const p = l.l_proc;
  const t = lwp_find(p, arg_int(a[0]));
  if (t === null) return ESRCH;
  if (signo === 0) return 0;
  kpsignal2(k, p, { si_signo: signo, si_code: SI_LWP, si_pid: p.p_pid, si_uid: p.p_uid, si_lid: l.l_lid }, t);
  return 0;
}

function sys__lwp_detach(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_detach');
  const p = l.l_proc;
  const target = arg_int(a[0]);
  const t = target === l.l_lid ? l : lwp_find_any(p, target);
  if (t === null || t.l_stat === LSIDL) return ESRCH;
  if ((t.l_prflag & LPR_DETACHED) !== 0) return EINVAL;
  t.l_prflag |= LPR_DETACHED;
  p.p_ndlwps++;
  if (t.l_stat === LSZOMB) lwp_free(k, t);
  else cv_broadcast(k, p.p_lwpcv);
  return 0;
}

// ---- park / unpark (§2.11–§2.13) ---------------------------------------------------------

/** lwp_unpark for one LID (§2.12): 0 or ESRCH. */
export function lwp_unpark1(k: Kernel, l: Lwp, lid: number): number {
  kp(k, 'lwp_unpark');
  const t = lwp_find_any(l.l_proc, lid);
  if (t === null) return ESRCH;
  if (lwp_isparked(t)) sleepq_unsleep(k, t);
  else t.l_flag |= LW_UNPARKED;
  return 0;
}

const scratchStart: Timespec = { sec: 0, nsec: 0 };
const scratchNow: Timespec = { sec: 0, nsec: 0 };
const scratchTimo = { timo: 0 };

/**
 * The end of lwp_park and of ___lwp_park60 (§2.11 lwp_park step 5 and wrapper step 4):
 * map the sleep's result, compute the remaining time, write a relative ts back.
 */
function lwp_park_finish(k: Kernel, l: Lwp, err: number, loc: ResumeLocals | null): number {
  if (err === EWOULDBLOCK) err = ETIMEDOUT;
  else if (err === ERESTART) err = EINTR;
  if (loc === null) return err;
  const ts: Timespec = { sec: loc['sec'] as number, nsec: loc['nsec'] as number };
  if (loc['rel'] === true && loc['slept'] === true) {
    if (err === ETIMEDOUT) {
      ts.sec = 0;
      ts.nsec = 0;
    } else if (err === EINTR || err === 0) {
      // ts := ts + start − now, measured on clock_id; not clamped (§2.11 step 5).
      scratchStart.sec = loc['ssec'] as number;
      scratchStart.nsec = loc['snsec'] as number;
      timespecadd(ts, scratchStart);
      clock_gettime1(k, l, loc['clock'] as number, scratchNow);
      timespecsub(ts, scratchNow);
    }
  }
  if (loc['rel'] === true) {
    // A fault during this write-back is ignored (wrapper step 4).
    const vm = l.l_proc.p_vmspace;
    const addr = loc['addr'] as number;
    if (uvm_access(vm, addr, 16, true)) {
      uvm_write_int(vm, addr, 8, ts.sec);
      uvm_write_int(vm, addr + 8, 8, ts.nsec);
    }
  }
  return err;
}

function lwp_park_resume(k: Kernel, l: Lwp): number {
  const loc = l.l_locals;
  l.l_locals = null;
  return lwp_park_finish(k, l, sleepq_wakeresult(k, l, true), loc);
}

/**
 * lwp_park(clock_id, flags, ts) (§2.11): timeout validation first, then the pending
 * unpark/cancel check (EALREADY, clearing both flags), then an interruptible sleep on the
 * park object ("parked").
 */
function lwp_park(k: Kernel, l: Lwp, clockid: number, flags: number, loc: ResumeLocals | null): number {
  kp(k, 'lwp_park');
  let timo = 0;
  if (loc !== null) {
    const ts: Timespec = { sec: loc['sec'] as number, nsec: loc['nsec'] as number };
    const err = ts2timo(k, l, clockid, flags, ts, scratchStart, scratchTimo);
    loc['sec'] = ts.sec;
    loc['nsec'] = ts.nsec;
    if (err !== 0) return lwp_park_finish(k, l, err, loc);
    loc['ssec'] = scratchStart.sec;
    loc['snsec'] = scratchStart.nsec;
    timo = scratchTimo.timo * tick_ns(k);
  }
  if ((l.l_flag & (LW_CANCELLED | LW_UNPARKED)) !== 0) {
    l.l_flag &= ~(LW_CANCELLED | LW_UNPARKED);
    return lwp_park_finish(k, l, EALREADY, loc);
  }
  if (loc !== null) loc['slept'] = true;
  sleepq_enqueue(k, l, 'lwp_park', 'parked', SOBJ_PARK, null);
  const r = sleepq_block(k, l, timo, true, 'lwp_park', loc);
  if (r === KSLEEP) return KSLEEP;
  l.l_locals = null;
  return lwp_park_finish(k, l, r, loc);
}

/** §2.11 `___lwp_park60(clock_id, flags, ts, unpark, hint, unparkhint)`. */
function sys____lwp_park60(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys____lwp_park60');
  const clockid = arg_int(a[0]);
  const flags = arg_int(a[1]);
  const tsaddr = arg_ptr(a[2]);
  const unpark = arg_int(a[3]);
  let loc: ResumeLocals | null = null;
  if (tsaddr !== 0) {
    const vm = l.l_proc.p_vmspace;
    if (!uvm_access(vm, tsaddr, 16, false)) return EFAULT;
    loc = {
      sec: uvm_read_int(vm, tsaddr, 8, true), nsec: uvm_read_int(vm, tsaddr + 8, 8, true),
      rel: (flags & TIMER_ABSTIME) === 0, addr: tsaddr, clock: clockid, slept: false,
    };
  }
  if (unpark !== 0) {
    const err = lwp_unpark1(k, l, unpark);
    if (err !== 0) return err;
  }
  return lwp_park(k, l, clockid, flags, loc);
}

function sys__lwp_unpark(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_unpark');
  return lwp_unpark1(k, l, arg_int(a[0]));
}

function sys__lwp_unpark_all(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_unpark_all');
  const targets = arg_ptr(a[0]);
  if (targets === 0) {
    l.l_retval = LWP_UNPARK_MAX;
    return 0;
  }
  const n = arg_uint32(a[1]);
  if (n === 0 || n > LWP_UNPARK_MAX) return EINVAL;
  const vm = l.l_proc.p_vmspace;
  if (!uvm_access(vm, targets, n * 4, false)) return EFAULT;
  const lids: number[] = [];
  for (let i = 0; i < n; i++) lids.push(uvm_read_int(vm, targets + 4 * i, 4, true));
  let err = 0;
  for (const lid of lids) {
    const r = lwp_unpark1(k, l, lid);
    if (r !== 0) err = r;
  }
  l.l_retval = 0;
  return err;
}

// ---- names, lwpctl (§2.14–§2.16) ---------------------------------------------------------

function sys__lwp_setname(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_setname');
  let target = arg_int(a[0]);
  if (target === 0) target = l.l_lid;
  // Copied before the lookup, so a bad pointer wins over a bad LID (§2.14 step 2).
  const r = copyinstr(l.l_proc.p_vmspace, arg_ptr(a[1]), 16);
  if (r.err === EFAULT) return EFAULT;
  const name = r.err === 0 ? r.str : r.str.slice(0, 15);
  const t = lwp_find(l.l_proc, target);
  if (t === null) return ESRCH;
  t.l_name = name;
  return 0;
}

function sys__lwp_getname(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_getname');
  let target = arg_int(a[0]);
  if (target === 0) target = l.l_lid;
  const t = lwp_find(l.l_proc, target);
  if (t === null) return ESRCH;
  const name = t.l_name ?? '';
  const len = Math.min(arg_ulong(a[2]), 16);
  const addr = arg_ptr(a[1]);
  const vm = l.l_proc.p_vmspace;
  // copyoutstr: at most len bytes including the NUL (§2.15 step 3).
  const bytes = new Uint8Array(name.length + 1);
  for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i) & 0xff;
  const n = Math.min(len, bytes.length);
  for (let i = 0; i < n; i++) {
    if (!uvm_access(vm, addr + i, 1, true)) return EFAULT;
    copyout(vm, addr + i, bytes.subarray(i, i + 1));
  }
  if (bytes.length > len) return ENAMETOOLONG;
  return 0;
}

function sys__lwp_ctl(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys__lwp_ctl');
  const features = arg_int(a[0]);
  if ((features & ~0x3) !== 0) return ENODEV;
  const p = l.l_proc;
  if ((p.p_lflag & PL_PPWAIT) !== 0) return EBUSY;
  const addr = lwp_ctl_alloc(k, l);
  if (addr < 0) return ENOMEM;
  const out = arg_ptr(a[1]);
  if (!uvm_access(p.p_vmspace, out, 8, true)) return EFAULT;
  uvm_write_int(p.p_vmspace, out, 8, addr);
  return 0;
}

syscall_register('_lwp_create', sys__lwp_create);
syscall_register('_lwp_exit', sys__lwp_exit);
syscall_register('_lwp_self', sys__lwp_self);
syscall_register('_lwp_gettid', sys__lwp_gettid);
syscall_register('_lwp_getprivate', sys__lwp_getprivate);
syscall_register('_lwp_setprivate', sys__lwp_setprivate);
syscall_register('_lwp_suspend', sys__lwp_suspend);
syscall_register('_lwp_continue', sys__lwp_continue);
syscall_register('_lwp_wakeup', sys__lwp_wakeup);
syscall_register('_lwp_wait', sys__lwp_wait);
syscall_register('_lwp_kill', sys__lwp_kill);
syscall_register('_lwp_detach', sys__lwp_detach);
syscall_register('___lwp_park60', sys____lwp_park60);
syscall_register('_lwp_unpark', sys__lwp_unpark);
syscall_register('_lwp_unpark_all', sys__lwp_unpark_all);
syscall_register('_lwp_setname', sys__lwp_setname);
syscall_register('_lwp_getname', sys__lwp_getname);
syscall_register('_lwp_ctl', sys__lwp_ctl);

resume_register('lwp_park', lwp_park_resume, ['sleepq_block', 'lwp_park', 'sys____lwp_park60']);
resume_register('lwp_wait', lwp_wait_resume, ['sleepq_block', 'cv_wait_sig', 'lwp_wait', 'sys__lwp_wait']);
resume_register('lwp_suspend', lwp_suspend_resume, ['sleepq_block', 'cv_wait_sig', 'sys__lwp_suspend']);
