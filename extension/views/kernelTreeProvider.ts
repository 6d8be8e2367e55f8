// The shared part of the four Kernel views: a TreeDataProvider over TreeNodes rebuilt from the
// KernelState whenever the state says this view changed. Each view (lwpTree.ts, kexecTree.ts,
// physMemTree.ts, bootsTree.ts) only says how to build its nodes and its message.
import * as vscode from 'vscode';
import type { ViewId } from '../../debug-adapter/contract';
import type { KernelState, KernelSnapshot } from '../model/kernelState';
import type { TreeNode } from '../model/nodes';
import { toTreeItem } from './treeItem';

export abstract class KernelTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: TreeNode[] = [];
  private parents = new Map<string, TreeNode>();
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly subscription: { dispose(): void };

  protected constructor(readonly viewId: ViewId, protected readonly state: KernelState) {
    this.subscription = state.onDidChange((views) => {
      if (views.includes(viewId)) this.rebuild();
    });
    this.rebuild();
  }

  /** The view's roots from the last known state (empty: the viewsWelcome text shows). */
  protected abstract build(snap: Readonly<KernelSnapshot>): TreeNode[];

  /** A line above the tree (TreeView.message), or undefined. */
  protected message(_snap: Readonly<KernelSnapshot>): string | undefined {
    return undefined;
  }

  /** Creates the TreeView (called once by main.ts). */
  createView(): vscode.TreeView<TreeNode> {
    this.view = vscode.window.createTreeView(this.viewId, { treeDataProvider: this, showCollapseAll: true });
    this.updateMessage();
    return this.view;
  }

  /** The current roots (extension-host tests read them through the `ksim.views` API). */
  get nodes(): readonly TreeNode[] {
    return this.roots;
  }

  getTreeItem(n: TreeNode): vscode.TreeItem {
    return toTreeItem(n);
  }

  getChildren(n?: TreeNode): TreeNode[] {
    return n ? [...(n.children ?? [])] : this.roots;
  }

  getParent(n: TreeNode): TreeNode | undefined {
    return this.parents.get(n.id);
  }

  /** Selects a node in the view (when it is visible), e.g. the LWP of the selected thread. */
  async reveal(pred: (n: TreeNode) => boolean): Promise<TreeNode | undefined> {
    const find = (ns: readonly TreeNode[]): TreeNode | undefined => {
      for (const n of ns) {
        if (pred(n)) return n;
        const c = find(n.children ?? []);
        if (c) return c;
      }
      return undefined;
    };
    const hit = find(this.roots);
    if (hit && this.view?.visible) await this.view.reveal(hit, { select: true, focus: false, expand: false });
    return hit;
  }

  rebuild(): void {
    this.roots = this.build(this.state.snapshot);
    this.parents = new Map();
    const walk = (ns: readonly TreeNode[], parent?: TreeNode): void => {
      for (const n of ns) {
        if (parent) this.parents.set(n.id, parent);
        walk(n.children ?? [], n);
      }
    };
    walk(this.roots);
    this.updateMessage();
    this.changed.fire(undefined);
  }

  private updateMessage(): void {
    if (!this.view) return;
    const err = this.state.errorOf(this.viewId);
    const phase = this.state.phase;
    const base = this.message(this.state.snapshot);
    const ended = phase === 'ended' && this.roots.length > 0 ? 'Session ended: showing the last state.' : undefined;
    this.view.message = [err ? `Could not read: ${err}` : undefined, ended, base].filter((x) => x).join(' ') || undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
