// KSim's palette commands in a real VS Code: opening an example, Run Scenario (no debugging),
// the walkthrough, and the output channel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ksimApi, scenarioFile, stopAllSessions, waitFor } from './ksimHelpers';

describe('KSim commands', function () {
  this.timeout(60_000);

  before(async () => {
    await ksimApi();
    await stopAllSessions();
  });

  it('Open an Example opens the example the walkthrough names', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('ksim.openExample', 'freebsd-kexec.ksim');
    assert.ok(editor);
    assert.match(editor.document.uri.path, /\/examples\/freebsd-kexec\.ksim$/);
    assert.equal(editor.document.languageId, 'ksim');
  });

  it('Run Scenario runs the open file without debugging, to its end', async () => {
    const uri = scenarioFile('run-nodebug.ksim', 'process init {\n    print("hello from", uname())\n    expect getpid() == 1\n}\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    let started: vscode.DebugSession | undefined;
    let ended = false;
    const subs = [
      vscode.debug.onDidStartDebugSession((s) => { started = s; }),
      vscode.debug.onDidTerminateDebugSession(() => { ended = true; }),
    ];
    try {
      assert.equal(await vscode.commands.executeCommand<boolean>('ksim.runFile'), true);
      await waitFor('the run to end', () => ended, 30_000);
      assert.equal(started?.type, 'ksim');
      assert.equal(started?.configuration.noDebug, true);
      assert.equal(started?.configuration.program, uri.fsPath);
    } finally {
      subs.forEach((s) => s.dispose());
    }
  });

  it('opens the Get Started walkthrough and the output channel', async () => {
    await vscode.commands.executeCommand('ksim.openWalkthrough');
    await vscode.commands.executeCommand('ksim.showOutput');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
