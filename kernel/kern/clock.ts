// Clocks and timeout conversion: clock_gettime1's accepted clocks, ts2timo (subr_time.c,
// 2020 logic; spec netbsd-lwp §2.11 step 2) and tick arithmetic at `config.hz`.

import { kp, type Kernel } from './kernel';
import type { Lwp } from './state';
import { EINVAL, ESRCH, ETIMEDOUT } from './errno';

/** A timespec being worked on (seconds and nanoseconds, both plain numbers). */
export interface Timespec {
  sec: number;
  nsec: number;
}

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 3;
const CLOCK_THREAD_CPUTIME_ID = 0x20000000;
const CLOCK_PROCESS_CPUTIME_ID = 0x40000000;

/**
 * Reads clock `id` into `out` (clock_gettime1). Returns 0, EINVAL for an unknown clock or
 * ESRCH for a CPU-time clock of a missing pid. CPU-time clocks read 0: running user code
 * costs no virtual time in KSim.
 */
export function clock_gettime1(k: Kernel, l: Lwp, id: number, out: Timespec): number {
  const t = k.s.time;
  if (id === CLOCK_MONOTONIC || id === CLOCK_REALTIME) {
    out.sec = Math.floor(t / 1e9) + (id === CLOCK_REALTIME ? k.s.config.realtimeBoot : 0);
    out.nsec = t % 1e9;
    return 0;
  }
  if ((id & CLOCK_PROCESS_CPUTIME_ID) !== 0 && (id & CLOCK_THREAD_CPUTIME_ID) === 0) {
    const pid = id & ~CLOCK_PROCESS_CPUTIME_ID;
    if (pid !== 0 && !k.s.procs.has(pid)) return ESRCH;
    out.sec = 0;
    out.nsec = 0;
    return 0;
  }
  if ((id & CLOCK_THREAD_CPUTIME_ID) !== 0 && (id & CLOCK_PROCESS_CPUTIME_ID) === 0) {
    const lid = id & ~CLOCK_THREAD_CPUTIME_ID;
    if (lid !== 0 && !l.l_proc.p_lwps.has(lid)) return EINVAL;
    out.sec = 0;
    out.nsec = 0;
    return 0;
  }
  return EINVAL;
}

/** Nanoseconds per tick. */
export function tick_ns(k: Kernel): number {
  return Math.floor(1e9 / k.s.config.hz);
}

/** a := a − b, normalised with a single borrow (timespecsub). */
export function timespecsub(a: Timespec, b: Timespec): void {
  a.sec -= b.sec;
  a.nsec -= b.nsec;
  if (a.nsec < 0) {
    a.sec--;
    a.nsec += 1e9;
  }
}

/** a := a + b, normalised (timespecadd). */
export function timespecadd(a: Timespec, b: Timespec): void {
  a.sec += b.sec;
  a.nsec += b.nsec;
  if (a.nsec >= 1e9) {
    a.sec++;
    a.nsec -= 1e9;
  }
}

/**
 * ts2timo: validates and converts `ts` (in place: absolute deadlines become relative,
 * sub-tick values round up to one tick) to a timeout in ticks, written to `out.timo`;
 * `start` receives the clock reading. Returns 0, EINVAL or ETIMEDOUT.
 */
export function ts2timo(
  k: Kernel, l: Lwp, clockid: number, flags: number, ts: Timespec, start: Timespec, out: { timo: number },
): number {
  kp(k, 'ts2timo');
  const abs = (flags & 1) !== 0;
  const err = clock_gettime1(k, l, clockid, start);
  if (err !== 0) return err;
  if (abs) timespecsub(ts, start);
  if (ts.nsec < 0 || ts.nsec >= 1e9) return EINVAL;
  if (ts.sec < 0) return ETIMEDOUT;
  const tickns = tick_ns(k);
  if (ts.sec === 0 && ts.nsec > 0 && ts.nsec < tickns) ts.nsec = tickns;
  if (ts.sec === 0 && ts.nsec === 0) return ETIMEDOUT;
  const us = ts.sec * 1e6 + Math.ceil(ts.nsec / 1000);
  const tickus = tickns / 1000;
  out.timo = Math.min(Math.ceil(us / tickus) + 1, 0x7fffffff);
  return 0;
}
