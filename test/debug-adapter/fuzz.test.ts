// Random DAP request sequences (design §6): whatever arrives, every request gets a response
// (success or error) and the adapter keeps answering. Plus launch overrides and big buffers.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario, topFrame } from './client';

/** A small deterministic PRNG (xorshift32) so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

const COMMANDS = ['threads', 'stackTrace', 'scopes', 'variables', 'evaluate', 'setBreakpoints', 'setFunctionBreakpoints',
  'setExceptionBreakpoints', 'dataBreakpointInfo', 'setDataBreakpoints', 'readMemory', 'writeMemory', 'completions',
  'next', 'stepIn', 'stepOut', 'stepBack', 'continue', 'pause', 'source', 'loadedSources', 'stepInTargets', 'exceptionInfo', 'setVariable', 'terminateThreads',
  'ksim/lwps', 'ksim/kexecImages', 'ksim/memoryMap', 'ksim/generations', 'ksim/runSyscall', 'ksim/summary', 'breakpointLocations', 'nonsense'];

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 9);
  switch (k) {
    case 0: return Math.floor(r() * 20) - 2;
    case 1: return ['', 'x', '0x200000', 'i + 1', 'ps', 'show lwp', 'l_stat', 'kexec_load', '{', 'EINVAL'][Math.floor(r() * 10)];
    case 2: return null;
    case 3: return r() < 0.5;
    case 4: return depth > 2 ? 1 : [randomValue(r, depth + 1), randomValue(r, depth + 1)];
    case 5: return depth > 2 ? {} : { line: Math.floor(r() * 20), name: randomValue(r, depth + 1), path: scenario('park.ksim') };
    case 6: return undefined;
    case 7: return 1;
    default: return Math.floor(r() * 1e6);
  }
}

function randomArgs(r: () => number): Record<string, unknown> {
  const keys = ['threadId', 'frameId', 'variablesReference', 'expression', 'context', 'source', 'breakpoints', 'filters',
    'name', 'memoryReference', 'count', 'offset', 'data', 'text', 'column', 'sourceReference', 'targetId', 'threadIds', 'args', 'value', 'line'];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (r() < 0.35) out[k] = randomValue(r);
  return out;
}

describe('debug adapter: random request sequences', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: 150 random requests all answered, adapter still up`, async function () {
      this.timeout(60000);
      const dc = new InProcessDebugClient();
      dc.defaultTimeout = 10000;
      await dc.start();
      let settled = 0;
      dc.on('stopped', () => settled++);
      dc.on('terminated', () => settled++);
      try {
        await launchAndStop(dc, scenario('park.ksim'));
        const r = rng(seed);
        for (let i = 0; i < 150; i++) {
          const cmd = COMMANDS[Math.floor(r() * COMMANDS.length)];
          const args = randomArgs(r);
          const before = settled;
          let ok = true;
          try {
            await dc.send(cmd as 'threads', args as never);
          } catch {
            ok = false; // an error response is a fine answer
          }
          if (ok && (cmd === 'continue' || cmd === 'next' || cmd === 'stepIn' || cmd === 'stepOut')) {
            // let the run end (a stop, or the end of the machine); pause it if it goes on
            for (let w = 0; w < 50 && settled === before; w++) await new Promise((res) => setTimeout(res, 10));
            if (settled === before) await dc.pauseRequest({ threadId: 1 }).catch(() => undefined);
            for (let w = 0; w < 100 && settled === before; w++) await new Promise((res) => setTimeout(res, 10));
            assert.ok(settled > before, `${cmd} ${JSON.stringify(args)} neither stopped nor ended`);
          }
        }
        const t = await dc.threadsRequest();
        assert.ok(Array.isArray(t.body.threads));
      } finally {
        await dc.stop();
      }
    });
  }
});

describe('debug adapter: launch overrides and big values', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('abi and seed override the machine block', async () => {
    const ev = await launchAndStop(dc, scenario('steps.ksim'), { abi: 'linux', seed: 99 });
    const f = await topFrame(dc, ev.body.threadId!);
    const r = await dc.evaluateRequest({ expression: 'show boots', frameId: f.id, context: 'repl' });
    assert.match(r.body.result, /Linux/);
    await assert.rejects(dc.restartRequest({ arguments: { program: scenario('steps.ksim'), abi: 'vax' } } as DebugProtocol.RestartArguments), /bsd.*linux/);
  });

  it('a 1 MiB buffer is paged in rows of 16 bytes', async () => {
    const ev = await launchAndStop(dc, scenario('buffers.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('buffers.ksim') }, breakpoints: [{ line: 7 }] });
    const st = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: ev.body.threadId! });
    await st;
    const f = await topFrame(dc, ev.body.threadId!);
    const scopes = await dc.scopesRequest({ frameId: f.id });
    const locals = (await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference })).body.variables;
    const big = locals.find((v) => v.name === 'big')!;
    assert.strictEqual(big.indexedVariables, 65536);
    const rows = await dc.variablesRequest({ variablesReference: big.variablesReference, filter: 'indexed', start: 1, count: 2 });
    assert.strictEqual(rows.body.variables.length, 2);
    assert.match(rows.body.variables[0].value, /^41 07 07/);
    const list = locals.find((v) => v.name === 'list')!;
    assert.strictEqual(list.indexedVariables, 3);
  });
});
