// "Step This LWP Only" in the LWPs view: runs one LWP while every other LWP stays frozen
// (the adapter's `ksim/stepLwp`; VS Code itself never sends DAP's `singleThread`). The user
// picks how far: a statement, into the kernel, out of the frame, or on to a breakpoint.
import * as vscode from 'vscode';
import { Requests, type StepLwpArguments, type StepLwpKind } from '../../debug-adapter/contract';
import type { TreeNode } from '../model/nodes';

// `step`, not `kind`: QuickPickItem already has a `kind` (separator or default).
const KINDS: readonly { step: StepLwpKind; label: string; detail: string }[] = [
  { step: 'next', label: '$(debug-step-over) Step Over', detail: 'to its next statement' },
  { step: 'stepIn', label: '$(debug-step-into) Step Into', detail: 'into the syscall it is about to make, in the kernel' },
  { step: 'stepOut', label: '$(debug-step-out) Step Out', detail: 'out of the current function or kernel frame' },
  { step: 'continue', label: '$(debug-continue) Continue', detail: 'until a breakpoint only this LWP reaches, or it blocks' },
];

export async function stepLwpOnly(node: TreeNode | undefined, session: vscode.DebugSession | undefined, kind?: StepLwpKind): Promise<void> {
  const lwp = node?.lwp;
  if (!lwp) {
    void vscode.window.showErrorMessage('KSim: run "Step This LWP Only" from an LWP in the LWPs view.');
    return;
  }
  if (!session) {
    void vscode.window.showErrorMessage('KSim: no KSim debug session is stopped: there is no LWP to step.');
    return;
  }
  let how = kind;
  if (how === undefined) {
    const pick = await vscode.window.showQuickPick(KINDS.map((k) => ({ label: k.label, description: k.detail, step: k.step })), {
      placeHolder: `Run LWP ${lwp.pid}.${lwp.lid}${lwp.name ? ` (${lwp.name})` : ''} alone; every other LWP stays frozen`,
    });
    if (!pick) return;
    how = pick.step;
  }
  const args: StepLwpArguments = { pid: lwp.pid, lid: lwp.lid, kind: how };
  try {
    await session.customRequest(Requests.stepLwp, args);
  } catch (e) {
    void vscode.window.showErrorMessage(`KSim: ${e instanceof Error ? e.message : String(e)}`);
  }
}
