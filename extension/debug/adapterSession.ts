// The bridge to the debug adapter's session class: one fresh adapter object per VS Code debug
// session, reading workspace files through VS Code.
// TODO(ksim): switch to the debug adapter's exported inline session factory when it lands.
import * as vscode from 'vscode';
import type { KsimOutput } from '../ui/outputChannel';

class UnavailableAdapter implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private seq = 1;

  handleMessage(m: vscode.DebugProtocolMessage): void {
    const req = m as { seq: number; command: string; type: string };
    if (req.type !== 'request') return;
    this.emitter.fire({
      seq: this.seq++, type: 'response', request_seq: req.seq, command: req.command, success: false,
      message: 'The KSim debug adapter is not available in this build.',
    } as vscode.DebugProtocolMessage);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function createAdapterSession(_session: vscode.DebugSession, output: KsimOutput): vscode.DebugAdapter {
  output.line('KSim: the debug adapter is not available in this build.');
  return new UnavailableAdapter();
}
