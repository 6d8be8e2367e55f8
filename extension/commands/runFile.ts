// The editor-title Run and Debug buttons (and their palette commands), and the input behind
// `${command:ksim.pickProgram}` in launch configurations.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../debug-adapter/contract';
import { launchConfigFor } from '../debug/configProvider';

/** The scenario to start: the clicked resource, the active .ksim editor, or one the user picks. */
async function targetFile(resource: unknown): Promise<vscode.Uri | undefined> {
  if (resource instanceof vscode.Uri) return resource;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === LANGUAGE_ID) return doc.uri;
  const picked = await pickProgram();
  return picked ? vscode.Uri.file(picked) : undefined;
}

export async function startScenario(resource: unknown, noDebug: boolean): Promise<boolean> {
  const file = await targetFile(resource);
  if (!file) {
    void vscode.window.showErrorMessage('KSim: open or pick a .ksim scenario to run.');
    return false;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (doc?.isDirty) await doc.save();
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), launchConfigFor(file, noDebug), { noDebug });
}

export async function pickProgram(): Promise<string | undefined> {
  const files = await vscode.workspace.findFiles('**/*.ksim', '**/node_modules/**', 200);
  const active = vscode.window.activeTextEditor?.document;
  const items = files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f }))
    .sort((a, b) => (a.uri.toString() === active?.uri.toString() ? -1 : b.uri.toString() === active?.uri.toString() ? 1 : a.label.localeCompare(b.label)));
  if (items.length === 0 && active?.languageId === LANGUAGE_ID) return active.uri.fsPath;
  const pick = await vscode.window.showQuickPick(items, { placeHolder: 'The scenario to run' });
  return pick?.uri.fsPath;
}
