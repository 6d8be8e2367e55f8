// The per-LWP user state (`l.l_user`): plain data only, so the kernel's snapshot clones it and
// a restored machine continues exactly where it was. Code is referenced by ids.
import type { SysArg } from '../../kernel/kern/state';
import type { Value } from '../values';

/** An out-parameter to read back after a system call: `&x` marshalled at `addr`. */
export interface OutParam {
  slot: number;
  addr: number;
  /** The pointee's C type (`lwpid_t`, `struct timespec`, `struct lwpctl *`, ...). */
  pointee: string;
}

/** What a finished system call's result turns into (built-ins that trap: spawn, sleep). */
export const enum Post {
  /** Push the return value. */
  RET = 0,
  /** spawn: push the new LID (read from `postAddr`) on success, else -1. */
  SPAWN_LID = 1,
}

export interface Frame {
  /** Compiled function id (CompiledScenario.fns). */
  fn: number;
  pc: number;
  locals: Value[];
  /** Operand stack height when the frame was entered. */
  base: number;
  /** Index of the system call this frame is waiting on (CompiledScenario.syscalls), -1 none. */
  sc: number;
  /** Out-parameters of that call, or null. */
  outs: OutParam[] | null;
  post: Post;
  postAddr: number;
  /** Scratch-area mark to release when the call finishes. */
  mark: number;
  /** Set on a signal-handler frame: what sendsig saved, restored when the handler returns. */
  sig: SavedSignalContext | null;
}

export interface SavedSignalContext {
  oldmask: { w0: number; w1: number };
  scnum: number;
  args: SysArg[];
  retval: SysArg;
  error: number;
}

export interface UserState {
  /** CompiledScenario id. */
  prog: number;
  frames: Frame[];
  stack: Value[];
  /** The LWP's errno (C's thread-local errno), in the ABI's numbering. */
  errno: number;
  /** True while the LWP is off its CPU because its step budget ran out (the top frame's pc is
   *  then the next instruction to run, not the one after a call or trap). */
  preempted: boolean;
  /** Scratch area for marshalling arguments: base address (0 until first used), size, top offset. */
  scr: number;
  scrSize: number;
  scrTop: number;
}

export function newFrame(fn: number, nslots: number, base: number): Frame {
  const locals: Value[] = new Array<Value>(nslots).fill(0);
  return { fn, pc: 0, locals, base, sc: -1, outs: null, post: Post.RET, postAddr: 0, mark: 0, sig: null };
}

export function newUserState(prog: number, fn: number, nslots: number): UserState {
  return { prog, frames: [newFrame(fn, nslots, 0)], stack: [], errno: 0, preempted: false, scr: 0, scrSize: 0, scrTop: 0 };
}

/**
 * The pc whose statement frame `fr` is at, in the convention of source-map.ts's statementAt
 * (which looks at pc - 1): a frame that called out or trapped, or stopped in the statement hook,
 * has its pc just after that instruction; a preempted top frame has the next one to run.
 */
export function locationPc(u: UserState, fr: Frame): number {
  return u.preempted && fr.sc < 0 && u.frames[u.frames.length - 1] === fr ? fr.pc + 1 : fr.pc;
}
