// The read-only inspection API: everything above the kernel (debug adapter, views, CLI)
// reads machine state only through these functions, which return fresh plain objects with
// states and flags decoded by name.

import type { Kernel } from './kern/kernel';
import type { Lwp, Proc } from './kern/state';
import { resume_lookup } from './kern/resume';
import {
  flagNames, L_FLAG_NAMES, L_PFLAG_NAMES, L_PRFLAG_NAMES, LSTAT_NAMES, P_LFLAG_NAMES,
  P_SFLAG_NAMES, PSTAT_NAMES, SOBJ_NAMES,
} from './proc/lwpdefs';
import { lwp_list } from './proc/lwp';
import { uvm_peek, uvm_read_int } from './vm/uvm';

export interface SigsetInfo {
  /** Signal numbers in the set. */
  signals: number[];
  names: string[];
}

export interface LwpInfo {
  pid: number;
  l_lid: number;
  l_stat: number;
  state: string;
  l_flag: number;
  flags: string[];
  l_prflag: number;
  prflags: string[];
  l_pflag: number;
  pflags: string[];
  l_name: string | null;
  l_private: number;
  l_sigmask: SigsetInfo;
  l_sigpend: SigsetInfo;
  l_wchan: string | null;
  l_wmesg: string | null;
  syncobj: string;
  l_waitingfor: number;
  l_waiter: number;
  detached: boolean;
  /** User address of the lwpctl block, 0 if none, and its current contents. */
  l_lwpctl: number;
  lc_curcpu: number | null;
  lc_pctr: number | null;
  l_cpu: number;
  /** System call in progress (its name), or null when in user mode / not started. */
  syscall: string | null;
  /** Kernel stack of a sleeping LWP, innermost first (derived from the resume point). */
  kstack: string[];
  /** Absolute virtual time a timed sleep ends, or null. */
  timeout: number | null;
  l_tid: number;
  /** Switch-ins so far. */
  switches: number;
}

export interface ProcInfo {
  p_pid: number;
  p_ppid: number;
  p_uid: number;
  name: string;
  p_stat: number;
  state: string;
  p_sflag: number;
  sflags: string[];
  p_lflag: number;
  lflags: string[];
  p_nlwps: number;
  p_nrlwps: number;
  p_nzlwps: number;
  p_ndlwps: number;
  p_nlwpwait: number;
  p_nlwpid: number;
  p_zomblwp: number;
  p_sigpend: SigsetInfo;
  exitStatus: number;
  exitSignal: number;
  generation: number;
  lwps: number[];
}

export interface SleepQueueInfo {
  wchan: string;
  wmesg: string;
  /** pid.lid of the sleepers, in arrival order where the channel has an order. */
  sleepers: { pid: number; lid: number }[];
}

export interface CpuInfo {
  index: number;
  /** pid/lid on the CPU, or null when idle. */
  curlwp: { pid: number; lid: number } | null;
  switches: number;
}

function sigsetInfo(k: Kernel, w0: number, w1: number): SigsetInfo {
  const signals: number[] = [];
  for (let n = 1; n < k.kc.nsig; n++) {
    const bit = n <= 32 ? (w0 >>> (n - 1)) & 1 : (w1 >>> (n - 33)) & 1;
    if (bit !== 0) signals.push(n);
  }
  return { signals, names: signals.map((n) => k.abi.signalName(n) ?? `SIG${n}`) };
}

export function inspectLwpOf(k: Kernel, l: Lwp): LwpInfo {
  const vm = l.l_proc.p_vmspace;
  const rp = l.l_resume !== null ? resume_lookup(l.l_resume) : undefined;
  const sc = l.l_scnum >= 0 && (l.l_resume !== null || l.l_stat === 3 || l.l_scentry) ? k.sysname[l.l_scnum] ?? `#${l.l_scnum}` : null;
  return {
    pid: l.l_proc.p_pid, l_lid: l.l_lid, l_stat: l.l_stat, state: LSTAT_NAMES[l.l_stat] ?? String(l.l_stat),
    l_flag: l.l_flag, flags: flagNames(l.l_flag, L_FLAG_NAMES),
    l_prflag: l.l_prflag, prflags: flagNames(l.l_prflag, L_PRFLAG_NAMES),
    l_pflag: l.l_pflag, pflags: flagNames(l.l_pflag, L_PFLAG_NAMES),
    l_name: l.l_name, l_private: l.l_private,
    l_sigmask: sigsetInfo(k, l.l_sigmask.w0, l.l_sigmask.w1),
    l_sigpend: sigsetInfo(k, l.l_sigpend.w0, l.l_sigpend.w1),
    l_wchan: l.l_wchan, l_wmesg: l.l_wmesg, syncobj: SOBJ_NAMES[l.l_syncobj] ?? 'none',
    l_waitingfor: l.l_waitingfor, l_waiter: l.l_waiter,
    detached: (l.l_prflag & 0x00800000) !== 0,
    l_lwpctl: l.l_lwpctl,
    lc_curcpu: l.l_lwpctl !== 0 ? uvm_read_int(vm, l.l_lwpctl, 4, true) : null,
    lc_pctr: l.l_lwpctl !== 0 ? uvm_read_int(vm, l.l_lwpctl + 4, 4, true) : null,
    l_cpu: l.l_cpu, syscall: sc, kstack: rp !== undefined ? [...rp.stack] : [],
    timeout: l.l_slptimo !== 0 ? l.l_slptimo : null, l_tid: l.l_tid, switches: l.l_nswitch,
  };
}

