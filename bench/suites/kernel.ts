// Kernel benchmarks (issue 3): the simulated null system call, park/unpark ping-pong between
// two LWPs on two virtual CPUs, LWP create + exit + wait, the memory of an LWP with
// 100,000 alive, and a snapshot + restore of a 64 GiB machine with 256 MiB of physical memory
// written (the debugger's checkpoint). Each drives the kernel with a minimal TypeScript
// Userland.
//
// The kernel is measured as it ships: bundled by esbuild into one module (as in dist/), not
// through tsx's per-file CommonJS, whose getter-based imports cost more than the kernel.

import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchContext, BenchSuite } from '../harness';
import type { Kernel, Lwp, TrapCode, Userland } from '../../kernel/index';

type KernelModule = typeof import('../../kernel/index');

function loadBundledKernel(): KernelModule {
  const root = path.join(__dirname, '..', '..');
  const out = path.join(root, '.cache', 'bench', 'kernel.js');
  mkdirSync(path.dirname(out), { recursive: true });
  buildSync({
    entryPoints: [path.join(root, 'kernel', 'index.ts')], bundle: true, platform: 'node',
    format: 'cjs', target: 'node20', outfile: out, logLevel: 'silent',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as KernelModule;
}

const K = loadBundledKernel();
const {
  boot, createMachine, newproc, restoreMachine, run, snapshotMachine, uvm_alloc, uvm_write_int, writePhysMemory,
  TRAP_PREEMPT, TRAP_RETURN, TRAP_SYSCALL,
} = K;

/** Wall-clock rate of `body(n)` units, repeated for at least `ms`. */
function measure(body: (n: number) => number, ms = 400): number {
  let units = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    units += body(1 << 16);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < ms);
  return (units * 1000) / elapsed;
}

function nullSyscall(ctx: BenchContext): void {
  let SELF = 0;
  const ul: Userland = {
    init: (k) => { newproc(k, { name: 'bench' }); },
    startlwp: () => true,
    sendsig: () => undefined,
    run(_k: Kernel, l: Lwp): TrapCode {
      l.l_scnum = SELF;
      return TRAP_SYSCALL;
    },
  };
  const k = createMachine({ cpus: 1, seed: 1 }, ul);
  SELF = k.abi.syscallNumbers['_lwp_self']!;
  boot(k);
  run(k, 100_000);
  const rate = measure((n) => run(k, n).slices);
  ctx.report('kernel.null_syscall', rate, 'ops/s');
  ctx.ratio('kernel.null_syscall_vs_native', rate, 'native.null_syscall');
}

function pingpong(ctx: BenchContext): void {
  let PARK = 0;
  let trips = 0;
  // Each LWP loops: ___lwp_park60(CLOCK_MONOTONIC, 0, NULL, peer, NULL, NULL). LWP 1 counts
  // a round trip each time its park returns.
  const ul: Userland = {
    init: (k) => { newproc(k, { name: 'ping', user: 0 }); },
    startlwp: (_k, l) => { l.l_user = 0; return true; },
    sendsig: () => undefined,
    run(_k: Kernel, l: Lwp): TrapCode {
      if (l.l_lid === 1) trips++;
      const a = l.l_args;
      if (a.length !== 6) a.length = 6;
      a[0] = 3; a[1] = 0; a[2] = 0; a[3] = l.l_lid === 1 ? 2 : 1; a[4] = 0; a[5] = 0;
      l.l_scnum = PARK;
      return TRAP_SYSCALL;
    },
  };
  const k = createMachine({ cpus: 2, seed: 1, preempt: 0 }, ul);
  PARK = k.abi.syscallNumbers['___lwp_park60']!;
  boot(k);
  // The main LWP creates the partner through the real _lwp_create path first.
  spawnPartner(k);
  run(k, 100_000);
  const rate = measure((n) => {
    const t0 = trips;
    run(k, n);
    return trips - t0;
  });
  ctx.report('kernel.park_pingpong', rate, 'roundtrips/s');
  ctx.ratio('kernel.park_pingpong_vs_native', rate, 'native.futex_pingpong');
}

/** Runs _lwp_create for LWP 2 from LWP 1 by a one-off Userland detour. */
function spawnPartner(k: Kernel): void {
  const p = k.s.procs.get(1)!;
  const main = p.p_lwps.get(1)!;
  const vm = p.p_vmspace;
  const uc = uvm_alloc(vm, 96);
  const out = uvm_alloc(vm, 4);
  uvm_write_int(vm, uc, 4, 0x4);
  uvm_write_int(vm, uc + 56, 8, 0x400010);
  const saved = k.userland.run;
  let done = false;
  k.userland.run = (kk, l, b) => {
    if (l === main && !done) {
      done = true;
      l.l_scnum = kk.abi.syscallNumbers['_lwp_create']!;
      l.l_args.length = 3;
      l.l_args[0] = uc; l.l_args[1] = 0; l.l_args[2] = out;
      return TRAP_SYSCALL;
    }
    return saved(kk, l, b);
  };
  while (!done) run(k, 1);
  k.userland.run = saved;
}

function createExitWait(ctx: BenchContext): void {
  let CREATE = 0, WAIT = 0, uc = 0, out = 0;
  let cycles = 0;
  // LWP 1 alternates _lwp_create and _lwp_wait(0); each child returns at once.
  const ul: Userland = {
    init: (k) => {
      const { p } = newproc(k, { name: 'cew', user: 0 });
      uc = uvm_alloc(p.p_vmspace, 96);
      out = uvm_alloc(p.p_vmspace, 4);
      uvm_write_int(p.p_vmspace, uc, 4, 0x4);
      uvm_write_int(p.p_vmspace, uc + 56, 8, 0x400010);
    },
    startlwp: (_k, l) => { l.l_user = 1; return true; },
    sendsig: () => undefined,
    run(_k: Kernel, l: Lwp): TrapCode {
      if (l.l_lid !== 1) return TRAP_RETURN;
      const a = l.l_args;
      if (l.l_user === 0) {
        l.l_user = 1;
        a.length = 3; a[0] = uc; a[1] = 0; a[2] = out;
        l.l_scnum = CREATE;
      } else {
        l.l_user = 0;
        cycles++;
        a.length = 2; a[0] = 0; a[1] = 0;
        l.l_scnum = WAIT;
      }
      return TRAP_SYSCALL;
    },
  };
  const k = createMachine({ cpus: 2, seed: 1 }, ul);
  CREATE = k.abi.syscallNumbers['_lwp_create']!;
  WAIT = k.abi.syscallNumbers['_lwp_wait']!;
  boot(k);
  run(k, 10_000);
  const rate = measure((n) => {
    const c0 = cycles;
    run(k, n);
    return cycles - c0;
  });
  ctx.report('kernel.lwp_create_exit_wait', rate, 'cycles/s');
}

function bytesPerLwp(ctx: BenchContext): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    ctx.report('kernel.bytes_per_lwp_skipped_no_gc', 0, 'bytes');
    return;
  }
  const N = 100_000;
  let CREATE = 0, PARK = 0, uc = 0, out = 0, made = 0;
  // LWP 1 creates N LWPs; each parks forever.
  const ul: Userland = {
    init: (k) => {
      const { p } = newproc(k, { name: 'many', user: 0 });
      uc = uvm_alloc(p.p_vmspace, 96);
      out = uvm_alloc(p.p_vmspace, 4);
      uvm_write_int(p.p_vmspace, uc, 4, 0x4);
      uvm_write_int(p.p_vmspace, uc + 56, 8, 0x400010);
    },
    startlwp: (_k, l) => { l.l_user = 0; return true; },
    sendsig: () => undefined,
    run(_k: Kernel, l: Lwp): TrapCode {
      const a = l.l_args;
      if (l.l_lid !== 1) {
        a.length = 6; a[0] = 3; a[1] = 0; a[2] = 0; a[3] = 0; a[4] = 0; a[5] = 0;
        l.l_scnum = PARK;
        return TRAP_SYSCALL;
      }
      if (made >= N) return TRAP_PREEMPT;
      made++;
      a.length = 3; a[0] = uc; a[1] = 0; a[2] = out;
      l.l_scnum = CREATE;
      return TRAP_SYSCALL;
    },
  };
  const build = (): Kernel => {
    const k = createMachine({ cpus: 2, seed: 1, maxlwp: N + 10 }, ul);
    CREATE = k.abi.syscallNumbers['_lwp_create']!;
    PARK = k.abi.syscallNumbers['___lwp_park60']!;
    boot(k);
    return k;
  };
  gc();
  const before = process.memoryUsage().heapUsed;
  const k = build();
  while (made < N || k.s.runq.length > 0) run(k, 100_000);
  gc();
  const after = process.memoryUsage().heapUsed;
  const alive = k.s.procs.get(1)!.p_nlwps;
  ctx.report('kernel.bytes_per_lwp', (after - before) / alive, 'bytes');
}

