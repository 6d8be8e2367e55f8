// kexec benchmarks (issue 5): staging throughput against native memcpy, the resident memory of a
// 64 GiB machine after staging 256 MiB, and the wall time of a kexec reboot into a 16 MiB image.
import type { BenchSuite } from '../harness';
import {
  abiConst, boot, buildKsimImage, copyout, createMachine, encodeSegments, newproc, run, TRAP_RETURN,
  TRAP_SYSCALL, uvm_alloc, type Kernel, type Lwp, type SysArg, type TrapCode, type Userland,
} from '../../kernel/index';

const MiB = 1024 * 1024;
type Step = (k: Kernel, l: Lwp) => { sys: string; args: SysArg[] } | null;

/** A Userland whose processes run a list of steps, one system call each. */
class StepUserland implements Userland {
  firstUserNs = new Map<number, bigint>();
  constructor(private readonly steps: Step[], private readonly next: Step[] = []) {}
  init(k: Kernel, generation: number): void {
    newproc(k, { name: generation === 0 ? 'bench' : 'stage2', user: 0 });
  }
  run(k: Kernel, l: Lwp): TrapCode {
    if (!this.firstUserNs.has(k.s.generation)) this.firstUserNs.set(k.s.generation, process.hrtime.bigint());
    const list = k.s.generation === 0 ? this.steps : this.next;
    const i = l.l_user as number;
    const step = list[i];
    const c = step === undefined ? null : step(k, l);
    if (c === null) return TRAP_RETURN;
    l.l_user = i + 1;
    l.l_scnum = k.abi.syscallNumbers[c.sys] ?? -1;
    l.l_args.length = 0;
    l.l_args.push(...c.args);
    return TRAP_SYSCALL;
  }
  startlwp(): boolean {
    return false;
  }
  sendsig(): void {
    /* none */
  }
}

function runAll(k: Kernel): void {
  for (;;) {
    const r = run(k, 1_000_000);
    if (r.status !== 'break' && r.status !== 'budget') return;
  }
}

function userBuf(l: Lwp, bytes: Uint8Array): number {
  const vm = l.l_proc.p_vmspace;
  const a = uvm_alloc(vm, bytes.length);
  copyout(vm, a, bytes);
  return a;
}

/**
 * Stages 16 segments of 16 MiB (from one 16 MiB user buffer) `loads` times in a row on one
 * machine; returns the wall ns of each load, from the call to its return. From the third load on,
 * the staging pool holds the buffers of the image replaced two loads earlier, so the copy goes
 * to warm memory, as the native anchor's memcpy does.
 */
function stage16x16(memory: number, loads: number): { ns: number[]; k: Kernel } {
  const src = new Uint8Array(16 * MiB);
  for (let i = 0; i < src.length; i += 4096) src[i] = i & 0xff;
  const ns: number[] = [];
  let t0 = 0n;
  let segs = 0;
  const steps: Step[] = [(_k, l) => {
    const buf = userBuf(l, src);
    const descs = Array.from({ length: 16 }, (_, i) => ({
      buf: BigInt(buf), bufsz: 16n * BigInt(MiB), mem: 0x10000000n + BigInt(i) * 16n * BigInt(MiB), memsz: 16n * BigInt(MiB),
    }));
    segs = userBuf(l, encodeSegments(descs));
    return { sys: 'getpid', args: [] };
  }];
  for (let i = 0; i < loads; i++) {
    steps.push(() => {
      if (i > 0) ns.push(Number(process.hrtime.bigint() - t0));
      t0 = process.hrtime.bigint();
      return { sys: 'kexec_load', args: [0x10000000n, 16, segs, 0] };
    });
  }
  steps.push(() => {
    ns.push(Number(process.hrtime.bigint() - t0));
    return null;
  });
  const k = createMachine({ abi: 'bsd', memory: memory, cpus: 1, preempt: 0 }, new StepUserland(steps));
  boot(k);
  runAll(k);
  return { ns, k };
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}

export const suite: BenchSuite = {
  name: 'kexec',
  benchmarks: [
    {
      name: 'rss_64GiB_after_256MiB',
      run(ctx) {
        // Measured first, on a quiet heap: the RSS growth of building the machine and staging.
        gc();
        gc();
        const before = process.memoryUsage().rss;
        const { k } = stage16x16(64 * 1024 * MiB, 1);
        gc();
        const after = process.memoryUsage().rss;
        ctx.report('kexec.rss_64GiB_after_256MiB', (after - before) / MiB, 'MiB');
        // Keep the machine alive until measured.
        if (k.s.generation < 0) ctx.report('unreachable', 0, '');
      },
    },
    {
      name: 'stage_16x16MiB',
      run(ctx) {
        gc();
        const { ns } = stage16x16(1024 * MiB, 10);
        const best = Math.min(...ns);
        ctx.report('kexec.stage_16x16MiB_cold', (256 * MiB) / (ns[0] / 1e9), 'bytes/s');
        const rate = (256 * MiB) / (best / 1e9);
        ctx.report('kexec.stage_16x16MiB', rate, 'bytes/s');
        ctx.ratio('kexec.stage_16x16MiB_vs_memcpy', rate, 'native.memcpy');
      },
    },
    {
      name: 'reboot_16MiB_ms',
      run(ctx) {
        const img = buildKsimImage({ banner: 'bench', entry: 0x1000000n, size: 16 * MiB, init: 'stage2' });
        let best = Infinity;
        for (let i = 0; i < 5; i++) {
          let t0 = 0n;
          const u = new StepUserland([
            (_k, l) => {
              const segs = userBuf(l, encodeSegments([{ buf: BigInt(userBuf(l, img)), bufsz: BigInt(img.length), mem: 0x1000000n, memsz: BigInt(img.length) }]));
              return { sys: 'kexec_load', args: [0x1000000n, 1, segs, 0] };
            },
            () => {
              t0 = process.hrtime.bigint();
              return { sys: 'reboot', args: [abiConst('bsd', 'RB_KEXEC')] };
            },
          ], [() => null]);
          const k = createMachine({ abi: 'bsd', memory: 1024 * MiB, cpus: 1, preempt: 0 }, u);
          boot(k);
          runAll(k);
          const t1 = u.firstUserNs.get(1);
          if (t1 !== undefined) best = Math.min(best, Number(t1 - t0) / 1e6);
          gc();
        }
        ctx.report('kexec.reboot_16MiB_ms', best, 'ms');
      },
    },
  ],
};
