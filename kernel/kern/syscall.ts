// System-call registration and dispatch (the syscall(9) path). Subsystems register their
// implementations by name at module load (`syscall_register('kexec_load', sys_kexec_load)`);
// a machine builds its dispatch table from the names' numbers in its ABI. Adding a call:
// describe it in abi/syscalls.ts, give it numbers in abi/bsd.ts / abi/linux.ts, register the
// implementation here by name, and import the module from kernel/sys/all.ts.

import { ERRNO_BIAS, kp, KSLEEP, type Kernel, type SyscallImpl } from './kernel';
import type { EventSink } from './events';
import type { Lwp } from './state';
import { EJUSTRETURN, ENOSYS, ERESTART } from './errno';
import { RESTART_SYSCALL } from './userland';

const registry = new Map<string, SyscallImpl>();

/** Registers the implementation of the system call `name` (call at module load). */
export function syscall_register(name: string, impl: SyscallImpl): void {
  registry.set(name, impl);
}

export function syscall_impl(name: string): SyscallImpl | undefined {
  return registry.get(name);
}

/** Builds a machine's dispatch table from its ABI's syscall numbers. */
export function sysent_build(numbers: Readonly<Record<string, number>>): {
  sysent: (SyscallImpl | undefined)[]; sysname: (string | undefined)[];
} {
  // Both tables are allocated dense (filled with undefined up to the highest number) before
  // any slot is set: assigning scattered indices into an empty array makes V8 switch it to
  // dictionary elements, and the dispatch load then costs a hash lookup on every call.
  let max = -1;
  for (const n of Object.values(numbers)) if (n > max) max = n;
  const sysent = new Array<SyscallImpl | undefined>(max + 1).fill(undefined);
  const sysname = new Array<string | undefined>(max + 1).fill(undefined);
  for (const [name, n] of Object.entries(numbers)) {
    if (n < 0) continue;
    sysname[n] = name;
    sysent[n] = registry.get(name);
  }
  return { sysent, sysname };
}

// The events are built in functions of their own, called only when a sink listens: the
// hot functions stay small in bytecode, which is what V8's inliner budgets by.
function syscall_enter_event(k: Kernel, l: Lwp, sink: EventSink): void {
  const n = l.l_scnum;
  sink({
    type: 'syscall_enter', time: k.s.time, cpu: l.l_cpu, pid: l.l_proc.p_pid, lid: l.l_lid,
    name: k.sysname[n] ?? `#${n}`, args: l.l_args.slice(),
  });
}

function syscall_exit_event(k: Kernel, l: Lwp, err: number, sink: EventSink): void {
  const n = l.l_scnum;
  sink({
    type: 'syscall_exit', time: k.s.time, cpu: l.l_cpu, pid: l.l_proc.p_pid, lid: l.l_lid,
    name: k.sysname[n] ?? `#${n}`, ret: l.l_retval,
    errno: err === 0 ? null : err === ERESTART ? 'ERESTART' : (k.abi.errnoName(l.l_error) ?? String(l.l_error)),
  });
}

/**
 * Runs the system call the LWP trapped with. Returns true when the call finished (result on
 * the LWP), false when it slept or the LWP is gone.
 */
export function syscall(k: Kernel, l: Lwp): boolean {
  const n = l.l_scnum;
  if (k.sink !== null) syscall_enter_event(k, l, k.sink);
  const impl = n >= 0 ? k.sysent[n] : undefined;
  if (impl === undefined) {
    kp(k, 'sys_nosys');
    syscall_return(k, l, ENOSYS);
    return true;
  }
  l.l_retval = 0;
  const err = impl(k, l, l.l_args);
  if (err === KSLEEP) return false;
  return syscall_return(k, l, err);
}

/**
 * Leaves the result on the LWP: the return value stays in l_retval on success, −1 and the
 * ABI errno on failure, RESTART_SYSCALL for ERESTART. EJUSTRETURN: nothing to return.
 */
export function syscall_return(k: Kernel, l: Lwp, err: number): boolean {
  if (err === EJUSTRETURN) return false;
  if (err === 0) {
    l.l_error = 0;
  } else if (err === ERESTART) {
    l.l_error = RESTART_SYSCALL;
    l.l_retval = -1;
  } else {
    l.l_error = k.errnoOut[err + ERRNO_BIAS] ?? err;
    l.l_retval = -1;
  }
  if (k.sink !== null) syscall_exit_event(k, l, err, k.sink);
  return true;
}
