// "Display as Hex" / "Display as Decimal" in the Variables and Watch context menus: how plain
// integers are shown (flags, errno and other named values keep their names). The choice is
// remembered across sessions and windows, applied to new sessions through the launch
// configuration's `valueFormat`, and to a running one with `ksim/setValueFormat`.
import * as vscode from 'vscode';
import { ContextKeys, Requests, type ValueFormatArguments } from '../../debug-adapter/contract';

const MEMENTO_KEY = 'ksim.valueFormat.hex';

export class ValueFormat {
  constructor(private readonly memento: vscode.Memento) {
    void vscode.commands.executeCommand('setContext', ContextKeys.hexValues, this.hex);
  }

  get hex(): boolean {
    return this.memento.get<boolean>(MEMENTO_KEY, false);
  }

  /** What a launch configuration without its own `valueFormat` gets. */
  get launchValue(): 'hex' | 'decimal' {
    return this.hex ? 'hex' : 'decimal';
  }

  async set(hex: boolean, session: vscode.DebugSession | undefined): Promise<void> {
    await this.memento.update(MEMENTO_KEY, hex);
    await vscode.commands.executeCommand('setContext', ContextKeys.hexValues, hex);
    if (!session) return;
    const args: ValueFormatArguments = { hex };
    try {
      await session.customRequest(Requests.setValueFormat, args);
    } catch (e) {
      void vscode.window.showErrorMessage(`KSim: could not change how values are shown: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
