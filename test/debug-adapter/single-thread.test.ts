// singleThread execution: only the named LWP runs (DAP `singleThread` on continue / next /
// stepIn / stepOut, and the custom `ksim/stepLwp`), every other LWP stays exactly where it is;
// a lone LWP that blocks stops with a clear reason; the stretch replays exactly (step back).
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Requests, type StepLwpResponse } from '../../debug-adapter/contract';
import { InProcessDebugClient, launchAndStop, localsOf, scenario, topFrame } from './client';

const PROGRAM = scenario('single.ksim');

/** Everything the client can see of one LWP: its frames, its top frame's locals, its LWP scope. */
async function inspect(dc: InProcessDebugClient, threadId: number): Promise<string> {
  const st = await dc.stackTraceRequest({ threadId });
  const frames = st.body.stackFrames.map((f) => `${f.name}:${f.line}`);
  const top = st.body.stackFrames[0];
  const scopes = await dc.scopesRequest({ frameId: top.id });
  const out: Record<string, unknown> = { frames };
  for (const s of scopes.body.scopes) {
    if (s.name === 'Locals' || s.name.startsWith('LWP ')) {
      const vars = await dc.variablesRequest({ variablesReference: s.variablesReference });
      out[s.name] = vars.body.variables.map((v) => `${v.name}=${v.value}`);
    }
  }
  return JSON.stringify(out);
}

async function threadIds(dc: InProcessDebugClient): Promise<{ init: number; worker: number }> {
  const th = await dc.threadsRequest();
  const init = th.body.threads.find((t) => t.name.startsWith('1.1 '));
  const worker = th.body.threads.find((t) => t.name.startsWith('1.2 '));
  assert.ok(init && worker, `both LWPs listed: ${th.body.threads.map((t) => t.name).join(', ')}`);
  return { init: init.id, worker: worker.id };
}

type Kind = 'next' | 'stepIn' | 'stepOut' | 'continue' | 'stepBack';

async function run(dc: InProcessDebugClient, kind: Kind, threadId: number, singleThread: boolean): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  switch (kind) {
    case 'next': await dc.nextRequest({ threadId, singleThread }); break;
    case 'stepIn': await dc.stepInRequest({ threadId, singleThread }); break;
    case 'stepOut': await dc.stepOutRequest({ threadId, singleThread }); break;
    case 'continue': {
      const r = await dc.continueRequest({ threadId, singleThread });
      assert.strictEqual(r.body.allThreadsContinued, !singleThread);
      break;
    }
    case 'stepBack': await dc.stepBackRequest({ threadId, singleThread }); break;
  }
  return stopped;
}

/** Launch, and stop the worker inside its loop (w == 3) while init is inside its own. */
async function stopWorkerInLoop(dc: InProcessDebugClient): Promise<{ init: number; worker: number }> {
  const entry = await launchAndStop(dc, PROGRAM);
  await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 6, condition: 'w == 3' }] });
  const hit = await run(dc, 'continue', entry.body.threadId!, false);
  await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
  const ids = await threadIds(dc);
  assert.strictEqual(hit.body.threadId, ids.worker);
  const f = await topFrame(dc, ids.init);
  assert.strictEqual(f.name, 'process init');
  return ids;
}

async function workerW(dc: InProcessDebugClient, worker: number): Promise<string> {
  return (await localsOf(dc, (await topFrame(dc, worker)).id)).w;
}

