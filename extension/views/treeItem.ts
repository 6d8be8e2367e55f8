// Turns the plain TreeNode of extension/model/nodes.ts into a vscode.TreeItem.
import * as vscode from 'vscode';
import type { TreeNode } from '../model/nodes';

export function toTreeItem(n: TreeNode): vscode.TreeItem {
  const state = n.children && n.children.length > 0
    ? (n.collapsed === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded)
    : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(n.label, state);
  item.id = n.id;
  if (n.description !== undefined) item.description = n.description;
  if (n.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(n.tooltip);
  if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
  if (n.contextValue !== undefined) item.contextValue = n.contextValue;
  return item;
}