/**
 * Microseconds per snapshot + restore of a 64 GiB machine (one process) after 256 MiB of
 * physical memory was written: what a debugger checkpoint costs once memory is in use.
 */
function snapshot64GiB(ctx: BenchContext): void {
  const MiB = 1024 * 1024;
  const ul: Userland = {
    init: (k) => { newproc(k, { name: 'snap', user: 0 }); },
    startlwp: () => true,
    sendsig: () => undefined,
    run: () => TRAP_PREEMPT,
  };
  const k = createMachine({ abi: 'bsd', memory: 64 * 1024 * MiB, cpus: 2, seed: 1 }, ul);
  boot(k);
  const piece = new Uint8Array(16 * MiB);
  for (let i = 0; i < 16; i++) {
    piece.fill(i + 1);
    writePhysMemory(k, 0x100000000n + BigInt(i * 16 * MiB), piece);
  }
  const rate = measure((n) => {
    const m = Math.min(n, 64);
    for (let i = 0; i < m; i++) restoreMachine(k, snapshotMachine(k));
    return m;
  });
  ctx.report('kernel.snapshot_64GiB_256MiB_written_us', 1e6 / rate, 'us');
}

export const suite: BenchSuite = {
  name: 'kernel',
  benchmarks: [
    { name: 'null_syscall', run: nullSyscall },
    { name: 'park_pingpong', run: pingpong },
    { name: 'lwp_create_exit_wait', run: createExitWait },
    { name: 'bytes_per_lwp', run: bytesPerLwp },
    { name: 'snapshot_64GiB_256MiB_written', run: snapshot64GiB },
  ],
};
