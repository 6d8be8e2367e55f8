// The "KSim" output channel: the simulator's console (the adapter's `output` events), boot
// generations, syscall runner results, and, with `ksim.trace` on (or `trace: true` in the
// launch configuration), every DAP message in both directions.
import * as vscode from 'vscode';
import { DEBUG_TYPE, Settings } from '../../debug-adapter/contract';

interface DapMessage {
  type?: string;
  command?: string;
  event?: string;
  body?: { category?: string; output?: string };
}

export class KsimOutput implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('KSim');

  line(text: string): void {
    this.channel.appendLine(text);
  }

  show(): void {
    this.channel.show(true);
  }

  /** A tracker factory that copies console output and, when tracing, every message. */
  trackerFactory(): vscode.DebugAdapterTrackerFactory {
    return {
      createDebugAdapterTracker: (session) => {
        const trace = session.configuration.trace === true || vscode.workspace.getConfiguration().get<boolean>(Settings.traceAdapter, false);
        return {
          onWillStartSession: () => this.line(`[${DEBUG_TYPE}] session "${session.name}" started`),
          onWillReceiveMessage: (m: unknown) => {
            if (trace) this.line(`→ ${JSON.stringify(m)}`);
          },
          onDidSendMessage: (m: unknown) => {
            const msg = m as DapMessage;
            if (trace) this.line(`← ${JSON.stringify(m)}`);
            else if (msg.type === 'event' && msg.event === 'output' && msg.body?.output && msg.body.category !== 'telemetry') {
              this.channel.append(msg.body.output);
            }
          },
          onError: (e) => this.line(`[${DEBUG_TYPE}] adapter error: ${e.message}`),
          onExit: (code) => this.line(`[${DEBUG_TYPE}] session ended${code !== undefined ? ` (exit ${code})` : ''}`),
        };
      },
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
