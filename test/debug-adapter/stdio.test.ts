// The stand-alone adapter: `node dist/debugAdapter.js` over stdio, and `--server=PORT` on
// 127.0.0.1. Builds the bundles first when they are missing (npm test always builds).
import * as assert from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { ADAPTER, ROOT, launchAndStop, scenario, stdioClient, topFrame } from './client';

function ensureBuilt(): void {
  if (!existsSync(ADAPTER)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
}

async function until(dc: DebugClient, act: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const st = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await act();
  return st;
}

describe('debug adapter over stdio (dist/debugAdapter.js)', function () {
  this.timeout(30000);
  let dc: DebugClient;
  before(ensureBuilt);
  beforeEach(() => { dc = stdioClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('a function breakpoint on kexec_load stops with its arguments visible', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'kexec_load' }] });
    const s = await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    assert.strictEqual(s.body.reason, 'function breakpoint');
    const f = await topFrame(dc, s.body.threadId!);
    const scopes = await dc.scopesRequest({ frameId: f.id });
    const sc = scopes.body.scopes.find((x) => x.name === 'Syscall kexec_load')!;
    const vars = (await dc.variablesRequest({ variablesReference: sc.variablesReference })).body.variables;
    assert.deepStrictEqual(vars.map((v) => `${v.name}=${v.value}`).slice(0, 2), ['entry=0x200000', 'count=17']);
  });

  it('threads list the LWPs with their names', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('park.ksim') }, breakpoints: [{ line: 18 }] });
    await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    assert.deepStrictEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['1.1 init', '1.2 worker']);
  });

  it('kernel frames map to the kernel TypeScript embedded in the bundle', async () => {
    const ev = await launchAndStop(dc, scenario('park.ksim'));
    await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sleepq_block' }] });
    const s = await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const top = await topFrame(dc, s.body.threadId!);
    assert.strictEqual(top.name, 'sleepq_block');
    assert.strictEqual(top.source?.path, 'kernel/sched/sleepq.ts');
    const src = await dc.sourceRequest({ sourceReference: top.source!.sourceReference!, source: top.source });
    assert.match(src.body.content.split('\n')[top.line - 1], /kp\(k, 'sleepq_block'\)/);
  });

  it('without its source map (a packaged extension) kernel frames are found by name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ksim-nomap-'));
    copyFileSync(ADAPTER, path.join(dir, 'debugAdapter.js'));
    const bare = new DebugClient('node', path.join(dir, 'debugAdapter.js'), 'ksim');
    await bare.start();
    try {
      const ev = await launchAndStop(bare, scenario('park.ksim'));
      await bare.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'sleepq_block' }] });
      const s = await until(bare, () => bare.continueRequest({ threadId: ev.body.threadId! }));
      const frames = (await bare.stackTraceRequest({ threadId: s.body.threadId! })).body.stackFrames;
      assert.deepStrictEqual(frames.slice(0, 3).map((f) => f.name), ['sleepq_block', 'lwp_park', 'sys____lwp_park60']);
      assert.strictEqual(frames[0].source?.path, 'kernel/sched/sleepq.ts');
    } finally {
      await bare.stop();
    }
  });

  it('stepping across RB_KEXEC yields the new generation\'s threads', async () => {
    const ev = await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 11 }] });
    const at = await until(dc, () => dc.continueRequest({ threadId: ev.body.threadId! }));
    const s = await until(dc, () => dc.nextRequest({ threadId: at.body.threadId! }));
    assert.strictEqual(s.body.reason, 'entry');
    assert.deepStrictEqual((await dc.threadsRequest()).body.threads.map((t) => t.name), ['1.1 stage2']);
  });

  it('malformed requests get error responses and the adapter stays up', async () => {
    await launchAndStop(dc, scenario('steps.ksim'));
    await assert.rejects(dc.stackTraceRequest({ threadId: 999 }), /Unknown thread/);
    await assert.rejects(dc.customRequest('setBreakpoints', { source: 7 }));
    await assert.rejects(dc.customRequest('bogus'));
    assert.strictEqual((await dc.threadsRequest()).body.threads.length, 1);
  });

  it('singleThread next (and ksim/stepLwp) moves one LWP; setExpression sets a struct field', async () => {
    const program = scenario('single.ksim');
    const entry = await launchAndStop(dc, program);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 6, condition: 'w == 3' }] });
    const hit = await until(dc, () => dc.continueRequest({ threadId: entry.body.threadId! }));
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const worker = hit.body.threadId!;
    const init = (await dc.threadsRequest()).body.threads.find((t) => t.name.startsWith('1.1 '))!.id;
    const initTop = async (): Promise<string> => { const f = await topFrame(dc, init); return `${f.line}:${(await dc.evaluateRequest({ expression: 'lid', frameId: f.id, context: 'watch' })).body.result}`; };
    const before = await initTop();
    await until(dc, () => dc.nextRequest({ threadId: worker, singleThread: true }));
    await until(dc, () => dc.customRequest('ksim/stepLwp', { pid: 1, lid: 2, kind: 'next' }));
    assert.strictEqual(await initTop(), before);
    const f = await topFrame(dc, init);
    const r = await dc.customRequest('setExpression', { expression: 'tm.tv_sec', value: '9', frameId: f.id }) as DebugProtocol.SetExpressionResponse;
    assert.strictEqual(r.body.value, '9');
    await assert.rejects(dc.customRequest('setExpression', { expression: 'lid * 2', value: '1', frameId: f.id }), /cannot be set/);
  });
});

describe('debug adapter server mode (--server=PORT on 127.0.0.1)', function () {
  this.timeout(30000);
  let child: ChildProcess;
  let port = 0;
  before(async () => {
    ensureBuilt();
    child = spawn(process.execPath, [ADAPTER, '--server=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      let text = '';
      child.stderr!.on('data', (d: Buffer) => {
        text += d.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(text);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`adapter exited: ${text}`)));
    });
  });
  after(() => { child.kill(); });

  it('serves a session per connection', async () => {
    const dc = new DebugClient('node', ADAPTER, 'ksim');
    await dc.start(port);
    try {
      const ev = await launchAndStop(dc, scenario('steps.ksim'));
      assert.strictEqual(ev.body.reason, 'entry');
      assert.strictEqual((await dc.threadsRequest()).body.threads[0].name, '1.1 init');
    } finally {
      await dc.stop();
    }
  });
});
