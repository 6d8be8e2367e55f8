// The light bulb on a checker diagnostic that suggests a name: "Change to '_lwp_self'".
import * as vscode from 'vscode';
import { suggestedName } from '../model/quickFixes';

export const quickFixProvider: vscode.CodeActionProvider = {
  provideCodeActions(doc, _range, context) {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== 'ksim') continue;
      const name = suggestedName(d.message, doc.getText(d.range));
      if (!name) continue;
      const fix = new vscode.CodeAction(`Change to '${name}'`, vscode.CodeActionKind.QuickFix);
      fix.edit = new vscode.WorkspaceEdit();
      fix.edit.replace(doc.uri, d.range, name);
      fix.diagnostics = [d];
      fix.isPreferred = true;
      actions.push(fix);
    }
    return actions;
  },
};

export const QUICK_FIX_METADATA: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
