// The inline shape VS Code uses (vscode.DebugAdapterInlineImplementation): messages go in
// through handleMessage and come out through onDidSendMessage, with no streams; disconnect
// frees the machine and never exits the host process.
import * as assert from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { createKsimDebugSession } from '../../debug-adapter/inline';
import { scenario } from './client';

describe('debug adapter: inline (handleMessage / onDidSendMessage)', () => {
  it('runs a session through the vscode.DebugAdapter shape', async () => {
    const session = createKsimDebugSession();
    const out: DebugProtocol.ProtocolMessage[] = [];
    const waiters: { pred: (m: DebugProtocol.ProtocolMessage) => boolean; resolve: (m: DebugProtocol.ProtocolMessage) => void }[] = [];
    session.onDidSendMessage((m) => {
      const msg = m as DebugProtocol.ProtocolMessage;
      out.push(msg);
      for (const w of [...waiters]) if (w.pred(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(msg); }
    });
    const wait = (pred: (m: DebugProtocol.ProtocolMessage) => boolean): Promise<DebugProtocol.ProtocolMessage> => {
      const hit = out.find(pred);
      return hit ? Promise.resolve(hit) : new Promise((resolve) => waiters.push({ pred, resolve }));
    };
    let seq = 1;
    const request = (command: string, args: object): Promise<DebugProtocol.Response> => {
      const s = seq++;
      session.handleMessage({ seq: s, type: 'request', command, arguments: args } as DebugProtocol.Request);
      return wait((m) => m.type === 'response' && (m as DebugProtocol.Response).request_seq === s) as Promise<DebugProtocol.Response>;
    };
    const isEvent = (name: string) => (m: DebugProtocol.ProtocolMessage): boolean => m.type === 'event' && (m as DebugProtocol.Event).event === name;

    assert.ok((await request('initialize', { adapterID: 'ksim', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true })).success);
    assert.ok((await request('launch', { program: scenario('steps.ksim'), stopOnEntry: true })).success);
    await wait(isEvent('initialized'));
    await request('configurationDone', {});
    const stopped = await wait(isEvent('stopped')) as DebugProtocol.StoppedEvent;
    assert.strictEqual(stopped.body.reason, 'entry');
    const threads = await request('threads', {}) as DebugProtocol.ThreadsResponse;
    assert.strictEqual(threads.body.threads[0].name, '1.1 init');
    assert.ok((await request('disconnect', {})).success);
    assert.strictEqual(session.ctx.engine, null);
    await new Promise((r) => setTimeout(r, 150));
    session.dispose();
  });
});
