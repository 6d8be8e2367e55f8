// Step Into Target (dap-and-vscode.md §2 row 11): on a line with several calls, the user picks
// which one to enter; the calls before it run as if stepped over.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, scenario } from './client';

const PROGRAM = scenario('step-targets.ksim');
/** `let a = twice(_lwp_self()) + twice(2)` */
const TWO_TWICES = 12;
/** `let lid = spawn(worker, 0)`: a built-in made of _lwp_create. */
const SPAWN = 13;
/** `let ok = a == 0 && _lwp_self() == 1`: the right side never runs. */
const SHORT_CIRCUIT = 14;

describe('debug adapter: Step Into Target', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  async function stopAt(line: number): Promise<{ threadId: number; frameId: number }> {
    await dc.initializeRequest({ adapterID: 'ksim', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const init = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: PROGRAM } as DebugProtocol.LaunchRequestArguments);
    await init;
    await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line }] });
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.configurationDoneRequest();
    const threadId = (await stopped).body.threadId!;
    const frameId = (await dc.stackTraceRequest({ threadId })).body.stackFrames[0].id;
    return { threadId, frameId };
  }

  async function targets(frameId: number): Promise<DebugProtocol.StepInTarget[]> {
    const r = (await dc.send('stepInTargets', { frameId })) as DebugProtocol.StepInTargetsResponse;
    return r.body.targets;
  }

  async function stepInto(threadId: number, targetId: number): Promise<{ stop: DebugProtocol.StoppedEvent; top: DebugProtocol.StackFrame; frames: DebugProtocol.StackFrame[] }> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.stepInRequest({ threadId, targetId });
    const stop = await stopped;
    const frames = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames;
    return { stop, top: frames[0], frames };
  }

  it('advertises supportsStepInTargetsRequest', async () => {
    const caps = await dc.initializeRequest({ adapterID: 'ksim' });
    assert.equal(caps.body?.supportsStepInTargetsRequest, true);
  });

  it('lists the calls of the statement in the order they run, telling equal names apart by column', async () => {
    const { frameId } = await stopAt(TWO_TWICES);
    const t = await targets(frameId);
    assert.deepEqual(t.map((x) => [x.label, x.line, x.column]), [
      ['_lwp_self', TWO_TWICES, 19],
      ['twice() (column 13)', TWO_TWICES, 13],
      ['twice() (column 34)', TWO_TWICES, 34],
    ]);
  });

  it('enters the second call of a fn after running the first: its first statement, with its own argument', async () => {
    const { threadId, frameId } = await stopAt(TWO_TWICES);
    const second = (await targets(frameId))[2];
    const { stop, top, frames } = await stepInto(threadId, second.id);
    assert.equal(stop.body.reason, 'step');
    assert.equal(stop.body.description, 'Step into twice');
    assert.deepEqual([top.name, top.line], ['twice()', 4]);
    assert.equal(frames.length, 2, 'twice() above process init');
    const scopes = await dc.scopesRequest({ frameId: top.id });
    const locals = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    assert.equal(locals.body.variables.find((v) => v.name === 'x')?.value, '2');
  });

  it('enters a syscall in the kernel: the stop is at its entry, with the kernel frames on top', async () => {
    const { threadId, frameId } = await stopAt(TWO_TWICES);
    const { stop, frames } = await stepInto(threadId, (await targets(frameId))[0].id);
    assert.equal(stop.body.description, 'Step into _lwp_self');
    assert.ok(frames.some((f) => f.name.includes('syscall')), frames.map((f) => f.name).join(' ← '));
    assert.ok(frames.some((f) => f.name === 'process init' && f.line === TWO_TWICES));
  });

  it('a built-in made of a syscall is offered as that syscall and enters it', async () => {
    const { threadId, frameId } = await stopAt(SPAWN);
    const t = await targets(frameId);
    assert.deepEqual(t.map((x) => x.label), ['spawn → _lwp_create']);
    const { stop } = await stepInto(threadId, t[0].id);
    assert.equal(stop.body.description, 'Step into _lwp_create');
  });

  it('a target that never runs (a short-circuited &&) ends the step at the next statement and says so', async () => {
    const { threadId, frameId } = await stopAt(SHORT_CIRCUIT);
    const t = await targets(frameId);
    assert.deepEqual(t.map((x) => x.label), ['_lwp_self']);
    const { stop, top } = await stepInto(threadId, t[0].id);
    assert.equal(stop.body.description, 'Step: _lwp_self was not called');
    assert.equal(top.line, SHORT_CIRCUIT + 1);
  });

  it('an outer frame has no targets; an unknown target id is an error and the session goes on', async () => {
    const { threadId, frameId } = await stopAt(TWO_TWICES);
    const { frames } = await stepInto(threadId, (await targets(frameId))[1].id);
    assert.deepEqual(await targets(frames[1].id), []);
    await assert.rejects(dc.stepInRequest({ threadId, targetId: 9999 }), /Unknown step-in target 9999/);
    const stopped = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId });
    await stopped;
  });
});
