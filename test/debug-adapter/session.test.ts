// The session's other capabilities: initialize, launch errors, threads and stacks, scopes and
// paged variables, memory, the debug console, custom requests, terminate/restart, malformed
// requests, noDebug, and the scratch-machine syscall runner.
import * as assert from 'node:assert';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, localsOf, ROOT, scenario, topFrame } from './client';
import { Requests, Events, type LwpTableResponse, type KexecImagesResponse, type MemoryMapResponse, type RunSyscallResponse, type SyscallCatalogResponse, type StateChangedEventBody } from '../../debug-adapter/contract';
import { runSyscallOnScratchMachine, resetScratchMachines } from '../../debug-adapter/inline';

async function until(dc: InProcessDebugClient, act: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const st = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await act();
  return st;
}

async function scope(dc: InProcessDebugClient, frameId: number, prefix: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name.startsWith(prefix));
  assert.ok(s, `scope ${prefix}`);
  return (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
}

describe('debug adapter: session', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('initialize advertises every capability KSim builds', async () => {
    const r = await dc.initializeRequest();
    const c = r.body!;
    for (const k of ['supportsConfigurationDoneRequest', 'supportsFunctionBreakpoints', 'supportsConditionalBreakpoints',
      'supportsHitConditionalBreakpoints', 'supportsEvaluateForHovers', 'supportsStepBack', 'supportsSetVariable',
      'supportsRestartRequest', 'supportsExceptionInfoRequest', 'supportsDelayedStackTraceLoading', 'supportsLogPoints',
      'supportsTerminateThreadsRequest', 'supportsTerminateRequest', 'supportsDataBreakpoints', 'supportsReadMemoryRequest',
      'supportsWriteMemoryRequest', 'supportsCompletionsRequest', 'supportsExceptionFilterOptions', 'supportsDataBreakpointBytes',
      'supportsCancelRequest', 'supportsSteppingGranularity'] as const) {
      assert.strictEqual(c[k], true, k);
    }
    assert.deepStrictEqual(c.exceptionBreakpointFilters?.map((f) => f.filter), ['syscall-fails', 'expect-fails', 'kernel-panic', 'kexec-reboot']);
  });

  it('a scenario with errors fails the launch with its diagnostics shown to the user', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.launchRequest({ program: scenario('broken.ksim') } as DebugProtocol.LaunchRequestArguments), (e: Error) => {
      assert.match(e.message, /broken\.ksim:4:\d+: error/);
      assert.match(e.message, /nosuchcall/);
      return true;
    });
  });

  it('threads are LWPs named pid.lid name, with thread events on create and exit', async () => {
    const started: number[] = [];
    const exited: number[] = [];
    dc.on('thread', (e: DebugProtocol.ThreadEvent) => (e.body.reason === 'started' ? started : exited).push(e.body.threadId));
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 18 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const names = (await dc.threadsRequest()).body.threads.map((t) => t.name);
    assert.deepStrictEqual(names, ['1.1 init', '1.2 worker']);
    assert.strictEqual(started.length, 2);
    // the parked worker: kernel frames from its resume point, and the locals it saved
    const worker = (await dc.threadsRequest()).body.threads[1];
    const wst = await dc.stackTraceRequest({ threadId: worker.id });
    assert.ok(wst.body.stackFrames[0].source?.sourceReference, 'a kernel frame on top');
    const wscopes = await dc.scopesRequest({ frameId: wst.body.stackFrames[0].id });
    assert.ok(wscopes.body.scopes.some((x) => x.name.startsWith('Kernel: sleeping in')), wscopes.body.scopes.map((x) => x.name).join(', '));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 20 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    assert.deepStrictEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['1.1 init']);
    assert.strictEqual(exited.length, 1);
  });

  it('stack traces page with startFrame and levels', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sleepq_block' }] });
    const s = await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const all = await dc.stackTraceRequest({ threadId: s.body.threadId! });
    const total = all.body.totalFrames!;
    assert.ok(total >= 3, `total ${total}`);
    const page = await dc.stackTraceRequest({ threadId: s.body.threadId!, startFrame: 1, levels: 2 });
    assert.strictEqual(page.body.stackFrames.length, 2);
    assert.strictEqual(page.body.stackFrames[0].name, all.body.stackFrames[1].name);
    assert.strictEqual(page.body.totalFrames, total);
  });

  it('scopes show locals, the LWP with decoded flags, the process and the kernel; 40 LWPs page', async () => {
    await launchAndStop(dc, scenario('many.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('many.ksim') }, breakpoints: [{ line: 12 }] });
    const s = await until(dc, () => dc.continueRequest({ threadId: 1 }));
    const f = await topFrame(dc, s.body.threadId!);
    assert.strictEqual((await localsOf(dc, f.id)).done, '1');
    const lwp = await scope(dc, f.id, 'LWP');
    assert.ok(lwp.find((v) => v.name === 'l_stat')?.value.startsWith('LS'));
    assert.ok(lwp.find((v) => v.name === 'l_pflag')?.value.includes('LP_RUNNING'));
    const proc = await scope(dc, f.id, 'Process');
    assert.strictEqual(proc.find((v) => v.name === 'p_comm')?.value, '"init"');
    const kernel = await scope(dc, f.id, 'Kernel');
    const lwps = kernel.find((v) => v.name === 'lwps')!;
    assert.strictEqual(lwps.indexedVariables, 41);
    const page = await dc.variablesRequest({ variablesReference: lwps.variablesReference, filter: 'indexed', start: 10, count: 5 });
    assert.strictEqual(page.body.variables.length, 5);
    assert.strictEqual(page.body.variables[0].name, '1.11');
    assert.ok(kernel.find((v) => v.name === 'sysctls'));
  });

  it('staged segments carry a memoryReference; readMemory and writeMemory work on physical memory', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 10 }] });
    const s = await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const f = await topFrame(dc, s.body.threadId!);
    const kernel = await scope(dc, f.id, 'Kernel');
    const img = kernel.find((v) => v.name === 'kexec image')!;
    const fields = (await dc.variablesRequest({ variablesReference: img.variablesReference })).body.variables;
    const segs = fields.find((v) => v.name === 'segments')!;
    const seg0 = (await dc.variablesRequest({ variablesReference: segs.variablesReference })).body.variables[0];
    assert.strictEqual(seg0.memoryReference, '0x200000');
    const before = await dc.customRequest('readMemory', { memoryReference: '0x200000', offset: 0, count: 16 });
    assert.strictEqual(before.body.address, '0x200000');
    const w = await dc.customRequest('writeMemory', { memoryReference: '0x200000', offset: 4, data: Buffer.from('KSIM').toString('base64') });
    assert.strictEqual(w.body.bytesWritten, 4);
    const after = await dc.customRequest('readMemory', { memoryReference: '0x200000', offset: 4, count: 4 });
    assert.strictEqual(Buffer.from(after.body.data, 'base64').toString(), 'KSIM');
    const far = await dc.customRequest('readMemory', { memoryReference: '0x4000000000', count: 8 });
    assert.strictEqual(far.body.unreadableBytes, 8);
  });

  it('show sched_qs, show sleepq and show callout list the CPUs, run queue, sleepers and pending timeouts', async () => {
    const program = scenario('timeouts.ksim');
    await dc.initializeRequest({ adapterID: 'ksim' });
    const init = dc.waitForEvent('initialized');
    await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await init;
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 12 }] }); // napper parked with a 50 ms timeout
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.configurationDoneRequest();
    const f = await topFrame(dc, (await stopped).body.threadId!);
    const ddb = async (cmd: string): Promise<string> => (await dc.evaluateRequest({ expression: cmd, frameId: f.id, context: 'repl' })).body.result;
    assert.match(await ddb('show sched_qs'), /^CPUs:\n {2}cpu0 {2}1\.1 init {2}\d+ switch(es)?\n {2}cpu1 {2}\(idle\) {2}\d+ switch(es)?\nrun queue \(0\):\n {2}\(empty\)$/);
    assert.strictEqual(await ddb('show sleepq'), '  lwp_park@1.2 "parked": 1.2 napper');
    const callouts = (await ddb('show callout')).split('\n');
    assert.match(callouts[0], /^now \d+(\.\d+)? ms$/);
    const now = Number(/^now ([\d.]+) ms$/.exec(callouts[0])![1]);
    const left = /^ {2}in ([\d.]+) ms {2}sleepq_timeout for 1\.2 napper$/.exec(callouts[1]);
    assert.ok(left, callouts.join(' / '));
    assert.ok(now + Number(left[1]) >= 50, 'the 50 ms timeout counts from when napper parked');
    assert.match(await ddb('show frobs'), /Unknown 'show frobs': try .*show sched_qs, show sleepq, show callout/);
  });

  it('the debug console evaluates expressions and ddb commands, hovers have no side effects, completions', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'));
    await until(dc, () => dc.nextRequest({ threadId: ev.body.threadId! }));
    const f = await topFrame(dc, ev.body.threadId!);
    const r = await dc.evaluateRequest({ expression: 'a * 10 + RB_KEXEC', frameId: f.id, context: 'repl' });
    assert.ok(/^\d+$/.test(r.body.result), r.body.result);
    const hover = dc.evaluateRequest({ expression: 'twice(3)', frameId: f.id, context: 'hover' });
    await assert.rejects(hover, /never changes the machine|side effects/);
    for (const [cmd, pattern] of [['help', /show lwp/], ['ps', /init/], ['show lwp', /l_stat/], ['show proc', /p_comm/],
      ['show kexec', /normal image: none staged/], ['show phys', /System RAM/], ['x/4xg 0x0', /0x00000000:/], ['bt', /process init/], ['show boots', /FreeBSD/]] as const) {
      const out = await dc.evaluateRequest({ expression: cmd, frameId: f.id, context: 'repl' });
      assert.match(out.body.result, pattern, cmd);
    }
    const call = await dc.evaluateRequest({ expression: 'call _lwp_self()', frameId: f.id, context: 'repl' });
    assert.strictEqual(call.body.result, '_lwp_self = 1');
    const bad = await dc.evaluateRequest({ expression: 'call _lwp_wakeup(a + 40)', frameId: f.id, context: 'repl' });
    assert.match(bad.body.result, /_lwp_wakeup = -1 \(ESRCH/);
    const c = await dc.completionsRequest({ text: 'kexec_', column: 7, frameId: f.id });
    assert.ok(c.body.targets.some((t) => t.label === 'kexec_load'));
    const c2 = await dc.completionsRequest({ text: 'sh', column: 3 });
    assert.ok(c2.body.targets.some((t) => t.label === 'show lwp'));
  });

  it('setVariable changes a local and LWP fields', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'));
    await until(dc, () => dc.nextRequest({ threadId: ev.body.threadId! }));
    const f = await topFrame(dc, ev.body.threadId!);
    const scopes = await dc.scopesRequest({ frameId: f.id });
    const ref = scopes.body.scopes[0].variablesReference;
    const r = await dc.setVariableRequest({ variablesReference: ref, name: 'a', value: '41' });
    assert.strictEqual(r.body.value, '41');
    await until(dc, () => dc.nextRequest({ threadId: ev.body.threadId! }));
    const f2 = await topFrame(dc, ev.body.threadId!);
    assert.strictEqual((await localsOf(dc, f2.id)).a, '42');
    // LWP fields: the name shows in the thread list; the state cannot be poked
    const scopes2 = await dc.scopesRequest({ frameId: f2.id });
    const lwpRef = scopes2.body.scopes.find((x) => x.name.startsWith('LWP'))!.variablesReference;
    await dc.setVariableRequest({ variablesReference: lwpRef, name: 'l_name', value: '"renamed"' });
    assert.strictEqual((await dc.threadsRequest()).body.threads[0].name, '1.1 renamed');
    await assert.rejects(dc.setVariableRequest({ variablesReference: lwpRef, name: 'l_stat', value: '2' }), /cannot be set/);
  });

  it('custom requests feed the views; runSyscall runs on the live machine and sends stateChanged', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 10 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const table = (await dc.customRequest(Requests.lwps)).body as LwpTableResponse;
    assert.strictEqual(table.processes[0].comm, 'init');
    assert.strictEqual(table.lwps[0].state, 'LSONPROC');
    assert.strictEqual(table.total, 1);
    const images = (await dc.customRequest(Requests.kexecImages)).body as KexecImagesResponse;
    assert.strictEqual(images.normal?.entry, '0x200000');
    assert.strictEqual(images.normal?.segments[0].memsz, 65536);
    assert.strictEqual(images.normal?.banner, 'KSim next 2.0');
    assert.strictEqual(images.normal?.init, 'stage2');
    const map = (await dc.customRequest(Requests.memoryMap)).body as MemoryMapResponse;
    assert.ok(map.ranges.some((r) => r.kind === 'System RAM'));
    assert.strictEqual(map.staged[0].start, '0x200000');
    const cat = (await dc.customRequest(Requests.syscallCatalog)).body as SyscallCatalogResponse;
    assert.ok(cat.syscalls.some((s) => s.name === 'kexec_load' && s.synopsis.includes('kexec_load(')));
    const reboot = cat.syscalls.find((s) => s.name === 'reboot')!;
    assert.ok(reboot.args[0].flagNames?.includes('RB_KEXEC'), JSON.stringify(reboot.args[0]));
    const changed = dc.waitForEvent(Events.stateChanged) as Promise<DebugProtocol.Event>;
    const unload = (await dc.customRequest(Requests.runSyscall, { name: 'kexec_load', args: [{ kind: 'int', value: '0' }, { kind: 'int', value: '0' }, { kind: 'null' }, { kind: 'int', value: '0' }] })).body as RunSyscallResponse;
    assert.strictEqual(unload.ret, '0');
    assert.strictEqual(((await changed).body as StateChangedEventBody).summary.imageStaged.normal, false);
    const bad = (await dc.customRequest(Requests.runSyscall, { name: 'kexec_load', args: [{ kind: 'int', value: '0x200000' }, { kind: 'int', value: '17' }, { kind: 'null' }, { kind: 'int', value: '0' }] })).body as RunSyscallResponse;
    assert.strictEqual(bad.ret, '-1');
    assert.strictEqual(bad.errnoName, 'EINVAL');
    assert.strictEqual(bad.errnoMeaning, 'Invalid argument');
    // kexec_load sleeps to model the copy: the runner finishes it at once
    const load = (await dc.customRequest(Requests.runSyscall, {
      name: 'kexec_load',
      args: [{ kind: 'int', value: '0x200000' }, { kind: 'int', value: '1' },
        { kind: 'segments', segments: [{ buf: { image: 'next' }, bufsz: 65536, mem: '0x200000', memsz: 65536 }] }, { kind: 'int', value: '0' }],
    })).body as RunSyscallResponse;
    assert.strictEqual(load.ret, '0', JSON.stringify(load));
    const again = (await dc.customRequest(Requests.kexecImages)).body as KexecImagesResponse;
    assert.strictEqual(again.normal?.segments[0].bufsz, 65536);
    // and the run goes on from there: reboot into the image the runner staged
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    const done = dc.waitForEvent('terminated');
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [] });
    await dc.continueRequest({ threadId: ev.body.threadId! });
    await done;
    assert.ok(out.some((o) => o.includes('booted KSim next 2.0')), out.join(''));
  });

  it("runSyscall: a call that succeeds without a value returns 0, not the calling LWP's last result", async () => {
    // At line 32 init's last call was a ___lwp_park60 that failed with ETIMEDOUT (l_retval -1)
    // and both sleepers are parked.
    const program = path.join(ROOT, 'examples/park-unpark-race.ksim');
    const ev = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 32 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const wake = (await dc.customRequest(Requests.runSyscall, { name: '_lwp_wakeup', args: [{ kind: 'int', value: '2' }] })).body as RunSyscallResponse;
    assert.deepStrictEqual([wake.ret, wake.errno, wake.errnoName], ['0', 0, null], JSON.stringify(wake));
    const again = (await dc.customRequest(Requests.runSyscall, { name: '_lwp_wakeup', args: [{ kind: 'int', value: '2' }] })).body as RunSyscallResponse;
    assert.deepStrictEqual([again.ret, again.errnoName], ['-1', 'ENODEV'], 'no longer asleep');
  });

  it('terminateThreads ends an LWP; restart starts over; terminate ends the session', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 16 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const worker = (await dc.threadsRequest()).body.threads.find((t) => t.name.endsWith('worker'))!;
    await dc.customRequest('terminateThreads', { threadIds: [worker.id] });
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 19 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    assert.ok(!(await dc.threadsRequest()).body.threads.some((t) => t.id === worker.id), 'the worker is gone');
    const restarted = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.restartRequest({});
    const s = await restarted;
    assert.strictEqual(s.body.reason, 'entry');
    assert.strictEqual((await topFrame(dc, s.body.threadId!)).line, 10);
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest({});
    await terminated;
  });

  it('malformed requests get error responses and the adapter stays up', async () => {
    await launchAndStop(dc, scenario('steps.ksim'));
    await assert.rejects(dc.stackTraceRequest({} as DebugProtocol.StackTraceArguments), /Unknown thread/);
    await assert.rejects(dc.setBreakpointsRequest({} as DebugProtocol.SetBreakpointsArguments), /source\.path/);
    await assert.rejects(dc.customRequest('nonsense', { x: 1 }));
    await assert.rejects(dc.evaluateRequest({ expression: '' }));
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: 'banana', count: 4 }), /not a physical address/);
    await assert.rejects(dc.scopesRequest({ frameId: 9999 }), /Unknown frame/);
    await assert.rejects(dc.customRequest(Requests.runSyscall, { name: 42 }));
    await assert.rejects(dc.setFunctionBreakpointsRequest({ breakpoints: 'x' } as unknown as DebugProtocol.SetFunctionBreakpointsArguments));
    const t = await dc.threadsRequest();
    assert.strictEqual(t.body.threads.length, 1, 'still answering');
  });

  it('noDebug runs to the end with output only', async () => {
    const out: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
    const terminated = dc.waitForEvent('terminated');
    await Promise.all([dc.configurationSequence(), dc.launch({ program: scenario('kexec.ksim'), noDebug: true } as DebugProtocol.LaunchRequestArguments)]);
    await terminated;
    assert.ok(out.some((o) => o.includes('booted KSim next 2.0 generation 1')), out.join(''));
  });

  it('a run whose expectation fails exits with 1', async () => {
    const exited = dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await Promise.all([dc.configurationSequence(), dc.launch({ program: scenario('expect-fails.ksim'), noDebug: true } as DebugProtocol.LaunchRequestArguments)]);
    assert.strictEqual((await exited).body.exitCode, 1);
  });

  it('disconnect in the middle of a run ends it', async () => {
    const ev = await launchAndStop(dc, scenario('loop.ksim'));
    await dc.continueRequest({ threadId: ev.body.threadId! });
    await new Promise((r) => setTimeout(r, 20));
    await dc.disconnectRequest({});
    assert.strictEqual(dc.session?.ctx.engine, null, 'the machine and its history are freed');
  });

  it('the scratch machine runs a syscall when no session runs', () => {
    resetScratchMachines();
    const self = runSyscallOnScratchMachine({ name: '_lwp_self', args: [] });
    assert.strictEqual(self.ret, '1');
    const bad = runSyscallOnScratchMachine({ name: '_lwp_wakeup', args: [{ kind: 'int', value: '99' }] });
    assert.strictEqual(bad.errnoName, 'ESRCH');
    assert.strictEqual(bad.errnoMeaning, 'No such process');
    const staged = runSyscallOnScratchMachine({
      name: 'kexec_load',
      args: [{ kind: 'int', value: '0x200000' }, { kind: 'int', value: '1' },
        { kind: 'segments', segments: [{ buf: { size: 4096, fill: 0x90 }, bufsz: 4096, mem: '0x200000', memsz: 4096 }] }, { kind: 'int', value: '0' }],
    });
    assert.strictEqual(staged.ret, '0', JSON.stringify(staged));
  });
});