function procInfo(k: Kernel, p: Proc): ProcInfo {
  return {
    p_pid: p.p_pid, p_ppid: p.p_ppid, p_uid: p.p_uid, name: p.p_name, p_stat: p.p_stat,
    state: PSTAT_NAMES[p.p_stat] ?? String(p.p_stat), p_sflag: p.p_sflag,
    sflags: flagNames(p.p_sflag, P_SFLAG_NAMES), p_lflag: p.p_lflag,
    lflags: flagNames(p.p_lflag, P_LFLAG_NAMES), p_nlwps: p.p_nlwps, p_nrlwps: p.p_nrlwps,
    p_nzlwps: p.p_nzlwps, p_ndlwps: p.p_ndlwps, p_nlwpwait: p.p_nlwpwait,
    p_nlwpid: p.p_nlwpid, p_zomblwp: p.p_zomblwp?.l_lid ?? 0,
    p_sigpend: sigsetInfo(k, p.p_sigpend.w0, p.p_sigpend.w1), exitStatus: p.p_xstat,
    exitSignal: p.p_xsig, generation: p.p_generation,
    lwps: lwp_list(p).map((l) => l.l_lid).sort((a, b) => a - b),
  };
}

/** Every process (exited ones too), by pid. */
export function inspectProcesses(k: Kernel): ProcInfo[] {
  return Array.from(k.s.procs.values()).sort((a, b) => a.p_pid - b.p_pid).map((p) => procInfo(k, p));
}

export function inspectProcess(k: Kernel, pid: number): ProcInfo | undefined {
  const p = k.s.procs.get(pid);
  return p === undefined ? undefined : procInfo(k, p);
}

/** The LWPs of a process (every state), by LID; all LWPs of the machine without a pid. */
export function inspectLwps(k: Kernel, pid?: number): LwpInfo[] {
  const out: LwpInfo[] = [];
  for (const p of k.s.procs.values()) {
    if (pid !== undefined && p.p_pid !== pid) continue;
    for (const l of Array.from(p.p_lwps.values()).sort((a, b) => a.l_lid - b.l_lid)) out.push(inspectLwpOf(k, l));
  }
  return out;
}

export function inspectLwp(k: Kernel, pid: number, lid: number): LwpInfo | undefined {
  const l = k.s.procs.get(pid)?.p_lwps.get(lid);
  return l === undefined ? undefined : inspectLwpOf(k, l);
}

/** Sleep queues: every wait channel with sleepers (condvars in arrival order). */
export function inspectSleepQueues(k: Kernel): SleepQueueInfo[] {
  const m = new Map<string, SleepQueueInfo>();
  for (const p of k.s.procs.values()) {
    for (const l of p.p_lwps.values()) {
      if (l.l_wchan === null) continue;
      const key = l.l_syncobj === 1 ? `lwp_park@${p.p_pid}.${l.l_lid}` : l.l_wchan;
      let q = m.get(key);
      if (q === undefined) {
        q = { wchan: key, wmesg: l.l_wmesg ?? '', sleepers: [] };
        m.set(key, q);
      }
      if (l.l_cv === null) q.sleepers.push({ pid: p.p_pid, lid: l.l_lid });
    }
    for (const l of p.p_lwpcv.cv_waiters) {
      m.get(p.p_lwpcv.cv_wchan)?.sleepers.push({ pid: p.p_pid, lid: l.l_lid });
    }
  }
  return Array.from(m.values());
}

export function inspectCpus(k: Kernel): CpuInfo[] {
  return k.s.cpus.map((c) => ({
    index: c.ci_index,
    curlwp: c.ci_curlwp === null ? null : { pid: c.ci_curlwp.l_proc.p_pid, lid: c.ci_curlwp.l_lid },
    switches: c.ci_nswitch,
  }));
}

export interface CalloutInfo {
  /** Virtual time it fires at, ns. */
  due: number;
  /** The handler registered with callout_register (`sleepq_timeout`, ...). */
  func: string;
  /** The LWP it is for, when any. */
  lwp: { pid: number; lid: number } | null;
  arg: number;
}

/** Pending callouts in the order they fire (due time, then the order they were set). */
export function inspectCallouts(k: Kernel): CalloutInfo[] {
  return [...k.s.callouts]
    .sort((a, b) => a.c_time - b.c_time || a.c_seq - b.c_seq)
    .map((c) => ({
      due: c.c_time, func: c.c_func, arg: c.c_arg,
      lwp: c.c_lwp === null ? null : { pid: c.c_lwp.l_proc.p_pid, lid: c.c_lwp.l_lid },
    }));
}

export interface ClockInfo {
  /** Virtual monotonic time, ns. */
  time: number;
  hz: number;
  /** Next callout time, or null. */
  nextCallout: number | null;
  runnable: { pid: number; lid: number }[];
  generation: number;
  steps: number;
}

export function inspectClock(k: Kernel): ClockInfo {
  return {
    time: k.s.time, hz: k.s.config.hz, nextCallout: k.s.callouts[0]?.c_time ?? null,
    runnable: k.s.runq.map((l) => ({ pid: l.l_proc.p_pid, lid: l.l_lid })),
    generation: k.s.generation, steps: k.s.steps,
  };
}

/** Bytes of a process's user memory (unmapped bytes read as 0). */
export function inspectUserMemory(k: Kernel, pid: number, addr: number, len: number): Uint8Array | undefined {
  const p = k.s.procs.get(pid);
  return p === undefined ? undefined : uvm_peek(p.p_vmspace, addr, len);
}
