// The bridge to the debug adapter's session class: one fresh KsimDebugSession per VS Code
// debug session (it already has the vscode.DebugAdapter shape), with its trace going to the
// KSim output channel.
import type * as vscode from 'vscode';
import { createKsimDebugSession } from '../../debug-adapter/inline';
import type { KsimOutput } from '../ui/outputChannel';

export function createAdapterSession(_session: vscode.DebugSession, output: KsimOutput): vscode.DebugAdapter {
  const s = createKsimDebugSession();
  s.traceSink = (line) => output.line(line);
  return s as unknown as vscode.DebugAdapter;
}
