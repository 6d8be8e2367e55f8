// "KSim: Open an Example Scenario": lists the `.ksim` files of the workspace (the examples/
// folder first) and opens the one picked, or the one named in the argument, so the
// walkthrough's first step has something to debug.
import * as vscode from 'vscode';

export async function openExample(name?: unknown): Promise<vscode.TextEditor | undefined> {
  const files = await vscode.workspace.findFiles('**/*.ksim', '**/node_modules/**', 500);
  if (typeof name === 'string') {
    // The walkthrough names one: open it directly when the workspace has it.
    const hit = files.find((f) => f.path.endsWith(`/${name}`));
    if (hit) return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(hit));
  }
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No .ksim scenarios in this workspace: open the KSim examples/ folder, or create a file ending in .ksim.');
    return undefined;
  }
  const items = files
    .map((f) => ({ label: f.path.split('/').pop() ?? f.path, description: vscode.workspace.asRelativePath(f), uri: f }))
    .sort((a, b) => Number(!a.description.includes('examples/')) - Number(!b.description.includes('examples/')) || a.label.localeCompare(b.label));
  const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open an example scenario' });
  if (!pick) return undefined;
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pick.uri));
}
