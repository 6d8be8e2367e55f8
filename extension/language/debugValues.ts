// The editor's side of a stopped session: which expression a debug hover evaluates, and which
// locals VS Code shows inline after the lines that have run (`debug.inlineValues`). The
// positions come from extension/model/debugExpressions.ts; VS Code does the evaluating.
import * as vscode from 'vscode';
import { hoverExpressionAt, inlineValueSpots } from '../model/debugExpressions';

export const evaluatableExpressionProvider: vscode.EvaluatableExpressionProvider = {
  provideEvaluatableExpression(doc, pos) {
    const e = hoverExpressionAt(doc.getText(), pos.line + 1, pos.character + 1);
    return e ? new vscode.EvaluatableExpression(new vscode.Range(e.line - 1, e.col - 1, e.line - 1, e.endCol - 1), e.text) : undefined;
  },
};

export const inlineValuesProvider: vscode.InlineValuesProvider = {
  provideInlineValues(doc, viewPort, context) {
    const stoppedLine = context.stoppedLocation.end.line + 1;
    return inlineValueSpots(doc.getText(), stoppedLine)
      .filter((s) => s.line - 1 >= viewPort.start.line && s.line - 1 <= viewPort.end.line)
      .map((s) => new vscode.InlineValueVariableLookup(new vscode.Range(s.line - 1, s.col - 1, s.line - 1, s.endCol - 1), s.name, true));
  },
};
