// What the debug console shows: a program's print once, as stdout; kernel messages
// (kexec_load's "trampoline at ...") as console output.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario } from './client';

describe('debug adapter: output', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  async function outputsOf(program: string): Promise<DebugProtocol.OutputEvent[]> {
    const entry = await launchAndStop(dc, program);
    const out: DebugProtocol.OutputEvent[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e));
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: entry.body.threadId! });
    await done;
    return out;
  }

  it("a program's print appears once, as stdout", async () => {
    const out = await outputsOf(scenario('detached.ksim'));
    const look = out.filter((e) => e.body.output === 'look\n');
    assert.deepStrictEqual(look.map((e) => e.body.category), ['stdout'], JSON.stringify(out.map((e) => e.body)));
  });

  it('a kernel message appears once, as console output', async () => {
    const out = await outputsOf(scenario('kexec.ksim'));
    const tramp = out.filter((e) => /^trampoline at 0x200000/.test(e.body.output));
    assert.deepStrictEqual(tramp.map((e) => e.body.category), ['console'], JSON.stringify(out.map((e) => e.body)));
  });
});
