// Every example scenario under the debugger: run without debugging it ends with the exit code
// `ksim run` gives; debugged, a hundred steps then a continue reach the same end.
import * as assert from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compileHost } from '../../debug-adapter/host/factory';
import { Engine } from '../../debug-adapter/engine/engine';
import { Breakpoints } from '../../debug-adapter/engine/breakpoints';
import { StepPlan } from '../../debug-adapter/engine/plans';
import { InProcessDebugClient, ROOT } from './client';

const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ksim')).sort();

function exitCodeHeadless(program: string): number {
  const created = compileHost({ program });
  if (!('host' in created)) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  const engine = new Engine(created.host, { onNewEvent: () => undefined });
  const bps = new Breakpoints();
  bps.exceptions = { syscallFails: false, expectFails: false, panic: false, kexecReboot: false };
  const stop = engine.runToEnd(new StepPlan(created.host, bps, { kind: 'continue', lwp: null, depth: 0, inKernel: false, granularity: 'statement' }, () => undefined));
  assert.ok(stop?.ended, `${program} did not end`);
  return stop.ended.exitCode;
}

describe('debug adapter: every example', () => {
  for (const f of files) {
    it(`${f}: ends with exit 0 run without debugging, and under stepping`, async function () {
      this.timeout(60000);
      const program = path.join(EXAMPLES, f);
      assert.strictEqual(exitCodeHeadless(program), 0);
      const dc = new InProcessDebugClient();
      dc.setMaxListeners(1000);
      await dc.start();
      try {
        let terminated = false;
        dc.on('terminated', () => { terminated = true; });
        const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
        await Promise.all([dc.configurationSequence(), dc.launch({ program, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments)]);
        let threadId = (await stopped).body.threadId!;
        for (let i = 0; i < 100 && !terminated; i++) {
          const next = new Promise<DebugProtocol.StoppedEvent | null>((resolve) => {
            dc.once('stopped', (e: DebugProtocol.StoppedEvent) => resolve(e));
            dc.once('terminated', () => resolve(null));
          });
          await dc.nextRequest({ threadId });
          const e = await next;
          if (!e) break;
          threadId = e.body.threadId ?? threadId;
          await dc.stackTraceRequest({ threadId });
        }
        if (!terminated) {
          const end = dc.waitForEvent('terminated', 30000);
          await dc.setExceptionBreakpointsRequest({ filters: [] });
          await dc.continueRequest({ threadId });
          await end;
        }
      } finally {
        await dc.stop();
      }
    });
  }
});
