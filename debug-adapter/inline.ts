// What the extension uses: a fresh debug session per VS Code debug session, to wrap in
// `new vscode.DebugAdapterInlineImplementation(createKsimDebugSession())`. The session object
// already has the `vscode.DebugAdapter` shape (handleMessage + onDidSendMessage).

import type { HostFactory } from './engine/sim-host';
import { kernelHostFactory } from './host/factory';
import { KsimDebugSession } from './session';

export { KsimDebugSession } from './session';
export { runSyscallOnScratchMachine, resetScratchMachines } from './scratch';

export function createKsimDebugSession(factory: HostFactory = kernelHostFactory): KsimDebugSession {
  return new KsimDebugSession(factory);
}
