// A machine: creation from a configuration, boot, the run loop, snapshot and restore.
//
// The run loop is a discrete-event simulation (design §2): each iteration fills idle
// virtual CPUs from the run queue (a seeded choice), picks one busy CPU (a seeded choice)
// and runs one *slice* of its LWP: the rest of a sleeping system call (its resume point),
// or user code until the next trap and the system call it makes. Running costs no virtual
// time; when no CPU has work, the clock jumps to the next callout. Preemption happens only
// at kernel yield points: after a system call (with probability `config.preempt`) and when
// the user-step budget (`config.quantum`) runs out.

import { abiTable } from './abi/index';
import { ERRNO_INTERNAL } from './kern/errno';
import { ERRNO_BIAS, kp, KSLEEP, type Kernel } from './kern/kernel';
import type { EventSink } from './kern/events';
import type { KernelState, Lwp, MachineConfig, PlainValue } from './kern/state';
import { uvmspace_cowshare } from './vm/uvm';
import { snapshot_cloners } from './kern/snapshot';
import type { Userland } from './kern/userland';
import { TRAP_BREAK, TRAP_FAULT, TRAP_PREEMPT, TRAP_RETURN, TRAP_SYSCALL } from './kern/userland';
import { rng_next, rng_seed, rng_below } from './kern/rng';
import { kconst_build, kpsignal2 } from './kern/sig';
import { sysent_build, syscall, syscall_return } from './kern/syscall';
import { resume_lookup } from './kern/resume';
import { callout_next, callout_softclock } from './kern/callout';
import { runq_pick } from './sched/runq';
import { cpu_switchto, preempt } from './sched/sched';
import { LSONPROC, LW_USERRET, PS_STOPPING } from './proc/lwpdefs';
import { lwp_cache_flush, lwp_exit, userret } from './proc/lwp';
import { proc_alive } from './proc/proc';
import './sys/all';

export const DEFAULT_CONFIG: MachineConfig = {
  abi: 'bsd', cpus: 2, memory: 512 * 1024 * 1024, seed: 1, hz: 100, maxlwp: 4096,
  quantum: 64, preempt: 0.25, realtimeBoot: 1585958400, switches: {},
};

export interface MachineOptions {
  sink?: EventSink | null;
  /** Files the machine's `open` can see, by path. */
  files?: Record<string, Uint8Array>;
}

/** Creates a powered-off machine: no processes yet (call `boot`). */
export function createMachine(config: Partial<MachineConfig>, userland: Userland, options: MachineOptions = {}): Kernel {
  const cfg: MachineConfig = { ...DEFAULT_CONFIG, ...config, switches: { ...(config.switches ?? {}) } };
  if (!Number.isInteger(cfg.cpus) || cfg.cpus < 1) throw new RangeError('cpus must be a positive integer');
  const abi = abiTable(cfg.abi);
  const { sysent, sysname } = sysent_build(abi.syscallNumbers);
  const errnoOut = new Int32Array(1100 + ERRNO_BIAS);
  for (const [name, internal] of Object.entries(ERRNO_INTERNAL)) {
    const out = abi.errno[name];
    errnoOut[internal + ERRNO_BIAS] = out ?? internal;
  }
  const s: KernelState = {
    config: cfg, time: 0, rng: rng_seed(cfg.seed), generation: 0,
    cpus: Array.from({ length: cfg.cpus }, (_, i) => ({ ci_index: i, ci_curlwp: null, ci_nswitch: 0 })),
    runq: [], callouts: [], calloutSeq: 0, procs: new Map(), nextpid: 1, tids: new Map(),
    uidlwps: new Map(), files: new Map(Object.entries(options.files ?? {})), halted: null,
    steps: 0, ext: {},
  };
  return {
    s, abi, kc: kconst_build(abi), userland, sink: options.sink ?? null, kpHook: null,
    sysent, sysname, errnoOut, stopRequest: null,
  };
}

/** Powers the machine on: generation `s.generation`'s first processes (Userland.init). */
export function boot(k: Kernel): void {
  kp(k, 'main');
  k.userland.init(k, k.s.generation);
}

