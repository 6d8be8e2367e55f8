// The scheduler: making LWPs runnable, switching them onto and off virtual CPUs, and the
// lwpctl bookkeeping that goes with a switch (spec netbsd-lwp §2.16: switch-in sets
// lc_curcpu and increments lc_pctr, switch-out sets LWPCTL_CPU_NONE).

import { kp, type Kernel } from '../kern/kernel';
import type { EventSink } from '../kern/events';
import type { Cpu, Lwp } from '../kern/state';
import { uvm_read_int, uvm_write_i32 } from '../vm/uvm';
import {
  LP_RUNNING, LSIDL, LSONPROC, LSRUN, LSSLEEP, LSSTOP, LSSUSPENDED, LSTAT_NAMES, LW_WSUSPEND,
} from '../proc/lwpdefs';
import { runq_add, runq_remove } from './runq';
import { cv_broadcast } from '../kern/condvar';

/** Changes l_stat, emitting a state-change event when someone listens. */
export function lwp_setstat(k: Kernel, l: Lwp, stat: number): void {
  const from = l.l_stat;
  l.l_stat = stat;
  if (k.sink !== null && from !== stat) lwp_state_event(k, l, from, k.sink);
}

// Out of line so that lwp_setstat, on every switch, stays small enough to inline.
function lwp_state_event(k: Kernel, l: Lwp, from: number, sink: EventSink): void {
  const stat = l.l_stat;
  sink({
    type: 'lwp_state', time: k.s.time, pid: l.l_proc.p_pid, lid: l.l_lid,
    from: LSTAT_NAMES[from] ?? String(from), to: LSTAT_NAMES[stat] ?? String(stat),
    wmesg: stat === LSSLEEP ? l.l_wmesg : null,
  });
}

/**
 * Makes a stopped, suspended, new or (already unslept) LWP runnable, as kern_synch.c's
 * setrunnable does per state (spec §6 kern_synch.c): leaving LSSUSPENDED clears LW_WSUSPEND,
 * counts it running again and broadcasts p_lwpcv; leaving LSSTOP counts it running again. An
 * LWP that is still on a sleep queue goes back to LSSLEEP instead of the run queue.
 */
export function setrunnable(k: Kernel, l: Lwp): void {
  kp(k, 'setrunnable');
  const p = l.l_proc;
  switch (l.l_stat) {
    case LSSUSPENDED:
      l.l_flag &= ~LW_WSUSPEND;
      p.p_nrlwps++;
      cv_broadcast(k, p.p_lwpcv);
      break;
    case LSSTOP:
      p.p_nrlwps++;
      break;
    case LSIDL:
    case LSSLEEP:
      break;
    default:
      return;
  }
  if (l.l_wchan !== null) {
    lwp_setstat(k, l, LSSLEEP);
    return;
  }
  lwp_setstat(k, l, LSRUN);
  runq_add(k.s, l);
}

/** Puts an LSONPROC LWP back on the run queue (preemption, sched_yield). */
export function preempt(k: Kernel, l: Lwp): void {
  kp(k, 'preempt');
  lwp_setstat(k, l, LSRUN);
  mi_switch(k, l);
  runq_add(k.s, l);
}

/** Removes a runnable LWP from the run queue without running it (stop, suspend, exit). */
export function sched_dequeue(k: Kernel, l: Lwp): void {
  runq_remove(k.s, l);
}

/**
 * The LWP leaves its CPU; the caller already set its new state (LSSLEEP, LSSUSPENDED,
 * LSSTOP, LSZOMB or LSRUN).
 */
export function mi_switch(k: Kernel, l: Lwp): void {
  kp(k, 'mi_switch');
  const ci = k.s.cpus[l.l_cpu];
  if (ci !== undefined && ci.ci_curlwp === l) ci.ci_curlwp = null;
  l.l_pflag &= ~LP_RUNNING;
  if (l.l_lwpctl !== 0 && l.l_stat !== 5) uvm_write_i32(l.l_proc.p_vmspace, l.l_lwpctl, -1);
}

/** Puts `l` on CPU `ci` (cpu_switchto). */
export function cpu_switchto(k: Kernel, ci: Cpu, l: Lwp): void {
  ci.ci_curlwp = l;
  ci.ci_nswitch++;
  l.l_cpu = ci.ci_index;
  l.l_pflag |= LP_RUNNING;
  l.l_nswitch++;
  lwp_setstat(k, l, LSONPROC);
  if (l.l_lwpctl !== 0) {
    const vm = l.l_proc.p_vmspace;
    uvm_write_i32(vm, l.l_lwpctl, ci.ci_index);
    uvm_write_i32(vm, l.l_lwpctl + 4, (uvm_read_int(vm, l.l_lwpctl + 4, 4, true) + 1) | 0);
  }
}
