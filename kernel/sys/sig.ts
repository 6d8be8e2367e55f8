// Signal system calls: sigaction, sigprocmask, kill.

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, SysArg } from '../kern/state';
import { EFAULT, EINVAL, EPERM, ESRCH } from '../kern/errno';
import { arg_int, arg_ptr } from '../kern/args';
import { syscall_register } from '../kern/syscall';
import { kpsignal2, sigcheck, sigdelset, sigmask_sanitize, SP_IGNORE, SP_CONT } from '../kern/sig';
import { proc_alive } from '../proc/proc';
import { copyin, copyout, uvm_access } from '../vm/uvm';
import { SIGACTION } from '../abi/structs';

function le32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function put32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

function sys_sigaction(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys___sigaction_sigtramp');
  const sig = arg_int(a[0]);
  const act = arg_ptr(a[1]);
  const oact = arg_ptr(a[2]);
  if (sig <= 0 || sig >= k.kc.nsig) return EINVAL;
  const p = l.l_proc;
  const vm = p.p_vmspace;
  let nb: Uint8Array | null = null;
  if (act !== 0) {
    const b = copyin(vm, act, SIGACTION.size);
    if (typeof b === 'number') return EFAULT;
    nb = b;
  }
  const cur = p.p_sigacts[sig]!;
  if (oact !== 0) {
    if (!uvm_access(vm, oact, SIGACTION.size, true)) return EFAULT;
    const ob = new Uint8Array(SIGACTION.size);
    put32(ob, 0, cur.sa_handler % 4294967296);
    put32(ob, 4, Math.floor(cur.sa_handler / 4294967296));
    put32(ob, 8, cur.sa_mask.w0);
    put32(ob, 12, cur.sa_mask.w1);
    put32(ob, 24, cur.sa_flags);
    copyout(vm, oact, ob);
  }
  if (nb !== null) {
    const handler = le32(nb, 4) * 4294967296 + le32(nb, 0);
    if ((sig === k.kc.SIGKILL || sig === k.kc.SIGSTOP) && handler !== 0) return EINVAL;
    cur.sa_handler = handler;
    cur.sa_mask = { w0: le32(nb, 8) | 0, w1: le32(nb, 12) | 0 };
    sigmask_sanitize(k, cur.sa_mask);
    cur.sa_flags = le32(nb, 24) | 0;
    // Setting a signal to be ignored discards it where pending (sigaction1).
    const prop = k.kc.sigprop[sig]!;
    if (handler === 1 || (handler === 0 && (prop & SP_IGNORE) !== 0 && (prop & SP_CONT) === 0)) {
      sigdelset(p.p_sigpend, sig);
      for (const o of p.p_lwps.values()) sigdelset(o.l_sigpend, sig);
    }
  }
  l.l_retval = 0;
  return 0;
}

function sys_sigprocmask(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys___sigprocmask14');
  const how = arg_int(a[0]);
  const set = arg_ptr(a[1]);
  const oset = arg_ptr(a[2]);
  const vm = l.l_proc.p_vmspace;
  let nw0 = 0, nw1 = 0;
  if (set !== 0) {
    const b = copyin(vm, set, 16);
    if (typeof b === 'number') return EFAULT;
    nw0 = le32(b, 0) | 0;
    nw1 = le32(b, 4) | 0;
  }
  const m = l.l_sigmask;
  if (oset !== 0) {
    if (!uvm_access(vm, oset, 16, true)) return EFAULT;
    const ob = new Uint8Array(16);
    put32(ob, 0, m.w0);
    put32(ob, 4, m.w1);
    copyout(vm, oset, ob);
  }
  if (set !== 0) {
    if (how === k.kc.SIG_BLOCK) {
      m.w0 |= nw0;
      m.w1 |= nw1;
    } else if (how === k.kc.SIG_UNBLOCK) {
      m.w0 &= ~nw0;
      m.w1 &= ~nw1;
    } else if (how === k.kc.SIG_SETMASK) {
      m.w0 = nw0;
      m.w1 = nw1;
    } else {
      return EINVAL;
    }
    sigmask_sanitize(k, m);
    sigcheck(l);
  }
  l.l_retval = 0;
  return 0;
}

function sys_kill(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys_kill');
  const pid = arg_int(a[0]);
  const sig = arg_int(a[1]);
  if (sig >>> 0 >= k.kc.nsig) return EINVAL;
  const p = k.s.procs.get(pid);
  if (p === undefined || !proc_alive(p)) return ESRCH;
  const cur = l.l_proc;
  if (cur.p_uid !== 0 && cur.p_uid !== p.p_uid) return EPERM;
  l.l_retval = 0;
  if (sig === 0) return 0;
  kpsignal2(k, p, { si_signo: sig, si_code: 0, si_pid: cur.p_pid, si_uid: cur.p_uid, si_lid: l.l_lid }, null);
  return 0;
}

syscall_register('sigaction', sys_sigaction);
syscall_register('sigprocmask', sys_sigprocmask);
syscall_register('kill', sys_kill);