/** Why `run` returned. */
export type RunStatus =
  /** the slice budget ran out; call run again */
  | 'budget'
  /** every process has exited */
  | 'idle'
  /** live LWPs remain but none can ever run again (no runnable LWP, no pending callout) */
  | 'blocked'
  /** the machine halted, powered off or panicked for good */
  | 'halted'
  /** a Userland TRAP_BREAK or a stop requested by kernel code (e.g. a reboot) */
  | 'break';

export interface RunResult {
  status: RunStatus;
  /** Slices run by this call. */
  slices: number;
  /** Stop reason for 'break' (what `requestStop` was given). */
  reason?: string;
}

/** Asks the run loop to return 'break' after the current slice (kexec reboot, debugger). */
export function requestStop(k: Kernel, reason: string): void {
  k.stopRequest = reason;
}

function anyLive(s: KernelState): boolean {
  for (const p of s.procs.values()) if (proc_alive(p) && p.p_lwps.size > 0) return true;
  return false;
}

/** Runs at most `maxSlices` LWP slices. */
export function run(k: Kernel, maxSlices: number): RunResult {
  let slices = 0;
  const cpus = k.s.cpus;
  const ncpu = cpus.length;
  while (slices < maxSlices) {
    const s = k.s;
    if (s.halted !== null) return { status: 'halted', slices };
    if (k.stopRequest !== null) {
      const reason = k.stopRequest;
      k.stopRequest = null;
      return { status: 'break', slices, reason };
    }
    let busy = 0;
    let only = -1;
    for (let i = 0; i < ncpu; i++) {
      const ci = cpus[i]!;
      if (ci.ci_curlwp === null && s.runq.length > 0) cpu_switchto(k, ci, runq_pick(s)!);
      if (ci.ci_curlwp !== null) {
        busy++;
        only = i;
      }
    }
    if (busy === 0) {
      const next = callout_next(s);
      if (next === undefined) return { status: anyLive(s) ? 'blocked' : 'idle', slices };
      if (next > s.time) s.time = next;
      callout_softclock(k);
      continue;
    }
    let ci = cpus[only]!;
    if (busy > 1) {
      let pick = rng_below(s, busy);
      for (let i = 0; i < ncpu; i++) {
        if (cpus[i]!.ci_curlwp !== null && pick-- === 0) {
          ci = cpus[i]!;
          break;
        }
      }
    }
    slices++;
    lwp_slice(k, ci.ci_curlwp!, busy, false);
  }
  return { status: 'budget', slices };
}

/** Runs until the machine is idle, blocked, halted or stopped, or `maxSlices` is reached. */
export function runToCompletion(k: Kernel, maxSlices = 10_000_000): RunResult {
  return run(k, maxSlices);
}

/**
 * A kernel yield point after a system call: maybe let another LWP have the CPU. Callers test
 * `runq.length !== 0` first, so the common case (nobody waiting) costs no call.
 */
function yieldpoint(k: Kernel, l: Lwp): void {
  const s = k.s;
  if (s.runq.length === 0 || l.l_stat !== LSONPROC) return;
  const p = s.config.preempt;
  if (p > 0 && rng_next(s) < p * 4294967296) preempt(k, l);
}

/** First run of an LWP made by _lwp_create (mi_startlwp, spec §2.1). */
function mi_startlwp(k: Kernel, l: Lwp): void {
  kp(k, 'mi_startlwp');
  const ctx = l.l_start!;
  l.l_start = null;
  // _UC_TLSBASE loads the private pointer from the context (spec §2.1 step 6, inferred).
  if ((ctx.ucflags & 0x00080000) !== 0) l.l_private = ctx.tlsbase;
  if (!k.userland.startlwp(k, l, ctx)) {
    kpsignal2(k, l.l_proc, { si_signo: k.kc.SIGSEGV, si_code: 0, si_pid: 0, si_uid: 0, si_lid: 0 }, l);
  }
}

/**
 * One slice of LWP `l` on its CPU: finish a sleeping call, start a new LWP, take pending
 * work in userret, then run user code until it traps. `alone` is the debugger's single-LWP
 * run (every other LWP frozen): then there are no yield points, since nobody else may take
 * the CPU.
 */
