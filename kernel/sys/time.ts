// Time system calls: nanosleep (an interruptible timed sleep on "nanoslp") and
// clock_gettime.

import { kp, KSLEEP, type Kernel } from '../kern/kernel';
import type { Lwp, ResumeLocals, SysArg } from '../kern/state';
import { EFAULT, EINTR, EINVAL, ERESTART, EWOULDBLOCK } from '../kern/errno';
import { arg_int, arg_ptr } from '../kern/args';
import { syscall_register } from '../kern/syscall';
import { resume_register } from '../kern/resume';
import { clock_gettime1, tick_ns, type Timespec } from '../kern/clock';
import { sleepq_block, sleepq_enqueue, sleepq_wakeresult } from '../sched/sleepq';
import { SOBJ_SLEEP } from '../proc/lwpdefs';
import { uvm_access, uvm_read_int, uvm_write_int } from '../vm/uvm';

function nanosleep_finish(k: Kernel, l: Lwp, err: number, loc: ResumeLocals): number {
  if (err === EWOULDBLOCK) return 0;
  const end = loc['end'] as number;
  if (err === 0 && end > k.s.time) {
    // A spurious wakeup (e.g. a suspend kick) sleeps again for the rest (nanosleep1 "again").
    const r = nanosleep_block(k, l, end - k.s.time, loc);
    if (r === KSLEEP) return KSLEEP;
    return nanosleep_finish(k, l, r, loc);
  }
  if (err === ERESTART) err = EINTR;
  const rmtp = loc['rmtp'] as number;
  if (err === EINTR && rmtp !== 0) {
    // Time left = deadline − now, never negative.
    const left = Math.max(0, (loc['end'] as number) - k.s.time);
    const vm = l.l_proc.p_vmspace;
    if (!uvm_access(vm, rmtp, 16, true)) return EFAULT;
    uvm_write_int(vm, rmtp, 8, Math.floor(left / 1e9));
    uvm_write_int(vm, rmtp + 8, 8, left % 1e9);
  }
  return err;
}

function nanosleep_resume(k: Kernel, l: Lwp): number {
  const loc = l.l_locals!;
  l.l_locals = null;
  return nanosleep_finish(k, l, sleepq_wakeresult(k, l, true), loc);
}

function sys_nanosleep(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys___nanosleep50');
  const rqtp = arg_ptr(a[0]);
  const vm = l.l_proc.p_vmspace;
  if (!uvm_access(vm, rqtp, 16, false)) return EFAULT;
  const sec = uvm_read_int(vm, rqtp, 8, true);
  const nsec = uvm_read_int(vm, rqtp + 8, 8, true);
  if (nsec < 0 || nsec >= 1e9 || sec < 0) return EINVAL;
  const ns = sec * 1e9 + nsec;
  if (ns === 0) return 0;
  const loc: ResumeLocals = { rmtp: arg_ptr(a[1]), end: k.s.time + ns };
  const r = nanosleep_block(k, l, ns, loc);
  if (r === KSLEEP) return KSLEEP;
  return nanosleep_finish(k, l, r, loc);
}

/** One interruptible sleep of whole ticks, never shorter than `ns` (tvtohz rounding). */
function nanosleep_block(k: Kernel, l: Lwp, ns: number, loc: ResumeLocals): number {
  kp(k, 'nanosleep1');
  const tick = tick_ns(k);
  const timo = (Math.ceil(ns / tick) + 1) * tick;
  sleepq_enqueue(k, l, 'nanoslp', 'nanoslp', SOBJ_SLEEP, null);
  return sleepq_block(k, l, timo, true, 'nanosleep', loc);
}

const scratch: Timespec = { sec: 0, nsec: 0 };

function sys_clock_gettime(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys___clock_gettime50');
  const err = clock_gettime1(k, l, arg_int(a[0]), scratch);
  if (err !== 0) return err;
  const tp = arg_ptr(a[1]);
  const vm = l.l_proc.p_vmspace;
  if (!uvm_access(vm, tp, 16, true)) return EFAULT;
  uvm_write_int(vm, tp, 8, scratch.sec);
  uvm_write_int(vm, tp + 8, 8, scratch.nsec);
  l.l_retval = 0;
  return 0;
}

syscall_register('nanosleep', sys_nanosleep);
syscall_register('clock_gettime', sys_clock_gettime);
resume_register('nanosleep', nanosleep_resume, ['sleepq_block', 'nanosleep1', 'sys___nanosleep50']);
