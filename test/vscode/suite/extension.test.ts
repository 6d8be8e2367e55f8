// Extension-host tests: they run inside a real VS Code (code-server here, or desktop VS Code
// under @vscode/test-electron) with KSim loaded as the development extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'ksim.ksim';

describe('KSim in a real VS Code', () => {
  it('is loaded as an extension', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.length} extensions`);
    assert.equal(ext.packageJSON.name, 'ksim');
  });

  it('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('sees the examples folder as the workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.ok(folders.some((f) => f.uri.path.endsWith('/examples')),
      `workspace folders: ${folders.map((f) => f.uri.toString()).join(', ') || 'none'}`);
  });
});
