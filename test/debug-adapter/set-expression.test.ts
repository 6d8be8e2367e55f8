// setExpression: "Set Value" on a WATCH expression. Assignable: a local of the selected frame,
// a struct field, an array element, a buffer byte, a settable LWP field; anything else is
// refused with the reason. The write is a recorded patch: replays (step back) keep it.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario, topFrame } from './client';

const PROGRAM = scenario('single.ksim');

async function stepped(dc: InProcessDebugClient, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await send();
  return stopped;
}

describe('debug adapter: setExpression (Set Value on a watch)', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  /** Stops init at `i = i + 1` with i == 5; returns its thread and top frame id. */
  async function stopInit(): Promise<{ tid: number; frameId: () => Promise<number> }> {
    const entry = await launchAndStop(dc, PROGRAM);
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 24, condition: 'i == 5' }] });
    const hit = await stepped(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
    const tid = hit.body.threadId!;
    assert.strictEqual((await topFrame(dc, tid)).line, 24);
    return { tid, frameId: async () => (await topFrame(dc, tid)).id };
  }

  async function watch(dc2: InProcessDebugClient, frameId: number, expression: string): Promise<string> {
    return (await dc2.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
  }

  it('announces supportsSetExpression', async () => {
    const r = await dc.initializeRequest({ adapterID: 'ksim' });
    assert.strictEqual(r.body?.supportsSetExpression, true);
  });

  it('sets a local, a struct field, an array element, a buffer byte and an LWP field', async () => {
    const { frameId } = await stopInit();
    let fid = await frameId();
    const set = async (expression: string, value: string): Promise<string> =>
      (await dc.customRequest('setExpression', { expression, value, frameId: fid }) as DebugProtocol.SetExpressionResponse).body.value;
    assert.strictEqual(await set('i', '40'), '40');
    assert.strictEqual(await set('tm.tv_nsec', 'i + 7'), '47');
    assert.strictEqual(await set('list[1]', '80'), '80');
    assert.strictEqual(await set('buf[3]', '255'), '255');
    assert.match(await set('l_name', '"renamed"'), /renamed/);
    fid = await frameId();
    assert.strictEqual(await watch(dc, fid, 'i'), '40');
    assert.strictEqual(await watch(dc, fid, 'tm.tv_nsec'), '47');
    assert.strictEqual(await watch(dc, fid, 'tm.tv_sec'), '1', 'the other field untouched');
    assert.strictEqual(await watch(dc, fid, 'list[1]'), '80');
    assert.strictEqual(await watch(dc, fid, 'buf[3]'), '255');
    assert.strictEqual(await watch(dc, fid, 'buf[2]'), '0');
    const th = await dc.threadsRequest();
    assert.ok(th.body.threads.some((t) => t.name === '1.1 renamed'), th.body.threads.map((t) => t.name).join(', '));
  });

  it('refuses what is not assignable, with the reason, and changes nothing', async () => {
    const { frameId } = await stopInit();
    const fid = await frameId();
    const refuse = async (expression: string, value: string, why: RegExp): Promise<void> => {
      await assert.rejects(dc.customRequest('setExpression', { expression, value, frameId: fid }), why);
    };
    await refuse('i + 1', '3', /'i \+ 1' cannot be set: it is not a variable, a field or an element\. Set Value takes a local/);
    await refuse('len(list)', '3', /cannot be set/);
    await refuse('nosuch', '3', /'nosuch' is not a local of this frame/);
    await refuse('tm.tv_usec', '3', /tm has no field 'tv_usec' \(fields: tv_sec, tv_nsec\)/);
    await refuse('list[9]', '3', /index 9 is out of range \(list has 3 elements\)/);
    await refuse('i.x', '3', /i is not a struct/);
    await refuse('tm', '3', /tm is a struct: set its fields or elements/);
    await refuse('buf[0]', '300', /a byte of buf takes an integer 0\.\.255/);
    await refuse('l_stat', '2', /cannot be set/);
    await refuse('i', 'i +', /./);
    assert.strictEqual(await watch(dc, fid, 'i'), '5');
    assert.strictEqual(await watch(dc, fid, 'buf[0]'), '0');
  });

  it('a set value is a recorded patch: stepping back and forward keeps it', async () => {
    const { tid, frameId } = await stopInit();
    await dc.customRequest('setExpression', { expression: 'tm.tv_nsec', value: '99', frameId: await frameId() });
    await dc.customRequest('setExpression', { expression: 'list[0]', value: '-1', frameId: await frameId() });
    await stepped(dc, () => dc.nextRequest({ threadId: tid }));
    await stepped(dc, () => dc.nextRequest({ threadId: tid }));
    await stepped(dc, () => dc.nextRequest({ threadId: tid }));
    const back = await stepped(dc, () => dc.stepBackRequest({ threadId: tid }));
    assert.strictEqual(back.body.reason, 'step');
    let fid = await frameId();
    assert.strictEqual(await watch(dc, fid, 'tm.tv_nsec'), '99', 'the replay applied the patch again');
    assert.strictEqual(await watch(dc, fid, 'list[0]'), '-1');
    await stepped(dc, () => dc.nextRequest({ threadId: tid }));
    fid = await frameId();
    assert.strictEqual(await watch(dc, fid, 'tm.tv_nsec'), '99');
    assert.strictEqual(await watch(dc, fid, 'i'), '7');
  });
});
