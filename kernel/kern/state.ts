// The machine state: one tree of plain objects, arrays, Maps and typed arrays (design §2,
// "State is plain data"). Nothing here holds a function; code lives in modules. A snapshot
// is a structured clone of `KernelState` (kernel/machine.ts), which preserves the object
// graph (an LWP's `l_proc` and the process's `p_lwps` stay the same object after cloning).

import type { AbiName } from '../abi/types';
import type { Vmspace } from '../vm/uvm';

/** A value a subsystem or a sleeping system call may keep in the state. */
export type PlainValue =
  | number | bigint | string | boolean | null | undefined | Uint8Array
  | PlainValue[] | { [key: string]: PlainValue };

/** The locals a sleeping system call saves with its resume point. */
export type ResumeLocals = { [key: string]: PlainValue };

/** A system-call argument as the Userland converted it to its C type. */
export type SysArg = number | bigint;

/** A signal set: signal n (1..64) is bit n−1 of w0 (n ≤ 32) or bit n−33 of w1. */
export interface Sigset {
  w0: number;
  w1: number;
}

export interface SigInfo {
  si_signo: number;
  si_code: number;
  si_pid: number;
  si_uid: number;
  /** LWP that sent it (0 for the kernel). */
  si_lid: number;
}

export interface SigAct {
  /** SIG_DFL (0), SIG_IGN (1) or a user code address. */
  sa_handler: number;
  sa_mask: Sigset;
  /** In the machine ABI's numbering (SA_RESTART differs between bsd and linux). */
  sa_flags: number;
}

/** A condition variable: its wait message and the LWPs sleeping on it, in arrival order. */
export interface CondVar {
  cv_wmesg: string;
  /** Wait-channel name shown by the debugger, e.g. `p_lwpcv@12`. */
  cv_wchan: string;
  cv_waiters: Lwp[];
}

/** Registers of a new LWP's ucontext, kept until it first runs (mi_startlwp). */
export interface StartContext {
  pc: number;
  sp: number;
  arg: number;
  tlsbase: number;
  ucflags: number;
}

export interface Lwp {
  l_lid: number;
  l_proc: Proc;
  /** LSIDL..LSSUSPENDED (spec §1.1). */
  l_stat: number;
  /** LW_* bits (spec §1.2). */
  l_flag: number;
  /** LPR_* bits (spec §1.3). */
  l_prflag: number;
  /** LP_* bits (spec §1.3). */
  l_pflag: number;
  /** null when never named (getname yields ""). */
  l_name: string | null;
  l_private: number;
  l_sigmask: Sigset;
  l_sigpend: Sigset;
  /** siginfo of each pending directed signal, in posting order (null when none). */
  l_sigq: SigInfo[] | null;
  /** Wait channel while asleep (LSSLEEP, or LSSTOP still queued), else null. */
  l_wchan: string | null;
  l_wmesg: string | null;
  /** SOBJ_* of the sleep (park object, condvar, plain sleep). */
  l_syncobj: number;
  /** The condition variable slept on, if any. */
  l_cv: CondVar | null;
  /** Bumped at every sleep, so a stale timeout callout can recognise itself. */
  l_sleepgen: number;
  /** Virtual time the current timed sleep ends (0 = no timeout). */
  l_slptimo: number;
  /** LID this LWP waits for in _lwp_wait (0 = any). */
  l_waitingfor: number;
  /** LID of the first specific waiter on this LWP (0 = none). */
  l_waiter: number;
  /** User address of the lwpctl block (0 = none) and its slot in the process area. */
  l_lwpctl: number;
  l_lcslot: number;
  /** CPU it runs on or last ran on (−1 never ran). */
  l_cpu: number;
  /** Index in the run queue while LSRUN, else −1. */
  l_runq: number;
  /** Name of the resume point of the sleeping system call, else null. */
  l_resume: string | null;
  l_locals: ResumeLocals | null;
  /** System call in progress (number in the machine ABI), −1 when none. */
  l_scnum: number;
  /** Arguments of the call in progress; the array is reused from call to call. */
  l_args: SysArg[];
  /** Result of the last finished call: return value (−1 on failure) and ABI errno (0 = none). */
  l_retval: SysArg;
  l_error: number;
  /** The Userland's own plain data: frames, program counter, locals. */
  l_user: PlainValue;
  /** Set between _lwp_create and the LWP's first run. */
  l_start: StartContext | null;
  /** _lwp_gettid value, 0 until first asked for. */
  l_tid: number;
  /** Times switched onto a CPU. */
  l_nswitch: number;
  /**
   * Trapped into a system call that has not been dispatched yet: another CPU overtook it at
   * the kernel entry (a yield point), so calls on two CPUs can overlap as they do on real
   * hardware.
   */
  l_scentry: boolean;
  /** Process-unique creation serial (list order: newer LWPs come first, as LIST_INSERT_HEAD). */
  l_serial: number;
}

