// Scenario-language benchmarks (issue 4): the system calls per second a scenario `while` loop
// calling _lwp_self makes through the compiler, the bytecode interpreter and the kernel (with
// the ratio to the native null syscall), and parse + check of a 10,000-line scenario.
import type { BenchSuite } from '../harness';
import { checkSource, compileSource } from '../../scenario/compile';
import { createRun, bootRun } from '../../scenario/run';
import { run } from '../../kernel/machine';

/** A loop of n _lwp_self calls, plus the loop counter and test: what a user writes. */
function loopSource(n: number): string {
  return `machine { abi: "bsd", cpus: 1, seed: 1 }
process init {
    let i = 0
    while i < ${n} {
        _lwp_self()
        i += 1
    }
}
`;
}

function syscallsPerSecond(n: number): number {
  const c = compileSource(loopSource(n));
  if (!c.program) throw new Error('benchmark scenario does not compile');
  const r = createRun(c.program, { onPrint: () => undefined });
  bootRun(r);
  const t = process.hrtime.bigint();
  for (;;) {
    const res = run(r.k, 1_000_000);
    if (res.status !== 'budget' && res.status !== 'break') break;
  }
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  return n / s;
}

function tenThousandLines(): string {
  const lines = ['machine { abi: "bsd", cpus: 2 }', 'fn worker(arg) {', '    expect _lwp_self() > 1', '}', 'process init {'];
  for (let i = 0; lines.length < 9_999; i++) {
    switch (i % 5) {
      case 0: lines.push(`    let v${i} = _lwp_self() + ${i} * 2`); break;
      case 1: lines.push(`    if v${i - 1} > 0x10 && errno != EINVAL { v${i - 1} += 1 }`); break;
      case 2: lines.push(`    expect _lwp_wait(999, null) fails ESRCH`); break;
      case 3: lines.push(`    let s${i} = { tv_sec: 0, tv_nsec: ${i} }`); break;
      default: lines.push(`    print("line", ${i}, hex(v${i - 4}))`);
    }
  }
  lines.push('}');
  return lines.join('\n');
}

export const suite: BenchSuite = {
  name: 'scenario',
  benchmarks: [
    {
      name: 'scenario.while_lwp_self',
      run(ctx) {
        syscallsPerSecond(200_000); // warm up the interpreter and the kernel's dispatch
        let best = 0;
        for (let i = 0; i < 3; i++) best = Math.max(best, syscallsPerSecond(1_000_000));
        ctx.report('scenario.while_lwp_self', best, 'syscalls/s');
        const anchor = ctx.native('native.null_syscall');
        if (anchor !== undefined) ctx.ratio('scenario.while_lwp_self_vs_native', best, 'native.null_syscall');
      },
    },
    {
      name: 'scenario.parse_check_10k_lines_ms',
      run(ctx) {
        const src = tenThousandLines();
        for (let i = 0; i < 3; i++) checkSource(src);
        let best = Infinity;
        for (let i = 0; i < 7; i++) {
          const t = process.hrtime.bigint();
          const res = checkSource(src);
          const ms = Number(process.hrtime.bigint() - t) / 1e6;
          if (res.errorCount > 0) throw new Error('the 10,000-line scenario has errors');
          best = Math.min(best, ms);
        }
        ctx.report('scenario.parse_check_10k_lines_ms', best, 'ms');
      },
    },
  ],
};
