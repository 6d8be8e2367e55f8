// The LWP table behind the extension's LWPs view (`ksim/lwps`): every LWP with its state and
// its flags by name, `l_prflag`'s included, so that a detached LWP says so.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario } from './client';
import { Events, Requests, type LwpTableResponse, type StateChangedEventBody } from '../../debug-adapter/contract';

describe('debug adapter: the LWP table', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('names l_prflag bits with the l_flag ones: an LWP made with LWP_DETACHED shows LPR_DETACHED', async () => {
    const program = scenario('detached.ksim');
    const entry = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 13 }] });
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: entry.body.threadId! });
    await stopped;
    const table = (await dc.customRequest(Requests.lwps)).body as LwpTableResponse;
    const worker = table.lwps.find((l) => l.name === 'detached');
    assert.ok(worker, JSON.stringify(table.lwps));
    assert.strictEqual(worker.state, 'LSSLEEP');
    assert.ok(worker.flagNames.includes('LPR_DETACHED'), worker.flagNames.join(','));
    const main = table.lwps.find((l) => l.lid === 1)!;
    assert.ok(!main.flagNames.includes('LPR_DETACHED'), main.flagNames.join(','));
  });
});

describe('debug adapter: the final state of a run that ends', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it("stateChanged('terminated') comes before DAP's terminated, and the views can still read the machine then", async () => {
    const program = scenario('detached.ksim');
    const entry = await launchAndStop(dc, program);
    const order: string[] = [];
    let read: Promise<LwpTableResponse | undefined> = Promise.resolve(undefined);
    dc.on(Events.stateChanged, (e: DebugProtocol.Event) => {
      const body = e.body as StateChangedEventBody;
      order.push(`stateChanged:${body.reason}`);
      if (body.reason === 'terminated') {
        read = dc.customRequest(Requests.lwps).then((r) => r.body as LwpTableResponse, () => undefined);
      }
    });
    dc.on('terminated', () => order.push('terminated'));
    const done = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: entry.body.threadId! });
    await done;
    const i = order.indexOf('stateChanged:terminated');
    assert.ok(i >= 0 && i < order.indexOf('terminated'), order.join(' '));
    const table = await read;
    assert.ok(table && Array.isArray(table.lwps), 'ksim/lwps answered after the terminated state change');
  });
});
