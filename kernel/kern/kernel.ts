// The running machine: its plain-data state plus the code-side attachments that are not
// state (the Userland, the event sink, the kernel-point hook, the ABI tables and the
// dispatch table). Every kernel function takes it as its first argument `k`.

import type { AbiTable } from '../abi/types';
import type { EventSink } from './events';
import type { KernelState, Lwp, SysArg } from './state';
import type { Userland } from './userland';

/**
 * A system-call implementation. Returns an internal errno (kern/errno.ts; 0 = success, the
 * return value goes in `l.l_retval`), ERESTART, EJUSTRETURN (the LWP is gone), or KSLEEP
 * when it put the LWP to sleep with a resume point (kern/resume.ts).
 */
export type SyscallImpl = (k: Kernel, l: Lwp, args: SysArg[]) => number;

/** Returned by code that put the current LWP to sleep; the resume point finishes the call. */
export const KSLEEP = -1000;

/**
 * Hook installed by the debugger at kernel points (docs/architecture.md, "Stepping through
 * the kernel"). It may throw to stop the machine at this point.
 */
export type KpHook = (k: Kernel, point: string) => void;

/** Per-ABI numbers the kernel's logic needs by meaning (signals, SA_ flags). */
export interface KConst {
  SIGKILL: number; SIGSTOP: number; SIGTSTP: number; SIGCONT: number; SIGTTIN: number;
  SIGTTOU: number; SIGSEGV: number; SIGSYS: number; SIGCHLD: number; SIGABRT: number;
  SA_RESTART: number; SA_NODEFER: number; SA_RESETHAND: number;
  SIG_BLOCK: number; SIG_UNBLOCK: number; SIG_SETMASK: number;
  /** Signal properties indexed by signal number (SP_* bits in kern/sig.ts). */
  sigprop: Uint16Array;
  nsig: number;
}

export interface Kernel {
  /** The whole machine state; replaced wholesale by restoreMachine. */
  s: KernelState;
  readonly abi: AbiTable;
  readonly kc: KConst;
  userland: Userland;
  sink: EventSink | null;
  kpHook: KpHook | null;
  /** Dispatch table indexed by syscall number in this ABI. */
  readonly sysent: (SyscallImpl | undefined)[];
  /** Syscall name by number (for events and the inspector). */
  readonly sysname: (string | undefined)[];
  /** Internal errno → ABI errno; index internal + ERRNO_BIAS. */
  readonly errnoOut: Int32Array;
  /** Set when the run loop must return (a break trap, a reboot, a halt). */
  stopRequest: string | null;
}

export const ERRNO_BIAS = 8;

/**
 * Kernel point: a named place a debugger can break on or step to. A single null check
 * unless the debugger installed a hook.
 */
export function kp(k: Kernel, point: string): void {
  if (k.kpHook !== null) k.kpHook(k, point);
}