describe('debug adapter: singleThread execution', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('announces supportsSingleThreadExecutionRequests', async () => {
    const r = await dc.initializeRequest({ adapterID: 'ksim' });
    assert.strictEqual(r.body?.supportsSingleThreadExecutionRequests, true);
  });

  it('a singleThread next moves the worker only: init keeps its stack, locals and LWP fields', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    const wBefore = Number(await workerW(dc, worker));
    for (let n = 0; n < 6; n++) {
      const s = await run(dc, 'next', worker, true);
      assert.strictEqual(s.body.reason, 'step');
      assert.strictEqual(s.body.threadId, worker);
    }
    assert.strictEqual(Number(await workerW(dc, worker)), wBefore + 3, 'the worker ran three rounds of its loop');
    assert.strictEqual(await inspect(dc, init), initBefore, 'init did not move');
    // singleThread next on init now: the worker stays frozen in turn
    const workerBefore = await inspect(dc, worker);
    await run(dc, 'next', init, true);
    await run(dc, 'next', init, true);
    assert.strictEqual(await inspect(dc, worker), workerBefore, 'the worker did not move');
    assert.notStrictEqual(await inspect(dc, init), initBefore, 'init did');
  });

  it('control: an ordinary next of the worker lets init run too', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    for (let n = 0; n < 6; n++) await run(dc, 'next', worker, false);
    assert.notStrictEqual(await inspect(dc, init), initBefore);
  });

  it('a singleThread continue reaches a breakpoint only the worker can reach, init frozen', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 8 }] });
    const s = await run(dc, 'continue', worker, true);
    assert.strictEqual(s.body.reason, 'breakpoint');
    assert.strictEqual(s.body.threadId, worker);
    assert.strictEqual((await topFrame(dc, worker)).line, 8);
    assert.strictEqual(await workerW(dc, worker), '200');
    assert.strictEqual(await inspect(dc, init), initBefore);
  });

  it('a lone LWP that blocks stops with "blocked" (its own timed sleep lets time pass); continue then runs everyone', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    const t0 = BigInt(((await dc.customRequest(Requests.summary)).body as { now: string }).now);
    // line 10 parks with a 5 ms timeout (time passes for it: ETIMEDOUT, the expect holds);
    // line 11 parks for ever: nobody may unpark it.
    const s = await run(dc, 'continue', worker, true);
    assert.strictEqual(s.body.reason, 'blocked');
    assert.strictEqual(s.body.threadId, worker);
    assert.match(s.body.description ?? '', /^LWP 1\.2 blocked in ___lwp_park60 \(parked\); other LWPs are frozen$/);
    const t1 = BigInt(((await dc.customRequest(Requests.summary)).body as { now: string }).now);
    assert.ok(t1 - t0 >= 5_000_000n, `virtual time passed for the timed park (${t0} → ${t1})`);
    assert.strictEqual(await inspect(dc, init), initBefore, 'init frozen through the whole run');
    // A singleThread step of the blocked LWP answers blocked again at once.
    const again = await run(dc, 'next', worker, true);
    assert.strictEqual(again.body.reason, 'blocked');
    // An ordinary continue: init unparks the worker and the run ends.
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    const ended = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: init });
    await ended;
    assert.ok(out.some((o) => o.includes('done 100000')), out.join(''));
  });

  it('singleThread stepIn enters the kernel (a torn stop) and stepOut returns, init frozen throughout', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: 10 }] });
    await run(dc, 'continue', worker, true);
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });
    assert.strictEqual((await topFrame(dc, worker)).line, 10);
    const into = await run(dc, 'stepIn', worker, true);
    assert.strictEqual(into.body.threadId, worker);
    const k = await topFrame(dc, worker);
    assert.ok(k.source?.sourceReference, `a kernel frame: ${k.name}`);
    assert.strictEqual(await inspect(dc, init), initBefore);
    const out = await run(dc, 'stepOut', worker, true);
    assert.strictEqual(out.body.threadId, worker);
    const f = await topFrame(dc, worker);
    assert.strictEqual(f.line, 11, 'back in the scenario after the timed park');
    assert.strictEqual(await inspect(dc, init), initBefore);
    // back over the kernel stretch and forward again: the same places
    await run(dc, 'stepBack', worker, false);
    assert.strictEqual((await topFrame(dc, worker)).line, 10);
    assert.strictEqual(await inspect(dc, init), initBefore);
  });

  it('back into the middle of a single-thread stretch, an ordinary run goes on from there with everyone', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    for (let n = 0; n < 4; n++) await run(dc, 'next', worker, true);
    await run(dc, 'stepBack', worker, false);
    await run(dc, 'stepBack', worker, false);
    assert.strictEqual(await inspect(dc, init), initBefore, 'inside the stretch init has not moved');
    for (let n = 0; n < 6; n++) await run(dc, 'next', worker, false);
    assert.notStrictEqual(await inspect(dc, init), initBefore, 'the stretch was cut: init runs again');
    // and the history stays consistent: back one step, forward one step, same state
    const here = { init: await inspect(dc, init), worker: await inspect(dc, worker) };
    await run(dc, 'stepBack', worker, false);
    await run(dc, 'next', worker, false);
    assert.deepStrictEqual({ init: await inspect(dc, init), worker: await inspect(dc, worker) }, here);
  });

  it('ksim/stepLwp steps one LWP by pid and lid, and refuses a bad one', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const initBefore = await inspect(dc, init);
    const wBefore = Number(await workerW(dc, worker));
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const r = await dc.customRequest(Requests.stepLwp, { pid: 1, lid: 2, kind: 'next' });
    const body = r.body as StepLwpResponse;
    assert.strictEqual(body.threadId, worker);
    assert.strictEqual(body.allThreadsContinued, false);
    const s = await stopped;
    assert.strictEqual(s.body.threadId, worker);
    assert.strictEqual(s.body.reason, 'step');
    const s2 = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.customRequest(Requests.stepLwp, { pid: 1, lid: 2, kind: 'next' });
    await s2;
    assert.strictEqual(Number(await workerW(dc, worker)), wBefore + 1);
    assert.strictEqual(await inspect(dc, init), initBefore);
    await assert.rejects(dc.customRequest(Requests.stepLwp, { pid: 1, lid: 9, kind: 'next' }), /No live LWP 1\.9/);
    await assert.rejects(dc.customRequest(Requests.stepLwp, { pid: 1, lid: 2, kind: 'jump' }), /'kind' must be one of/);
  });

  it('step back across singleThread steps returns the exact earlier states; forward again is identical', async () => {
    const { init, worker } = await stopWorkerInLoop(dc);
    const s0 = { init: await inspect(dc, init), worker: await inspect(dc, worker) };
    await run(dc, 'next', worker, true);
    await run(dc, 'next', worker, true);
    const s1 = { init: await inspect(dc, init), worker: await inspect(dc, worker) };
    assert.strictEqual(s1.init, s0.init);
    // An ordinary step (everyone runs), then back: the replay goes through the single-thread
    // stretch again and lands on exactly the state after it.
    await run(dc, 'next', worker, false);
    const back1 = await run(dc, 'stepBack', worker, false);
    assert.strictEqual(back1.body.reason, 'step');
    assert.deepStrictEqual({ init: await inspect(dc, init), worker: await inspect(dc, worker) }, s1);
    // Back across the stretch to where it began.
    await run(dc, 'stepBack', worker, false);
    await run(dc, 'stepBack', worker, false);
    assert.deepStrictEqual({ init: await inspect(dc, init), worker: await inspect(dc, worker) }, s0);
    // Forward again the same way: identical.
    await run(dc, 'next', worker, true);
    await run(dc, 'next', worker, true);
    assert.deepStrictEqual({ init: await inspect(dc, init), worker: await inspect(dc, worker) }, s1);
  });
});

describe('debug adapter: singleThread across a kexec reboot', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('a singleThread next over reboot(RB_KEXEC) stops at the new kernel\'s first statement', async () => {
    const program = scenario('kexec.ksim');
    const entry = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 11 }] });
    const at = await run(dc, 'continue', entry.body.threadId!, false);
    assert.strictEqual((await topFrame(dc, at.body.threadId!)).line, 11);
    const s = await run(dc, 'next', at.body.threadId!, true);
    assert.strictEqual(s.body.reason, 'entry');
    assert.match(s.body.description ?? '', /kexec: entered new kernel "KSim next 2\.0" \(generation 1\)/);
    assert.strictEqual((await topFrame(dc, s.body.threadId!)).line, 16);
    // and back across the reboot: the old generation at the reboot statement
    await run(dc, 'stepBack', s.body.threadId!, false);
    const th = (await dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(th.map((t) => t.name), ['1.1 init']);
    assert.strictEqual((await topFrame(dc, th[0].id)).line, 11);
  });
});
