import * as assert from 'node:assert/strict';
import { Requests, Views, type ViewId } from '../../debug-adapter/contract';
import { KernelState } from '../../extension/model/kernelState';
import { statusText } from '../../extension/model/statusText';
import { BOOTS, KEXEC, LWPS, MEMMAP, SUMMARY } from './fixtures';

function fakeAdapter(fail: string[] = []): { calls: string[]; request: (c: string) => Promise<unknown> } {
  const calls: string[] = [];
  const answers: Record<string, unknown> = {
    [Requests.lwps]: LWPS, [Requests.kexecImages]: KEXEC, [Requests.memoryMap]: MEMMAP, [Requests.generations]: BOOTS, [Requests.summary]: SUMMARY,
  };
  return {
    calls,
    request: async (c: string) => {
      calls.push(c);
      if (fail.includes(c)) throw new Error(`${c} failed`);
      return answers[c];
    },
  };
}

describe('kernel state behind the views', () => {
  it('asks the adapter for every view and tells listeners', async () => {
    const s = new KernelState();
    const seen: (readonly ViewId[])[] = [];
    s.onDidChange((v) => seen.push(v));
    const a = fakeAdapter();
    s.attach(a.request);
    await s.refresh();
    assert.deepEqual(a.calls.sort(), [Requests.generations, Requests.kexecImages, Requests.lwps, Requests.memoryMap, Requests.summary].sort());
    assert.equal(s.snapshot.lwps, LWPS);
    assert.equal(s.snapshot.kexec, KEXEC);
    assert.equal(s.snapshot.summary, SUMMARY);
    assert.equal(s.phase, 'stopped');
    assert.deepEqual([...seen.at(-1)!].sort(), Object.values(Views).sort());
  });

  it('refreshes only the views asked for', async () => {
    const s = new KernelState();
    const a = fakeAdapter();
    s.attach(a.request);
    await s.refresh([Views.kexec]);
    assert.deepEqual(a.calls.filter((c) => c !== Requests.summary), [Requests.kexecImages]);
    assert.equal(s.snapshot.lwps, undefined);
  });

  it('keeps the last state when the session ends', async () => {
    const s = new KernelState();
    s.attach(fakeAdapter().request);
    await s.refresh();
    s.detach();
    assert.equal(s.phase, 'ended');
    assert.equal(s.snapshot.lwps, LWPS, 'the LWPs are still there');
    assert.equal(s.snapshot.summary?.status, 'terminated');
    await s.refresh();
    assert.equal(s.snapshot.lwps, LWPS);
  });

  it('keeps old data and records the error when a request fails', async () => {
    const s = new KernelState();
    const ok = fakeAdapter();
    s.attach(ok.request);
    await s.refresh();
    const bad = fakeAdapter([Requests.lwps]);
    // Same session, adapter now failing for one view.
    (s as unknown as { request: (c: string) => Promise<unknown> }).request = bad.request;
    await s.refresh([Views.lwps]);
    assert.equal(s.snapshot.lwps, LWPS);
    assert.match(s.errorOf(Views.lwps)!, /ksim\/lwps failed/);
    s.detach();
    assert.equal(s.errorOf(Views.lwps), undefined, 'errors of a session going away are forgotten');
  });

  it('drops answers that arrive after a new session started', async () => {
    const s = new KernelState();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.attach(async (c) => {
      await gate;
      return c === Requests.lwps ? LWPS : undefined;
    });
    const pending = s.refresh([Views.lwps]);
    s.attach(async () => undefined);
    release();
    await pending;
    assert.equal(s.snapshot.lwps, undefined);
  });

  it('status bar text: ABI, generation, LWP count, only while a session runs', () => {
    assert.equal(statusText(SUMMARY, LWPS, 'stopped')?.text, '$(debug-pause) KSim bsd · gen 2 · 4 LWPs');
    assert.equal(statusText({ ...SUMMARY, status: 'running', lwpCount: 1 }, undefined, 'running')?.text, '$(chip) KSim bsd · gen 2 · 1 LWP');
    assert.equal(statusText(SUMMARY, LWPS, 'ended'), undefined);
    assert.equal(statusText(undefined, undefined, 'none'), undefined);
  });
});
