// Rename (F2), Find All References and the highlights of a name under the cursor, for the
// file's own names: fns, programs, kernel images, parameters and variables
// (extension/model/symbols.ts says which uses belong together).
import * as vscode from 'vscode';
import type { SourceSpan } from '../model/scenarioNames';
import { occurrencesAt, renameProblem } from '../model/symbols';

function range(s: SourceSpan): vscode.Range {
  return new vscode.Range(s.line - 1, s.col - 1, s.line - 1, s.endCol - 1);
}

function found(doc: vscode.TextDocument, pos: vscode.Position): ReturnType<typeof occurrencesAt> {
  return occurrencesAt(doc.getText(), pos.line + 1, pos.character + 1);
}

export const renameProvider: vscode.RenameProvider = {
  prepareRename(doc, pos) {
    const f = found(doc, pos);
    if (!f) throw new Error('Put the cursor on a name to rename it');
    if ('refused' in f) throw new Error(f.refused);
    const here = f.spans.find((s) => s.line === pos.line + 1 && s.col <= pos.character + 1 && pos.character + 1 <= s.endCol);
    return here ? { range: range(here), placeholder: f.name } : undefined;
  },
  provideRenameEdits(doc, pos, newName) {
    const f = found(doc, pos);
    if (!f || 'refused' in f) return undefined;
    const problem = renameProblem(doc.getText(), f, newName);
    if (problem) throw new Error(problem);
    const edit = new vscode.WorkspaceEdit();
    for (const s of f.spans) edit.replace(doc.uri, range(s), newName);
    return edit;
  },
};

export const referenceProvider: vscode.ReferenceProvider = {
  provideReferences(doc, pos, context) {
    const f = found(doc, pos);
    if (!f || 'refused' in f) return [];
    const isDecl = (s: SourceSpan): boolean => s.line === f.declaration.line && s.col === f.declaration.col;
    return f.spans.filter((s) => context.includeDeclaration || !isDecl(s)).map((s) => new vscode.Location(doc.uri, range(s)));
  },
};

export const highlightProvider: vscode.DocumentHighlightProvider = {
  provideDocumentHighlights(doc, pos) {
    const f = found(doc, pos);
    if (!f || 'refused' in f) return undefined;
    return f.spans.map((s) => new vscode.DocumentHighlight(range(s),
      s.line === f.declaration.line && s.col === f.declaration.col ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read));
  },
};
