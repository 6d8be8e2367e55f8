// The inline debug adapter: every KSim debug session gets a fresh adapter object running in
// the extension host (DebugAdapterInlineImplementation), so no process is started and the
// views' custom requests are answered in-process.
import * as vscode from 'vscode';

/** Creates one adapter object for a session (the debug adapter's own session class). */
export type AdapterSessionFactory = (session: vscode.DebugSession) => vscode.DebugAdapter;

export class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly create: AdapterSessionFactory) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    return new vscode.DebugAdapterInlineImplementation(this.create(session));
  }
}
