// Debugger benchmarks (issue 6), all through the stand-alone adapter over stdio:
//   debugger.step_latency_p50_ms / _p99_ms with 2 and with 1,000 LWPs (next → stopped);
//   debugger.continue_to_bp_after_1M_syscalls_ms;
//   debugger.threads_10k_lwps_ms;
//   debugger.step_back_1M_history_p50_ms (target < 50).
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BenchSuite } from '../harness';

const ADAPTER = path.resolve(__dirname, '../../dist/debugAdapter.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'ksim-bench-'));

function scenarioFile(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** `sleepers` LWPs parked for ever, then an endless counting loop in init. */
function loopWithSleepers(sleepers: number): string {
  return `machine { abi: "bsd", cpus: 2, memory: 64M, seed: 1, maxlwp: 20000 }
fn sleeper(arg) {
    ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null)
}
process init {
    for s in 0 .. ${sleepers} {
        spawn(sleeper, s)
    }
    let i = 0
    while true {
        i = i + 1
    }
}
`;
}

const LOOP_LINE = 11;

function syscallLoop(n: number): string {
  return `machine { abi: "bsd", cpus: 1, memory: 64M, seed: 1 }
process init {
    let i = 0
    while i < ${n} {
        _lwp_self()
        i += 1
    }
    print("done", i)
}
`;
}

function tenThousand(): string {
  const proc = (name: string): string => `process ${name} {
    for s in 0 .. 5000 {
        spawn(sleeper, s)
    }
    let ready = 1
    while true {
        ready = ready + 1
    }
}
`;
  return `machine { abi: "bsd", cpus: 2, memory: 256M, seed: 1, maxlwp: 20000 }
fn sleeper(arg) {
    ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null)
}
${proc('first')}${proc('second')}`;
}

async function session(program: string, line: number, condition?: string): Promise<{ dc: DebugClient; threadId: number }> {
  const dc = new DebugClient('node', ADAPTER, 'ksim');
  dc.defaultTimeout = 600_000;
  await dc.start();
  const stopped = dc.waitForEvent('stopped', 600_000) as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.waitForEvent('initialized', 600_000).then(() => dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line, condition }] }))
      .then(() => dc.configurationDoneRequest()),
    dc.launch({ program } as DebugProtocol.LaunchRequestArguments),
  ]);
  const ev = await stopped;
  return { dc, threadId: ev.body.threadId ?? 1 };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function timed(dc: DebugClient, act: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const stopped = dc.waitForEvent('stopped', 600_000);
  await act();
  await stopped;
  return performance.now() - t0;
}

async function stepLatency(sleepers: number): Promise<{ p50: number; p99: number }> {
  const program = scenarioFile(`step-${sleepers}.ksim`, loopWithSleepers(sleepers - 1));
  const { dc, threadId } = await session(program, LOOP_LINE);
  await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
  const times: number[] = [];
  for (let i = 0; i < 220; i++) {
    const ms = await timed(dc, () => dc.nextRequest({ threadId }));
    if (i >= 20) times.push(ms);
  }
  await dc.stop();
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export const suite: BenchSuite = {
  name: 'debugger',
  benchmarks: [
    {
      name: 'debugger.step_latency',
      async run(ctx) {
        for (const lwps of [2, 1000]) {
          const r = await stepLatency(lwps);
          ctx.report(`debugger.step_latency_p50_ms.lwps_${lwps}`, r.p50, 'ms');
          ctx.report(`debugger.step_latency_p99_ms.lwps_${lwps}`, r.p99, 'ms');
        }
      },
    },
    {
      name: 'debugger.continue_to_bp_after_1M_syscalls_ms',
      async run(ctx) {
        const program = scenarioFile('syscalls.ksim', syscallLoop(1_000_000));
        const { dc, threadId } = await session(program, 3);
        await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 8 }] });
        const ms = await timed(dc, () => dc.continueRequest({ threadId }));
        await dc.stop();
        ctx.report('debugger.continue_to_bp_after_1M_syscalls_ms', ms, 'ms');
      },
    },
    {
      name: 'debugger.threads_10k_lwps_ms',
      async run(ctx) {
        const program = scenarioFile('threads10k.ksim', tenThousand());
        // Stop in the second process's loop once both processes have spawned their 5,000.
        const { dc } = await session(program, 20, 'ready == 20000');
        const times: number[] = [];
        let count = 0;
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          count = (await dc.threadsRequest()).body.threads.length;
          times.push(performance.now() - t0);
        }
        await dc.stop();
        if (count < 10_000) throw new Error(`only ${count} threads`);
        ctx.report('debugger.threads_10k_lwps_ms', percentile(times, 50), 'ms');
      },
    },
    {
      name: 'debugger.step_back_1M_history_p50_ms',
      async run(ctx) {
        // Each loop iteration is two statement events plus the loop test: 1M steps of history.
        const program = scenarioFile('history.ksim', loopWithSleepers(1));
        const { dc, threadId } = await session(program, LOOP_LINE, 'i == 1000000');
        const times: number[] = [];
        for (let i = 0; i < 30; i++) times.push(await timed(dc, () => dc.stepBackRequest({ threadId })));
        await dc.stop();
        ctx.report('debugger.step_back_1M_history_p50_ms', percentile(times, 50), 'ms');
      },
    },
  ],
};