export function lwp_slice(k: Kernel, l: Lwp, busy: number, alone: boolean): void {
  k.s.steps++;
  if (l.l_scentry) {
    l.l_scentry = false;
    if (syscall(k, l) && !alone && k.s.runq.length !== 0) yieldpoint(k, l);
    return;
  }
  if (l.l_resume !== null) {
    const rp = resume_lookup(l.l_resume)!;
    l.l_retval = 0;
    const err = rp.fn(k, l);
    if (err === KSLEEP || !syscall_return(k, l, err)) return;
    if (!alone && k.s.runq.length !== 0) yieldpoint(k, l);
    // Still on its CPU: the LWP goes on to user mode in the same slice.
    if (l.l_stat !== LSONPROC) return;
  }
  if (l.l_start !== null) mi_startlwp(k, l);
  if ((l.l_flag & LW_USERRET) !== 0 || (l.l_proc.p_sflag & PS_STOPPING) !== 0) {
    if (!userret(k, l)) return;
  }
  const trap = k.userland.run(k, l, k.s.config.quantum);
  switch (trap) {
    case TRAP_SYSCALL: {
      // Kernel entry is a yield point when another CPU is busy: it may overtake this call.
      const p = k.s.config.preempt;
      if (!alone && busy > 1 && p > 0 && rng_next(k.s) < p * 4294967296) {
        l.l_scentry = true;
        return;
      }
      if (syscall(k, l) && !alone && k.s.runq.length !== 0) yieldpoint(k, l);
      return;
    }
    case TRAP_PREEMPT:
      if (!alone && k.s.runq.length > 0) preempt(k, l);
      return;
    case TRAP_RETURN:
      lwp_exit(k, l);
      return;
    case TRAP_FAULT: {
      const sig = Number(l.l_retval) || k.kc.SIGSEGV;
      kpsignal2(k, l.l_proc, { si_signo: sig, si_code: 0, si_pid: l.l_proc.p_pid, si_uid: 0, si_lid: l.l_lid }, l);
      return;
    }
    case TRAP_BREAK:
      k.stopRequest ??= 'break';
      return;
  }
}

/** A frozen copy of a machine's whole state. */
export interface MachineSnapshot {
  readonly state: KernelState;
}

export { snapshot_clone_register, type ExtCloneFunc } from './kern/snapshot';

/**
 * A deep clone of a state (structured clone keeps the object graph), except for what is
 * shared instead of copied: user pages (copy-on-write), the machine's files (never written
 * in place: vfs_addfile replaces a file's bytes) and registered `ext` entries, which clone
 * themselves (the kexec subsystem: copy-on-write physical memory, shared staged bytes).
 */
function cloneState(src: KernelState): KernelState {
  const pages = new Map<number, Map<number, Uint8Array>>();
  for (const p of src.procs.values()) {
    pages.set(p.p_pid, uvmspace_cowshare(p.p_vmspace));
    p.p_vmspace.vm_pages = new Map();
  }
  const files = src.files;
  src.files = new Map();
  const cloners = snapshot_cloners();
  const ext = new Map<string, PlainValue>();
  for (const key of cloners.keys()) {
    if (key in src.ext) {
      ext.set(key, src.ext[key]);
      delete src.ext[key];
    }
  }
  const copy = structuredClone(src);
  src.files = files;
  copy.files = new Map(files);
  for (const p of src.procs.values()) {
    const pm = pages.get(p.p_pid)!;
    p.p_vmspace.vm_pages = pm;
    const cp = copy.procs.get(p.p_pid)!;
    cp.p_vmspace.vm_pages = new Map(pm);
    cp.p_vmspace.vm_owned = new Set();
  }
  for (const [key, v] of ext) {
    src.ext[key] = v;
    copy.ext[key] = cloners.get(key)!(v);
  }
  return copy;
}

/** Checkpoint: a clone of the whole state (user pages shared copy-on-write). */
export function snapshotMachine(k: Kernel): MachineSnapshot {
  return { state: cloneState(k.s) };
}

/** Restores a checkpoint; the snapshot stays usable for further restores. */
export function restoreMachine(k: Kernel, snap: MachineSnapshot): void {
  lwp_cache_flush();
  k.s = cloneState(snap.state);
  k.stopRequest = null;
}

/** The LWP currently on a CPU, for debuggers. */
export function curlwp(k: Kernel, cpu: number): Lwp | null {
  return k.s.cpus[cpu]?.ci_curlwp ?? null;
}
