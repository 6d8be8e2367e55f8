// Live diagnostics: the scenario checker's errors (line, column, message and what to write
// instead) on every `.ksim` document as the user types, debounced per document.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../debug-adapter/contract';
import { checkFile } from '../../scenario/checker';
import { DiagnosticList, type Diagnostic } from '../../scenario/diagnostics';
import { parse } from '../../scenario/parser';
import type { FileAccessor } from '../../scenario/workspace-files';
import { Debouncer } from '../model/debounce';

/** Reads the workspace files a scenario names (file(), open()) from disk, synchronously. */
export function workspaceFiles(doc: vscode.TextDocument): FileAccessor {
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const root = folder?.uri.fsPath;
  const rel = folder ? vscode.workspace.asRelativePath(doc.uri, false) : doc.uri.path.split('/').pop() ?? 'scenario.ksim';
  return {
    scenarioPath: rel.replace(/\\/g, '/'),
    read: (p) => {
      if (!root || doc.uri.scheme !== 'file') return undefined;
      try {
        return new Uint8Array(fs.readFileSync(vscode.Uri.joinPath(folder.uri, p).fsPath));
      } catch {
        return undefined;
      }
    },
  };
}

/** The checker's diagnostics for a text. */
export function checkText(text: string, files: FileAccessor): Diagnostic[] {
  const diags = new DiagnosticList();
  const file = parse(text, diags);
  checkFile(file, diags, files);
  return diags.sorted();
}

export function toVscodeDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const col = Math.max(0, d.col - 1);
  const range = new vscode.Range(line, col, line, col + Math.max(1, d.length));
  const msg = d.hint ? `${d.message} (${d.hint})` : d.message;
  const out = new vscode.Diagnostic(range, msg, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  out.source = 'ksim';
  out.code = d.code;
  return out;
}

export class LiveDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ksim');
  private readonly pending = new Map<string, Debouncer>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly delayMs = 300) {
    this.subs.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.check(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.pending.get(d.uri.toString())?.dispose();
        this.pending.delete(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    );
    vscode.workspace.textDocuments.forEach((d) => this.check(d));
  }

  schedule(doc: vscode.TextDocument): void {
    if (doc.languageId !== LANGUAGE_ID) return;
    const key = doc.uri.toString();
    let d = this.pending.get(key);
    if (!d) {
      d = new Debouncer(() => this.check(doc), this.delayMs);
      this.pending.set(key, d);
    }
    d.trigger();
  }

  check(doc: vscode.TextDocument): void {
    if (doc.languageId !== LANGUAGE_ID || doc.isClosed) return;
    try {
      this.collection.set(doc.uri, checkText(doc.getText(), workspaceFiles(doc)).map(toVscodeDiagnostic));
    } catch (e) {
      // A checker bug must not take the editor down; show it where the user looks.
      this.collection.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `KSim checker failed: ${e instanceof Error ? e.message : String(e)}`, vscode.DiagnosticSeverity.Warning)]);
    }
  }

  dispose(): void {
    this.pending.forEach((d) => d.dispose());
    this.subs.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}
