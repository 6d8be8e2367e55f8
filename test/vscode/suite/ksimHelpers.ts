// Helpers for KSim's own extension-host tests (kernelViews, runner, language): the activated
// extension's API, polling, and scenario files written to a temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KsimApi } from '../../../extension/main';
import type { TreeNode } from '../../../extension/model/nodes';

export async function ksimApi(): Promise<KsimApi> {
  const ext = vscode.extensions.getExtension<KsimApi>('ksim.ksim');
  if (!ext) throw new Error('KSim is not loaded');
  return ext.activate();
}

/** Polls until `check` returns a value other than undefined/false, or throws after `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-scenarios-'));

/** Writes a scenario to a temporary folder and returns its URI. */
export function scenarioFile(name: string, text: string): vscode.Uri {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return vscode.Uri.file(p);
}

/** The 1-based line of the first line containing `marker`. */
export function lineOf(text: string, marker: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no line with ${marker}`);
  return i + 1;
}

/** Ends every debug session and waits until none is left. */
export async function stopAllSessions(): Promise<void> {
  if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  await waitFor('no debug session', () => vscode.debug.activeDebugSession === undefined, 10_000).catch(() => undefined);
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
}

/** The first node of a view's tree, depth first, that `pred` accepts. */
export function findNode(nodes: readonly TreeNode[], pred: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = findNode(n.children ?? [], pred);
    if (c) return c;
  }
  return undefined;
}

/** A breakpoint on the line of `text` that carries `marker` (a `// COMMENT` in the scenario). */
export function breakpointAt(uri: vscode.Uri, text: string, marker: string): vscode.SourceBreakpoint {
  const line = lineOf(text, marker) - 1;
  return new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line, 4)));
}

/**
 * Opens the scenario, sets a breakpoint at `marker` and presses F5 with no launch.json (the
 * configuration provider fills in "debug the open scenario"); the caller waits for the stop.
 */
export async function debugOpenScenarioTo(uri: vscode.Uri, text: string, marker: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  vscode.debug.addBreakpoints([breakpointAt(uri, text, marker)]);
  await vscode.commands.executeCommand('workbench.action.debug.start');
}

/**
 * Waits until VS Code has focused a stack frame of `session` after a stop. Our `stopped`
 * phase comes from the adapter's event, which arrives before the workbench has fetched the
 * threads and focused one; a step or continue command run in between acts on nothing.
 */
export async function waitForFocusedFrame(session: vscode.DebugSession, ms = 15_000): Promise<vscode.DebugStackFrame> {
  return waitFor('VS Code to focus a frame of the stopped session', () => {
    const item = vscode.debug.activeStackItem;
    return item instanceof vscode.DebugStackFrame && item.session.id === session.id ? item : undefined;
  }, ms);
}
