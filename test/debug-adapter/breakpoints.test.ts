// Breakpoints: lines (verified, moved), functions (syscalls, kernel functions, unknown names),
// conditions, hit counts, logpoints, exception filters with exceptionInfo, data breakpoints.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario, topFrame } from './client';

async function scopeVars(dc: InProcessDebugClient, frameId: number, prefix: string): Promise<Record<string, string>> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name.startsWith(prefix));
  assert.ok(s, `no scope ${prefix} in ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  const vars = await dc.variablesRequest({ variablesReference: s.variablesReference });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}

async function continueToStop(dc: InProcessDebugClient, threadId: number): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await dc.continueRequest({ threadId });
  return stopped;
}

describe('debug adapter: breakpoints', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('a line breakpoint is verified, moved to the nearest statement, and hit', async () => {
    await dc.hitBreakpoint({ program: scenario('steps.ksim') } as DebugProtocol.LaunchRequestArguments,
      { path: scenario('steps.ksim'), line: 12 });
    const r = await dc.setBreakpointsRequest({ source: { path: scenario('steps.ksim') }, breakpoints: [{ line: 7 }] });
    assert.strictEqual(r.body.breakpoints[0].verified, true);
    assert.strictEqual(r.body.breakpoints[0].line, 9, 'line 7 (blank) moves to the next statement');
  });

  it('a function breakpoint on kexec_load stops there with its arguments visible', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'kexec_load' }] });
    assert.strictEqual(fb.body.breakpoints[0].verified, true);
    const stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    const f = await topFrame(dc, stop.body.threadId!);
    const args = await scopeVars(dc, f.id, 'Syscall kexec_load');
    assert.strictEqual(args.entry, '0x200000');
    assert.strictEqual(args.count, '17');
    assert.ok('segments' in args && 'flags' in args, JSON.stringify(args));
  });

  it('breakpointLocations lists the statements of a line range', async () => {
    await launchAndStop(dc, scenario('steps.ksim'));
    const r = await dc.customRequest('breakpointLocations', { source: { path: scenario('steps.ksim') }, line: 1, endLine: 6 });
    assert.deepStrictEqual((r.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.map((b) => b.line), [4, 5]);
    await assert.rejects(dc.exceptionInfoRequest({ threadId: 1 }), /Not stopped on an exception/);
  });

  it('an unknown function name is answered unverified with a message', async () => {
    await launchAndStop(dc, scenario('kexec.ksim'));
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'no_such_fn' }, { name: 'sleepq_block' }] });
    assert.strictEqual(fb.body.breakpoints[0].verified, false);
    assert.match(fb.body.breakpoints[0].message ?? '', /no_such_fn/);
    assert.strictEqual(fb.body.breakpoints[1].verified, true);
  });

  it("libc's name of a versioned syscall (_lwp_park) breaks on the syscall (___lwp_park60)", async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '_lwp_park' }] });
    assert.strictEqual(fb.body.breakpoints[0].verified, true, fb.body.breakpoints[0].message);
    assert.match(fb.body.breakpoints[0].message ?? '', /___lwp_park60/);
    const stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    assert.deepStrictEqual(stop.body.hitBreakpointIds, [fb.body.breakpoints[0].id]);
    const f = await topFrame(dc, stop.body.threadId!);
    await scopeVars(dc, f.id, 'Syscall ___lwp_park60');
    // At syscall entry the kernel stack is the dispatcher alone, then the scenario's frames:
    // no simulator plumbing (event builders, the machine's run loop).
    const names = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames.map((x) => x.name);
    assert.strictEqual(names[0], 'syscall', names.join(' < '));
    for (const internal of ['syscall_enter_event', 'lwp_slice', 'run']) assert.ok(!names.includes(internal), names.join(' < '));
  });

  it('a kernel function breakpoint stops with kernel frames served by sourceReference', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sleepq_block' }] });
    const stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    const st = await dc.stackTraceRequest({ threadId: stop.body.threadId! });
    const top = st.body.stackFrames[0];
    assert.strictEqual(top.name, 'sleepq_block');
    const kernel = st.body.stackFrames.filter((x) => x.source?.sourceReference).map((x) => x.name);
    assert.deepStrictEqual(kernel.slice(-1), ['syscall'], `the dispatcher is the outermost kernel frame: ${kernel.join(' < ')}`);
    assert.ok(kernel.includes('lwp_park') && kernel.includes('sys____lwp_park60'), kernel.join(' < '));
    assert.ok(top.source?.sourceReference, 'kernel frame has a sourceReference');
    const user = st.body.stackFrames.find((f) => f.source?.path?.endsWith('park.ksim'));
    assert.ok(user, 'scenario frames follow the kernel frames');
    const src = await dc.sourceRequest({ sourceReference: top.source.sourceReference, source: top.source });
    const line = src.body.content.split('\n')[top.line - 1];
    assert.match(line, /sleepq_block/);
  });

  it('conditions, hit counts and logpoints', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    await dc.setBreakpointsRequest({
      source: { path: scenario('park.ksim') },
      breakpoints: [{ line: 15, logMessage: 'loop i={i}' }, { line: 16, condition: 'i == 30' }],
    });
    let stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'breakpoint');
    const r = await dc.evaluateRequest({ expression: 'i', context: 'watch', frameId: (await topFrame(dc, stop.body.threadId!)).id });
    assert.strictEqual(r.body.result, '30');
    assert.ok(out.some((o) => o.includes('loop i=29')), out.join(''));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 16, hitCondition: '>= 5' }] });
    stop = await continueToStop(dc, stop.body.threadId!);
    const r2 = await dc.evaluateRequest({ expression: 'i', context: 'watch', frameId: (await topFrame(dc, stop.body.threadId!)).id });
    assert.strictEqual(r2.body.result, '35', 'the 5th hit after setting: i = 31..35');
  });

  it('"syscall fails" with an errno condition stops with exceptionInfo', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'syscall-fails', condition: 'EINVAL || EBUSY' }] });
    const stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'EINVAL');
    assert.match(info.body.details?.message ?? '', /kexec_load/);
  });

  it('"expectation fails" stops at the failing expect', async () => {
    await launchAndStop(dc, scenario('expect-fails.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: ['expect-fails'] });
    const stop = await continueToStop(dc, 1);
    assert.strictEqual(stop.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: stop.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'expect');
    const f = await topFrame(dc, stop.body.threadId!);
    assert.strictEqual(f.line, 5);
  });

  it('a data breakpoint on l_stat fires when the LWP parks', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 14 }] });
    let stop = await continueToStop(dc, ev.body.threadId!);
    const threads = await dc.threadsRequest();
    const worker = threads.body.threads.find((t) => t.name.endsWith('worker'));
    assert.ok(worker, threads.body.threads.map((t) => t.name).join(','));
    const f = await topFrame(dc, worker.id);
    const scopes = await dc.scopesRequest({ frameId: f.id });
    const lwpScope = scopes.body.scopes.find((s) => s.name.startsWith('LWP'))!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: lwpScope.variablesReference, name: 'l_stat' });
    assert.ok(info.body.dataId, info.body.description);
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [] });
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId }] });
    assert.strictEqual(set.body.breakpoints[0].verified, true);
    stop = await continueToStop(dc, stop.body.threadId!);
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.match(stop.body.description ?? '', /LSSLEEP/);
  });

  it('a data breakpoint on a local stops at the statement after each change, and once more when its frame is gone', async () => {
    const program = scenario('steps.ksim');
    const ev = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 10 }] });
    let stop = await continueToStop(dc, ev.body.threadId!);
    const f = await topFrame(dc, stop.body.threadId!);
    const locals = (await dc.scopesRequest({ frameId: f.id })).body.scopes.find((x) => x.name === 'Locals')!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: locals.variablesReference, name: 'a' });
    assert.strictEqual(info.body.description, 'a in init (LWP 1.1)');
    assert.deepStrictEqual(info.body.accessTypes, ['write']);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    // The Variables view marks the watched local, and only it.
    const marked = (await dc.variablesRequest({ variablesReference: locals.variablesReference })).body.variables
      .filter((v) => v.presentationHint?.attributes?.includes('hasDataBreakpoint')).map((v) => v.name);
    assert.deepStrictEqual(marked, ['a']);
    stop = await continueToStop(dc, stop.body.threadId!);
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.strictEqual(stop.body.description, 'a in init (LWP 1.1) changed: 1 → 2');
    assert.strictEqual((await topFrame(dc, stop.body.threadId!)).line, 11);
    stop = await continueToStop(dc, stop.body.threadId!);
    assert.strictEqual(stop.body.description, 'a in init (LWP 1.1) changed: 2 → 14');
    assert.strictEqual((await topFrame(dc, stop.body.threadId!)).line, 13);
    stop = await continueToStop(dc, stop.body.threadId!);
    assert.match(stop.body.description ?? '', /^a in init \(LWP 1\.1\) changed: 14 → \(gone\)$/);
  });

  it('reverse continue with a data breakpoint on a local goes back to each earlier change', async () => {
    const program = scenario('steps.ksim');
    const ev = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 14 }] });
    let stop = await continueToStop(dc, ev.body.threadId!);
    const tid = stop.body.threadId!;
    const f = await topFrame(dc, tid);
    const locals = (await dc.scopesRequest({ frameId: f.id })).body.scopes.find((x) => x.name === 'Locals')!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: locals.variablesReference, name: 'a' });
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId! }] });
    const back = async (): Promise<DebugProtocol.StoppedEvent> => {
      const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dc.reverseContinueRequest({ threadId: tid });
      return stopped;
    };
    stop = await back();
    assert.strictEqual(stop.body.reason, 'data breakpoint');
    assert.strictEqual(stop.body.description, 'a in init (LWP 1.1) changed (reverse): 2 → 14');
    assert.strictEqual((await topFrame(dc, tid)).line, 13, 'the statement after a = b + 10');
    stop = await back();
    assert.strictEqual(stop.body.description, 'a in init (LWP 1.1) changed (reverse): 1 → 2');
    assert.strictEqual((await topFrame(dc, tid)).line, 11);
    // Forward again: the same change is met again, in the same place.
    stop = await continueToStop(dc, tid);
    assert.strictEqual(stop.body.description, 'a in init (LWP 1.1) changed: 2 → 14');
    assert.strictEqual((await topFrame(dc, tid)).line, 13);
  });

  it('a data breakpoint cannot watch errno or a name that is not a variable, and says what it can watch', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'));
    const f = await topFrame(dc, ev.body.threadId!);
    const locals = (await dc.scopesRequest({ frameId: f.id })).body.scopes.find((x) => x.name === 'Locals')!;
    const info = await dc.dataBreakpointInfoRequest({ variablesReference: locals.variablesReference, name: 'errno' });
    assert.strictEqual(info.body.dataId, null);
    assert.match(info.body.description, /watch a local, an LWP field/);
  });

  it('a data breakpoint on a physical range fires when kexec reboot copies a segment there', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    const info = await dc.dataBreakpointInfoRequest({ name: '0x200000', asAddress: true, bytes: 8 });
    assert.ok(info.body.dataId);
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId }] });
    const stop = await continueToStop(dc, ev.body.threadId!);
    assert.strictEqual(stop.body.reason, 'data breakpoint');
  });
});
