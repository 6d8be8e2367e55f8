// Process system calls: getpid, exit, sched_yield.

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, SysArg } from '../kern/state';
import { EJUSTRETURN } from '../kern/errno';
import { arg_int } from '../kern/args';
import { syscall_register } from '../kern/syscall';
import { exit1 } from '../proc/proc';
import { lwp_exit } from '../proc/lwp';
import { preempt } from '../sched/sched';

function sys_getpid(k: Kernel, l: Lwp): number {
  kp(k, 'sys_getpid');
  l.l_retval = l.l_proc.p_pid;
  return 0;
}

function sys_exit(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys_exit');
  exit1(k, l.l_proc, arg_int(a[0]) & 0xff, 0);
  lwp_exit(k, l);
  return EJUSTRETURN;
}

function sys_sched_yield(k: Kernel, l: Lwp): number {
  kp(k, 'sys_sched_yield');
  l.l_retval = 0;
  if (k.s.runq.length > 0) preempt(k, l);
  return 0;
}

syscall_register('getpid', sys_getpid);
syscall_register('exit', sys_exit);
syscall_register('sched_yield', sys_sched_yield);
