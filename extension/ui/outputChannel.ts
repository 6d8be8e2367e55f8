// The "KSim" output channel: the simulator's console (the adapter's `output` events), boot
// generations, syscall runner results, and, with `ksim.trace` on (or `trace: true` in the
// launch configuration), every DAP message in both directions (written by the adapter).
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../../debug-adapter/contract';

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

  /**
   * A tracker factory that copies the simulator's console (the adapter's `output` events) to
   * the channel. The DAP trace itself comes from the adapter (`trace: true`, which the
   * configuration provider sets from `ksim.trace`), through the session's trace sink.
   */
  trackerFactory(): vscode.DebugAdapterTrackerFactory {
    return {
      createDebugAdapterTracker: (session) => ({
        onWillStartSession: () => this.line(`[${DEBUG_TYPE}] session "${session.name}" started${session.configuration.trace ? ' (tracing DAP messages)' : ''}`),
        onDidSendMessage: (m: unknown) => {
          const msg = m as DapMessage;
          if (msg.type === 'event' && msg.event === 'output' && msg.body?.output && msg.body.category !== 'telemetry') {
            this.channel.append(msg.body.output.endsWith('\n') ? msg.body.output : `${msg.body.output}\n`);
          }
        },
        onError: (e) => this.line(`[${DEBUG_TYPE}] adapter error: ${e.message}`),
        onExit: (code) => this.line(`[${DEBUG_TYPE}] session ended${code !== undefined ? ` (exit ${code})` : ''}`),
      }),
    };
  }

  dispose(): void {
    this.channel.dispose();
  }
}
