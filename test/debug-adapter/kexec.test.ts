// Stepping across reboot(RB_KEXEC): the session goes on with the new generation's threads,
// the kexec step-over event sequence, breakpoints persist, and step back returns to the old
// generation.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario, topFrame } from './client';
import { Requests, type GenerationsResponse, type KexecImagesResponse } from '../../debug-adapter/contract';

describe('debug adapter: stepping across a kexec reboot', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('next over reboot(RB_KEXEC) stops in the new generation with its threads', async () => {
    await dc.initializeRequest({ adapterID: 'ksim', supportsProgressReporting: true, supportsInvalidatedEvent: true, pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    const events: string[] = [];
    for (const name of ['thread', 'progressStart', 'progressEnd', 'invalidated', 'stopped', 'output']) {
      dc.on(name, (e: DebugProtocol.Event) => {
        const b = e.body as { reason?: string; threadId?: number; output?: string };
        events.push(name === 'output' ? `output:${(b.output ?? '').trim()}` : `${name}${b.reason ? ':' + b.reason : ''}`);
      });
    }
    const init = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: scenario('kexec.ksim') } as DebugProtocol.LaunchRequestArguments);
    await init;
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 11 }] });
    const first = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.configurationDoneRequest();
    const atReboot = await first;
    const tid = atReboot.body.threadId!;
    assert.strictEqual((await topFrame(dc, tid)).line, 11);
    const oldThreads = (await dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(oldThreads.map((t) => t.name), ['1.1 init']);
    events.length = 0;
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.nextRequest({ threadId: tid });
    const s = await stopped;
    assert.strictEqual(s.body.reason, 'entry');
    assert.match(s.body.description ?? '', /kexec: entered new kernel "KSim next 2.0" \(generation 1\)/);
    const threads = (await dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(threads.map((t) => t.name), ['1.1 stage2']);
    assert.notStrictEqual(threads[0].id, tid, 'a new thread id for the new generation');
    const f = await topFrame(dc, s.body.threadId!);
    assert.strictEqual(f.line, 16);
    // the kexec step-over sequence (output lines interleave)
    const seq = events.filter((e) => !e.startsWith('output'));
    assert.deepStrictEqual(seq, ['thread:exited', 'progressStart', 'progressEnd', 'thread:started', 'invalidated', 'stopped:entry']);
    assert.ok(events.some((e) => e.includes('KSim next 2.0')), 'the new kernel banner in the console');
  });

  it('breakpoints persist across the reboot, and step back returns to the old generation', async () => {
    await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 11 }, { line: 17 }] });
    void (await dc.threadsRequest());
    const atReboot = await (async () => {
      const st = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
      await dc.continueRequest({ threadId: 1 });
      return st;
    })();
    const oldTid = atReboot.body.threadId!;
    let stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: oldTid });
    const inNew = await stopped;
    assert.strictEqual(inNew.body.reason, 'breakpoint');
    assert.strictEqual((await topFrame(dc, inNew.body.threadId!)).line, 17);
    const gens = await dc.customRequest('ksim/generations');
    assert.strictEqual(gens.body.current, 1);
    // back: first to the new generation's first statement, then across the reboot
    stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.stepBackRequest({ threadId: inNew.body.threadId! });
    await stopped;
    stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.stepBackRequest({ threadId: inNew.body.threadId! });
    const s = await stopped;
    const threads = (await dc.threadsRequest()).body.threads;
    assert.deepStrictEqual(threads.map((t) => t.name), ['1.1 init']);
    assert.strictEqual(s.body.threadId, oldTid, 'the old generation\'s thread id again');
    const f = await topFrame(dc, oldTid);
    assert.strictEqual(f.line, 11, 'back at reboot(RB_KEXEC)');
    const g2 = await dc.customRequest('ksim/generations');
    assert.strictEqual(g2.body.current, 0);
  });

  it('a panic with a crash kernel staged steps into the kdump generation', async () => {
    const ev = await launchAndStop(dc, scenario('kdump.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: ['kernel-panic'] });
    await dc.setBreakpointsRequest({ source: { path: scenario('kdump.ksim') }, breakpoints: [{ line: 9 }] });
    let stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: ev.body.threadId! });
    const atPanic = await stopped;
    assert.strictEqual((await topFrame(dc, atPanic.body.threadId!)).line, 9);
    const staged = (await dc.customRequest(Requests.kexecImages)).body as KexecImagesResponse;
    assert.strictEqual(staged.crash?.banner, 'Linux version 6.1.0-kdump', 'the Kexec view names the crash kernel (from its purgatory)');
    stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.nextRequest({ threadId: atPanic.body.threadId! });
    const s1 = await stopped;
    assert.strictEqual(s1.body.description, 'Kernel panic');
    stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.nextRequest({ threadId: s1.body.threadId! });
    const s2 = await stopped;
    assert.match(s2.body.description ?? '', /^kdump: crash kernel "Linux version 6.1.0-kdump" booted after the panic \(generation 1\)/);
    assert.deepStrictEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['1.1 dump']);
    const gens = (await dc.customRequest(Requests.generations)).body as GenerationsResponse;
    assert.strictEqual(gens.generations[0].ended, 'crash_kexec', 'generation 0 ended by booting its crash kernel');
    assert.ok(gens.generations[0].detail, 'with the panic message');
    assert.strictEqual(gens.generations[1].crash, true);
  });
});
