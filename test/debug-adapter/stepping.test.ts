// Stepping: next, step in (to a user function and from a syscall into the kernel), step out,
// instruction granularity, step back and reverse continue by replay, pause of an endless loop.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, localsOf, scenario, topFrame } from './client';

type Step = 'next' | 'stepIn' | 'stepOut' | 'stepBack' | 'reverseContinue' | 'continue';

async function step(dc: InProcessDebugClient, kind: Step, threadId: number, granularity?: DebugProtocol.SteppingGranularity): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  switch (kind) {
    case 'next': await dc.nextRequest({ threadId, granularity }); break;
    case 'stepIn': await dc.stepInRequest({ threadId, granularity }); break;
    case 'stepOut': await dc.stepOutRequest({ threadId }); break;
    case 'stepBack': await dc.stepBackRequest({ threadId }); break;
    case 'reverseContinue': await dc.reverseContinueRequest({ threadId }); break;
    case 'continue': await dc.continueRequest({ threadId }); break;
  }
  return stopped;
}

describe('debug adapter: stepping', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('next goes statement by statement; step in enters a function; step out leaves it', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'));
    const tid = ev.body.threadId!;
    assert.strictEqual((await topFrame(dc, tid)).line, 9);
    await step(dc, 'next', tid);
    await step(dc, 'next', tid);
    assert.strictEqual((await topFrame(dc, tid)).line, 11);
    await step(dc, 'stepIn', tid);
    const inFn = await topFrame(dc, tid);
    assert.strictEqual(inFn.line, 4);
    assert.strictEqual(inFn.name, 'twice()');
    assert.deepStrictEqual((await localsOf(dc, inFn.id)).x, '2');
    await step(dc, 'stepOut', tid);
    const back = await topFrame(dc, tid);
    assert.strictEqual(back.name, 'process init');
    assert.strictEqual(back.line, 12);
  });

  it('step back returns to the previous statement with the previous state', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'));
    const tid = ev.body.threadId!;
    await step(dc, 'next', tid);
    await step(dc, 'next', tid);
    await step(dc, 'next', tid);
    let f = await topFrame(dc, tid);
    assert.strictEqual(f.line, 12);
    assert.strictEqual((await localsOf(dc, f.id)).b, '4');
    const back = await step(dc, 'stepBack', tid);
    assert.strictEqual(back.body.reason, 'step');
    f = await topFrame(dc, tid);
    assert.strictEqual(f.line, 5, 'back into twice(): its last statement');
    await step(dc, 'stepBack', tid);
    await step(dc, 'stepBack', tid);
    f = await topFrame(dc, tid);
    assert.strictEqual(f.line, 11);
    const locals = await localsOf(dc, f.id);
    assert.strictEqual(locals.a, '2');
    assert.strictEqual(locals.b, undefined, 'b is not assigned yet');
    // and forward again, deterministically
    await step(dc, 'next', tid);
    f = await topFrame(dc, tid);
    assert.strictEqual(f.line, 12);
    assert.strictEqual((await localsOf(dc, f.id)).b, '4');
  });

  it('reverse continue goes back to the previous breakpoint hit', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 16, condition: 'i == 10' }] });
    await step(dc, 'continue', ev.body.threadId!);
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 18 }] });
    const at18 = await step(dc, 'continue', ev.body.threadId!);
    assert.strictEqual((await topFrame(dc, at18.body.threadId!)).line, 18);
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 16, condition: 'i == 10' }] });
    const back = await step(dc, 'reverseContinue', at18.body.threadId!);
    const f = await topFrame(dc, back.body.threadId!);
    assert.strictEqual(f.line, 16);
    const r = await dc.evaluateRequest({ expression: 'i', frameId: f.id, context: 'watch' });
    assert.strictEqual(r.body.result, '10');
  });

  it('step in from a syscall enters the kernel; instruction granularity steps kernel points', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '___lwp_park60' }] });
    const atPark = await step(dc, 'continue', ev.body.threadId!);
    const tid = atPark.body.threadId!;
    await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const s1 = await step(dc, 'stepIn', tid);
    assert.strictEqual(s1.body.reason, 'step');
    const k1 = await topFrame(dc, tid);
    assert.ok(k1.source?.sourceReference, `a kernel frame: ${k1.name}`);
    const s2 = await step(dc, 'next', tid, 'instruction');
    assert.strictEqual(s2.body.reason, 'step');
    const k2 = await topFrame(dc, tid);
    assert.notStrictEqual(`${k2.name}:${k2.line}`, `${k1.name}:${k1.line}`, 'moved to the next kernel point');
    // back one kernel point, and forward again to the same place
    const back = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: tid, granularity: 'instruction' });
    await back;
    const kb = await topFrame(dc, tid);
    assert.strictEqual(`${kb.name}:${kb.line}`, `${k1.name}:${k1.line}`, 'back at the previous kernel point');
    await step(dc, 'next', tid, 'instruction');
    const kf = await topFrame(dc, tid);
    assert.strictEqual(`${kf.name}:${kf.line}`, `${k2.name}:${k2.line}`);
    await step(dc, 'stepOut', tid);
    const user = await topFrame(dc, tid);
    assert.match(user.source?.path ?? '', /park\.ksim$/, 'step out returns to the scenario');
  });

  it('pause stops an endless loop', async () => {
    const ev = await launchAndStop(dc, scenario('loop.ksim'));
    const tid = ev.body.threadId!;
    await dc.continueRequest({ threadId: tid });
    await new Promise((r) => setTimeout(r, 30));
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.pauseRequest({ threadId: tid });
    const s = await stopped;
    assert.strictEqual(s.body.reason, 'pause');
    const f = await topFrame(dc, tid);
    const n = Number((await localsOf(dc, f.id)).n);
    assert.ok(n > 0, `the loop ran (n = ${n})`);
  });
});
