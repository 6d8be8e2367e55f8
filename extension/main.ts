// Entry point of the VS Code extension (bundled to dist/extension.js).
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Contributions are registered here as the extension grows (see docs/architecture.md).
}

export function deactivate(): void {}
