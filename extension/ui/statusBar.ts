// The status bar item while a KSim session runs: ABI, boot generation and LWP count. Clicking
// it reveals the Kernel views.
import * as vscode from 'vscode';
import { VIEW_CONTAINER_ID } from '../../debug-adapter/contract';
import type { KernelState } from '../model/kernelState';
import { statusText } from '../model/statusText';

export class KsimStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ksim.status', vscode.StatusBarAlignment.Left, 50);
  private readonly sub: { dispose(): void };

  constructor(private readonly state: KernelState) {
    this.item.name = 'KSim machine';
    this.item.command = `workbench.view.extension.${VIEW_CONTAINER_ID}`;
    this.sub = state.onDidChange(() => this.update());
    this.update();
  }

  /** The text shown now (extension-host tests read it). */
  get text(): string | undefined {
    return this.state.phase === 'running' || this.state.phase === 'stopped' ? this.item.text : undefined;
  }

  update(): void {
    const t = statusText(this.state.snapshot.summary, this.state.snapshot.lwps, this.state.phase);
    if (!t) {
      this.item.hide();
      return;
    }
    this.item.text = t.text;
    this.item.tooltip = t.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
