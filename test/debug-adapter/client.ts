// DebugClients for the tests: over stdio (spawning dist/debugAdapter.js) and in-process (the
// real session object over two PassThrough streams, spec dap-and-vscode §4.1).

import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createKsimDebugSession, type KsimDebugSession } from '../../debug-adapter/inline';

export const ROOT = path.resolve(__dirname, '../..');
export const ADAPTER = path.join(ROOT, 'dist/debugAdapter.js');

export function scenario(name: string): string {
  return path.join(__dirname, 'scenarios', name);
}

export class InProcessDebugClient extends DebugClient {
  session: KsimDebugSession | null = null;
  private streams: PassThrough[] = [];

  constructor() {
    super('node', ADAPTER, 'ksim');
  }

  override start(): Promise<void> {
    const toAdapter = new PassThrough();
    const fromAdapter = new PassThrough();
    this.streams = [toAdapter, fromAdapter];
    this.session = createKsimDebugSession();
    // As in a server: closing the streams must not exit the test process.
    this.session.setRunAsServer(true);
    this.session.start(toAdapter, fromAdapter);
    this.connect(fromAdapter, toAdapter);
    return Promise.resolve();
  }

  override stop(): Promise<void> {
    this.session?.ctx.dispose();
    for (const s of this.streams) s.end();
    return Promise.resolve();
  }
}

export function stdioClient(): DebugClient {
  return new DebugClient('node', ADAPTER, 'ksim');
}

/** Launches and waits for the first stop (entry when asked). */
export async function launchAndStop(dc: DebugClient, program: string, extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.configurationSequence(),
    dc.launch({ program, stopOnEntry: true, ...extra } as DebugProtocol.LaunchRequestArguments),
  ]);
  return stopped;
}

export async function topFrame(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  return st.body.stackFrames[0];
}

export async function localsOf(dc: DebugClient, frameId: number): Promise<Record<string, string>> {
  const scopes = await dc.scopesRequest({ frameId });
  const locals = scopes.body.scopes.find((s) => s.name === 'Locals');
  if (!locals) return {};
  const vars = await dc.variablesRequest({ variablesReference: locals.variablesReference });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}
