// Events and the remaining filters: progress for long runs, memory and invalidated events when
// state changes under the user, the DAP trace, the "kernel panic" and "kexec reboot" filters,
// a deadlock shown before the session ends, and cancel.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario, topFrame } from './client';
import { Requests } from '../../debug-adapter/contract';

const CLIENT: DebugProtocol.InitializeRequestArguments = {
  adapterID: 'ksim', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true,
  supportsProgressReporting: true, supportsInvalidatedEvent: true, supportsMemoryEvent: true,
};

async function launchWithClient(dc: InProcessDebugClient, program: string, extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
  await dc.initializeRequest(CLIENT);
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const init = dc.waitForEvent('initialized');
  await dc.launchRequest({ program, stopOnEntry: true, ...extra } as DebugProtocol.LaunchRequestArguments);
  await init;
  await dc.configurationDoneRequest();
  return stopped;
}

describe('debug adapter: events', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('a long run reports cancellable progress, and cancelling it pauses', async () => {
    const ev = await launchWithClient(dc, scenario('loop.ksim'));
    const progress = dc.waitForEvent('progressStart', 5000);
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const p = await progress;
    const body = p.body as DebugProtocol.ProgressStartEvent['body'];
    assert.strictEqual(body.title, 'Running the simulation');
    assert.strictEqual(body.cancellable, true);
    const end = dc.waitForEvent('progressEnd');
    const stopped = dc.waitForEvent('stopped');
    await dc.customRequest('cancel', { progressId: body.progressId });
    await Promise.all([end, stopped]);
  });

  it('cancel stops a running continue like pause', async () => {
    const ev = await launchWithClient(dc, scenario('loop.ksim'));
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.customRequest('cancel', {});
    assert.strictEqual((await stopped).body.reason, 'pause');
  });

  it('writeMemory sends a memory event; a syscall run from the runner invalidates the views', async () => {
    await launchWithClient(dc, scenario('steps.ksim'));
    const mem = dc.waitForEvent('memory') as Promise<DebugProtocol.MemoryEvent>;
    await dc.customRequest('writeMemory', { memoryReference: '0x1000', offset: 0, data: Buffer.from([1, 2, 3]).toString('base64') });
    const m = await mem;
    assert.deepStrictEqual([m.body.memoryReference, m.body.count], ['0x1000', 3]);
    const inv = dc.waitForEvent('invalidated') as Promise<DebugProtocol.InvalidatedEvent>;
    await dc.customRequest(Requests.runSyscall, { name: '_lwp_self', args: [] });
    assert.deepStrictEqual((await inv).body.areas, ['all']);
  });

  it('trace logs the DAP traffic to the console', async () => {
    const lines: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => lines.push(e.body.output));
    await launchWithClient(dc, scenario('steps.ksim'), { trace: true });
    await dc.threadsRequest();
    assert.ok(lines.some((l) => l.startsWith('→ {') && l.includes('"command":"threads"')), lines.join(''));
  });

  it('"kernel panic" stops at the panic with exceptionInfo', async () => {
    const ev = await launchWithClient(dc, scenario('panic.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: ['kernel-panic'] });
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const s = await stopped;
    assert.strictEqual(s.body.description, 'Kernel panic');
    const info = await dc.exceptionInfoRequest({ threadId: s.body.threadId! });
    assert.strictEqual(info.body.exceptionId, 'panic');
    assert.match(info.body.details?.message ?? '', /the sky fell/);
  });

  it('"kexec reboot" stops before the new kernel and again in it', async () => {
    const ev = await launchWithClient(dc, scenario('kexec.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: ['kexec-reboot'] });
    let stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const before = await stopped;
    assert.strictEqual(before.body.description, 'kexec reboot');
    stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: before.body.threadId! });
    const after = await stopped;
    assert.strictEqual(after.body.reason, 'entry');
    assert.strictEqual((await dc.threadsRequest()).body.threads[0].name, '1.1 stage2');
  });

  it('a deadlock stops with the sleeping LWPs to inspect, then the session ends', async () => {
    const ev = await launchAndStop(dc, scenario('deadlock.ksim'));
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const s = await stopped;
    assert.strictEqual(s.body.description, 'Deadlock');
    assert.strictEqual((await dc.exceptionInfoRequest({ threadId: s.body.threadId! })).body.exceptionId, 'deadlock');
    const st = await dc.stackTraceRequest({ threadId: s.body.threadId! });
    assert.ok(st.body.stackFrames.some((f) => f.name === 'sleepq_block'), st.body.stackFrames.map((f) => f.name).join(','));
    const f = await topFrame(dc, s.body.threadId!);
    assert.ok(f);
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: s.body.threadId! });
    await terminated;
  });
});