export interface LwpctlArea {
  /** User address of the 64 KiB region. */
  lp_base: number;
  /** One byte per slot: 1 in use. */
  lp_used: Uint8Array;
}

export interface FileDesc {
  f_path: string;
  f_offset: number;
}

export interface Proc {
  p_pid: number;
  p_ppid: number;
  p_uid: number;
  p_name: string;
  /** SIDL..SDEAD. */
  p_stat: number;
  /** PS_* bits. */
  p_sflag: number;
  /** PL_* bits (PL_PPWAIT: vfork child sharing its parent). */
  p_lflag: number;
  /** Every LWP in any state (LSIDL and LSZOMB included), keyed by LID. */
  p_lwps: Map<number, Lwp>;
  p_nlwps: number;
  p_nrlwps: number;
  p_nzlwps: number;
  p_ndlwps: number;
  p_nlwpwait: number;
  p_nstopped: number;
  p_zomblwp: Lwp | null;
  p_nlwpid: number;
  p_lwpcv: CondVar;
  /** Indexed by signal number (ABI numbering), length nsig. */
  p_sigacts: SigAct[];
  p_sigpend: Sigset;
  p_sigq: SigInfo[] | null;
  /** Exit status once exited (or the terminating signal in p_xsig). */
  p_xstat: number;
  p_xsig: number;
  p_vmspace: Vmspace;
  p_fd: (FileDesc | null)[];
  p_lwpctl: LwpctlArea | null;
  /** Counter for l_serial. */
  p_nserial: number;
  /** Which boot generation the process belongs to. */
  p_generation: number;
}

export interface Cpu {
  ci_index: number;
  ci_curlwp: Lwp | null;
  ci_nswitch: number;
}

export interface Callout {
  c_time: number;
  c_seq: number;
  /** Name of the handler registered with callout_register. */
  c_func: string;
  c_lwp: Lwp | null;
  c_arg: number;
}

export interface MachineConfig {
  abi: AbiName;
  cpus: number;
  /** Physical memory: a size in bytes, or ranges [start, end). Used by the kexec subsystem. */
  memory: number | { start: number | bigint; end: number | bigint }[];
  seed: number;
  /** Clock interrupt rate (timeout granularity, spec §1.4): default 100. */
  hz: number;
  /** RLIMIT_NTHR per user (root bypasses it, spec §2.1 step 6). */
  maxlwp: number;
  /** User steps an LWP may run before the Userland must trap with TRAP_PREEMPT. */
  quantum: number;
  /** Probability (0..1) of a preemption at a system-call boundary when others can run. */
  preempt: number;
  /** CLOCK_REALTIME at boot, in seconds since the epoch. */
  realtimeBoot: number;
  /** Kernel switches (kexec_load_disabled, securelevel, crashkernel, ...). */
  switches: { [name: string]: PlainValue };
}

export interface KernelState {
  config: MachineConfig;
  /** Virtual monotonic time in ns since power-on. */
  time: number;
  /** xoshiro128** state. */
  rng: Uint32Array;
  generation: number;
  cpus: Cpu[];
  runq: Lwp[];
  /** Binary min-heap ordered by (c_time, c_seq). */
  callouts: Callout[];
  calloutSeq: number;
  procs: Map<number, Proc>;
  nextpid: number;
  /** Thread ids in use (_lwp_gettid). */
  tids: Map<number, number>;
  /** LWPs per uid, for RLIMIT_NTHR. */
  uidlwps: Map<number, number>;
  /** Files the machine can open, by path (workspace files reach the kernel as bytes). */
  files: Map<string, Uint8Array>;
  /** Non-null once the machine stopped for good (halt, power-off, panic without crash kernel). */
  halted: { how: string; message: string } | null;
  /** LWP slices run since power-on. */
  steps: number;
  /** Plain-data state of subsystems written elsewhere (kexec, physical memory, ...). */
  ext: { [subsystem: string]: PlainValue };
}
