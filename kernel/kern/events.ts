// Events the kernel emits through `k.sink` (docs/architecture.md, "Events and inspection").
// Callers build an event only after checking `k.sink !== null`, so a machine nobody listens
// to pays nothing.

import type { SysArg } from './state';

interface Base {
  /** Virtual time in ns. */
  time: number;
}

interface LwpRef {
  pid: number;
  lid: number;
}

export interface SyscallEnterEvent extends Base, LwpRef {
  type: 'syscall_enter';
  cpu: number;
  name: string;
  args: SysArg[];
}

export interface SyscallExitEvent extends Base, LwpRef {
  type: 'syscall_exit';
  cpu: number;
  name: string;
  /** Return value (−1 on failure). */
  ret: SysArg;
  /** errno name on failure ("ERESTART" for a transparent restart), else null. */
  errno: string | null;
}

export interface LwpCreateEvent extends Base, LwpRef {
  type: 'lwp_create';
  /** Creating LWP (0 for the first LWP of a process). */
  creator: number;
}

export interface LwpStateEvent extends Base, LwpRef {
  type: 'lwp_state';
  from: string;
  to: string;
  /** Wait message when the new state is LSSLEEP. */
  wmesg: string | null;
}

export interface LwpExitEvent extends Base, LwpRef {
  type: 'lwp_exit';
}

export interface LwpFreeEvent extends Base, LwpRef {
  type: 'lwp_free';
}

export interface ProcCreateEvent extends Base {
  type: 'proc_create';
  pid: number;
  name: string;
  uid: number;
}

export interface ProcExitEvent extends Base {
  type: 'proc_exit';
  pid: number;
  status: number;
  /** Terminating signal number, 0 for a normal exit. */
  signal: number;
}

export interface SignalPostEvent extends Base {
  type: 'signal_post';
  pid: number;
  /** Target LWP, or 0 for a process-wide signal. */
  lid: number;
  signo: number;
  signame: string;
  code: number;
}

export interface SignalDeliverEvent extends Base, LwpRef {
  type: 'signal_deliver';
  signo: number;
  signame: string;
  /** 'handler', 'ignore', 'terminate', 'stop', 'continue', 'core'. */
  action: string;
}

export interface ConsoleEvent extends Base, LwpRef {
  type: 'console';
  text: string;
  /** 'user': a program's own output (`print`); 'kernel': a kernel message (kexec, reboot, panic). */
  source: 'user' | 'kernel';
}

export interface ProcStopEvent extends Base {
  type: 'proc_stop' | 'proc_continue';
  pid: number;
  signo: number;
}

/**
 * Events of the kexec / reboot / generation subsystem (issue 5). `detail` carries the
 * subsystem's own fields; the subsystem documents them.
 */
export interface SubsystemEvent extends Base {
  type: 'image_staged' | 'image_unloaded' | 'reboot' | 'panic' | 'generation' | 'halt';
  detail: { [key: string]: unknown };
}

export type KEvent =
  | SyscallEnterEvent | SyscallExitEvent | LwpCreateEvent | LwpStateEvent | LwpExitEvent
  | LwpFreeEvent | ProcCreateEvent | ProcExitEvent | SignalPostEvent | SignalDeliverEvent
  | ConsoleEvent | ProcStopEvent | SubsystemEvent;

export type EventSink = (e: KEvent) => void;
