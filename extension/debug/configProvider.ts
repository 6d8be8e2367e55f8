// F5 without a launch.json: resolves an empty configuration to "debug the open scenario", fills
// in defaults from the settings, and offers one dynamic configuration per open `.ksim` file.
import * as vscode from 'vscode';
import { DEBUG_TYPE, LANGUAGE_ID, SCENARIO_EXTENSION, Settings, type AbiName } from '../../debug-adapter/contract';

/** A launch configuration for one scenario file. */
export function launchConfigFor(file: vscode.Uri, noDebug = false): vscode.DebugConfiguration {
  const name = file.path.split('/').pop() ?? 'scenario';
  return {
    type: DEBUG_TYPE, request: 'launch', name: `${noDebug ? 'Run' : 'Debug'} ${name}`,
    program: file.fsPath, stopOnEntry: false, ...(noDebug ? { noDebug: true } : {}),
  };
}

function activeScenario(): vscode.Uri | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === LANGUAGE_ID || doc.uri.path.endsWith(SCENARIO_EXTENSION))) return doc.uri;
  return undefined;
}

export class KsimConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** `valueFormat` gives the user's last Display as Hex / Decimal choice to new sessions. */
  constructor(private readonly valueFormat: () => 'hex' | 'decimal' = () => 'decimal') {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const open = vscode.workspace.textDocuments.filter((d) => d.languageId === LANGUAGE_ID && d.uri.scheme === 'file');
    if (open.length === 0) {
      return [{ type: DEBUG_TYPE, request: 'launch', name: 'Debug scenario', program: '${file}', stopOnEntry: false }];
    }
    return open.map((d) => launchConfigFor(d.uri));
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!vscode.workspace.isTrusted) {
      // As declared in the manifest: a scenario reads the workspace files it names.
      void vscode.window.showWarningMessage('KSim runs scenarios only in a trusted workspace: a scenario reads the workspace files it names.', 'Manage Workspace Trust')
        .then((c) => (c ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
      return undefined;
    }
    if (!config.type && !config.request && !config.name) {
      const file = activeScenario();
      if (!file) {
        void vscode.window.showInformationMessage('Open a .ksim scenario to debug it, or add a "ksim" configuration to launch.json.');
        return undefined;
      }
      config = launchConfigFor(file);
    }
    if (!config.program) {
      const file = activeScenario();
      if (!file) {
        void vscode.window.showErrorMessage('This KSim launch configuration has no "program": name a .ksim scenario.');
        return undefined;
      }
      config.program = file.fsPath;
    }
    const settings = vscode.workspace.getConfiguration();
    if (config.seed === undefined) {
      const seed = settings.get<number | null>(Settings.defaultSeed, null);
      if (typeof seed === 'number') config.seed = seed;
    }
    if (config.abi === undefined) {
      const abi = settings.get<AbiName | 'scenario'>(Settings.defaultAbi, 'scenario');
      if (abi === 'bsd' || abi === 'linux') config.abi = abi;
    }
    if (config.trace === undefined && settings.get<boolean>(Settings.traceAdapter, false)) config.trace = true;
    if (config.valueFormat === undefined) config.valueFormat = this.valueFormat();
    return config;
  }
}
