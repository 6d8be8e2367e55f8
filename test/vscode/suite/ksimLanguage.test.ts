// KSim's language support in a real VS Code: the language is recognised, live diagnostics
// appear for a broken file (and go away when it is fixed), hovers, completion, go to
// definition and the outline come from the scenario language.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ksimApi, scenarioFile, waitFor } from './ksimHelpers';

const GOOD = `machine { abi: "bsd", cpus: 2 }

kernel_image next { banner: "KSim 2.0", entry: 0x200000, size: 64K, init: stage2 }

fn worker(arg) {
    _lwp_exit()
}

process init {
    let lid = spawn(worker, 1)
    expect _lwp_wait(lid, null) == 0
    reboot(RB_KEXEC)
}

program stage2 {
    print("booted", uname())
}
`;

describe('KSim language support', () => {
  before(async () => {
    await ksimApi();
  });

  it('recognises .ksim files as the ksim language', async () => {
    const doc = await vscode.workspace.openTextDocument(scenarioFile('lang-good.ksim', GOOD));
    assert.equal(doc.languageId, 'ksim');
  });

  it('shows diagnostics for a broken file as the user types, and clears them when fixed', async () => {
    const uri = scenarioFile('lang-broken.ksim', GOOD);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor('no diagnostics on the good file', () => vscode.languages.getDiagnostics(uri).length === 0);
    const line = GOOD.split('\n').findIndex((l) => l.includes('reboot(RB_KEXEC)'));
    await editor.edit((e) => e.replace(new vscode.Range(line, 4, line, 20), '_lwp_kil(1, 2)'));
    const diags = await waitFor('a diagnostic for _lwp_kil', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.equal(diags[0].source, 'ksim');
    assert.equal(diags[0].range.start.line, line);
    assert.match(diags[0].message, /_lwp_kil/);
    await editor.edit((e) => e.replace(new vscode.Range(line, 4, line, 18), '_lwp_kill(1, 2)'));
    await waitFor('the diagnostic to go away', () => vscode.languages.getDiagnostics(uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('offers "Change to" quick fixes for misspelt names, and applying one clears the diagnostic', async () => {
    const typo = GOOD.replace('expect _lwp_wait(lid, null) == 0', 'expect _lwp_wiat(lid, null) fails ESRHC');
    const uri = scenarioFile('lang-typo.ksim', typo);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diags = await waitFor('two diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length === 2 ? d : undefined;
    });
    const titles: string[] = [];
    for (const d of diags) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title.startsWith('Change to'));
      assert.ok(fix?.edit, `a quick fix for: ${d.message}`);
      assert.equal(fix.isPreferred, true);
      titles.push(fix.title);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
    }
    assert.deepEqual(titles.sort(), ["Change to 'ESRCH'", "Change to '_lwp_wait'"]);
    assert.match(doc.getText(), /expect _lwp_wait\(lid, null\) fails ESRCH/);
    await waitFor('the diagnostics to go away', () => vscode.languages.getDiagnostics(uri).length === 0);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('renames a fn everywhere it is used, finds its references, and refuses to rename a syscall', async () => {
    const uri = scenarioFile('lang-rename.ksim', GOOD);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = GOOD.split('\n').findIndex((l) => l.includes('spawn(worker'));
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('worker') + 2);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, at);
    assert.deepEqual(refs.map((r) => r.range.start.line).sort((a, b) => a - b), [GOOD.split('\n').findIndex((l) => l.startsWith('fn worker')), line]);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, at, 'sleeper');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(doc.getText(), /fn sleeper\(arg\)/);
    assert.match(doc.getText(), /spawn\(sleeper, 1\)/);
    await waitFor('no diagnostics after the rename', () => vscode.languages.getDiagnostics(uri).length === 0);
    const wait = GOOD.split('\n').findIndex((l) => l.includes('_lwp_wait'));
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', uri, new vscode.Position(wait, doc.lineAt(wait).text.indexOf('_lwp_wait') + 2), 'x')),
      /not a fn, program, kernel image or variable of this file/,
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('hovers a syscall with its synopsis and errors, and a constant with its value per ABI', async () => {
    const doc = await vscode.workspace.openTextDocument(scenarioFile('lang-hover.ksim', GOOD));
    const line = GOOD.split('\n').findIndex((l) => l.includes('_lwp_wait'));
    const col = doc.lineAt(line).text.indexOf('_lwp_wait') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /int _lwp_wait\(lwpid_t wait_for, lwpid_t \*departed\)/);
    assert.match(text, /Errors/);
    const rb = GOOD.split('\n').findIndex((l) => l.includes('RB_KEXEC'));
    const h2 = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(rb, doc.lineAt(rb).text.indexOf('RB_KEXEC') + 3));
    const t2 = h2.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(t2, /bsd \(this file\): 16777216 \(0x1000000\)/);
  });

  it('completes syscalls, constants and the file\'s functions', async () => {
    const doc = await vscode.workspace.openTextDocument(scenarioFile('lang-complete.ksim', GOOD));
    const line = GOOD.split('\n').findIndex((l) => l.includes('reboot(RB_KEXEC)'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line, 4));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const l of ['kexec_load', '___lwp_park60', 'RB_KEXEC', 'spawn', 'worker']) assert.ok(labels.includes(l), l);
  });

  it('goes to the definition of a function and outlines the file', async () => {
    const doc = await vscode.workspace.openTextDocument(scenarioFile('lang-def.ksim', GOOD));
    const line = GOOD.split('\n').findIndex((l) => l.includes('spawn(worker'));
    const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri,
      new vscode.Position(line, doc.lineAt(line).text.indexOf('worker') + 1));
    assert.equal(defs[0].range.start.line, 4);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['machine', 'next', 'worker', 'init', 'stage2']);
  });

  it('shows parameter hints inside a syscall call', async () => {
    const doc = await vscode.workspace.openTextDocument(scenarioFile('lang-sig.ksim', GOOD));
    const line = GOOD.split('\n').findIndex((l) => l.includes('_lwp_wait(lid, null)'));
    const col = doc.lineAt(line).text.indexOf('null');
    const help = await vscode.commands.executeCommand<vscode.SignatureHelp>('vscode.executeSignatureHelpProvider', doc.uri, new vscode.Position(line, col));
    assert.equal(help.signatures[0].label, 'int _lwp_wait(lwpid_t wait_for, lwpid_t *departed)');
    assert.equal(help.activeParameter, 1);
  });
});
