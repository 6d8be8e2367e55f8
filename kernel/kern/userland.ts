// The kernel ↔ userland contract (docs/architecture.md). The kernel never interprets user
// code: it asks the Userland to run an LWP until the LWP traps, and reads the trap code.
// The scenario runtime implements this interface; tests and benchmarks implement it in a
// few lines of TypeScript.

import type { Kernel } from './kernel';
import type { Lwp, SigAct, SigInfo, StartContext } from './state';

/**
 * Trap codes returned by `Userland.run`.
 *
 * - TRAP_SYSCALL: the LWP executes a system call. Before returning, the Userland stores the
 *   call's number (machine ABI numbering) in `l.l_scnum` and its arguments, converted to
 *   their C types, in `l.l_args` (reuse the array: set `l.l_args.length`).
 * - TRAP_PREEMPT: the LWP used up `budget` user steps (or yields voluntarily).
 * - TRAP_RETURN: the LWP's start function returned; the kernel ends the LWP as `_lwp_exit`
 *   does (and the process, when it was the last LWP, with status `l.l_retval`).
 * - TRAP_FAULT: the LWP faulted (bad instruction, failed `expect`, ...); the kernel posts
 *   the signal in `l.l_retval` (e.g. SIGSEGV, SIGABRT) to it.
 * - TRAP_BREAK: the debugger should stop here; the kernel's run loop returns 'break' and the
 *   next run continues this LWP.
 */
export const TRAP_SYSCALL = 1;
export const TRAP_PREEMPT = 2;
export const TRAP_RETURN = 3;
export const TRAP_FAULT = 4;
export const TRAP_BREAK = 5;
export type TrapCode = 1 | 2 | 3 | 4 | 5;

/**
 * ABI-independent marker the kernel leaves in `l.l_error` when a system call must be
 * re-executed transparently (ERESTART, spec netbsd-lwp conventions): when the Userland next
 * resumes the context that made the call (after any signal-handler frame pushed by `sendsig`
 * has returned), it must trap again with the same number and arguments instead of returning
 * a result.
 */
export const RESTART_SYSCALL = -3;

export interface Userland {
  /**
   * Runs LWP `l`'s user code for at most `budget` steps. When the LWP last trapped with
   * TRAP_SYSCALL, the call's result is in `l.l_retval` / `l.l_error` (an ABI errno, 0 on
   * success; RESTART_SYSCALL means re-issue the call) and user code continues from there.
   */
  run(k: Kernel, l: Lwp, budget: number): TrapCode;
  /**
   * First run of an LWP made by `_lwp_create` (mi_startlwp): install the ucontext's
   * registers — user code starts at `ctx.pc` with argument `ctx.arg`. Store the new user
   * state in `l.l_user`. Return false when `ctx.pc` names no user function (the kernel then
   * posts SIGSEGV, as a real CPU would fault on a wild PC).
   */
  startlwp(k: Kernel, l: Lwp, ctx: StartContext): boolean;
  /**
   * Push a signal-handler frame: the LWP's next user step is the first step of the handler
   * at `action.sa_handler` called with `signo` (and `info`). `oldmask` is the mask to restore
   * when the handler returns: call `sigreturn(k, l, oldmask)` (kernel/kern/sig.ts) then.
   */
  sendsig(k: Kernel, l: Lwp, signo: number, action: SigAct, info: SigInfo, oldmask: { w0: number; w1: number }): void;
  /**
   * Create the first processes of a boot generation (`newproc` in kernel/proc/proc.ts): the
   * scenario's `process` blocks at power-on, the program a kexec'd image names afterwards.
   */
  init(k: Kernel, generation: number): void;
}
