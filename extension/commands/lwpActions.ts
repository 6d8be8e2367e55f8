// The LWP view's context actions. Each runs the real syscall (`lwpActionSyscall` in the
// contract: _lwp_suspend, _lwp_continue, _lwp_unpark, _lwp_wakeup, _lwp_kill, _lwp_detach)
// as an LWP of the target's process, then refreshes the views and reports the result.
import * as vscode from 'vscode';
import { abiTable } from '../../kernel/abi';
import { lwpActionSyscall, type AbiName, type LwpAction, type RunSyscallResponse } from '../../debug-adapter/contract';
import { callText } from '../model/argParse';
import type { TreeNode } from '../model/nodes';
import { resultText } from '../model/resultText';
import type { SyscallBackend } from '../runner/backend';
import type { KsimOutput } from '../ui/outputChannel';

export interface LwpActionDeps {
  backend(): SyscallBackend | undefined;
  abi(): AbiName;
  output: KsimOutput;
  afterRun(): Promise<void>;
}

/** Signals offered by "Kill…", most useful first. */
const COMMON_SIGNALS = ['SIGTERM', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGINT', 'SIGHUP', 'SIGSTOP', 'SIGCONT', 'SIGALRM'];

export async function pickSignal(abi: AbiName, signo?: number | string): Promise<number | undefined> {
  const sigs = abiTable(abi).signals;
  if (typeof signo === 'number') return signo;
  if (typeof signo === 'string' && sigs[signo] !== undefined) return sigs[signo];
  const names = [...COMMON_SIGNALS.filter((s) => sigs[s] !== undefined), ...Object.keys(sigs).filter((s) => !COMMON_SIGNALS.includes(s)).sort((a, b) => sigs[a] - sigs[b])];
  const pick = await vscode.window.showQuickPick(names.map((n) => ({ label: n, description: `${sigs[n]}` })), { placeHolder: 'The signal to send with _lwp_kill' });
  return pick ? sigs[pick.label] : undefined;
}

/** Runs one action on the LWP of a tree node; `signo` skips the picker (tests, keybindings). */
export async function runLwpAction(deps: LwpActionDeps, action: LwpAction, node: TreeNode | undefined, signo?: number | string): Promise<RunSyscallResponse | undefined> {
  const lwp = node?.lwp;
  if (!lwp) {
    void vscode.window.showErrorMessage('KSim: run this action from an LWP in the LWPs view.');
    return undefined;
  }
  const backend = deps.backend();
  if (!backend) {
    void vscode.window.showErrorMessage('KSim: no KSim debug session runs: LWP actions act on the live machine.');
    return undefined;
  }
  let sig: number | undefined;
  if (action === 'kill') {
    sig = await pickSignal(deps.abi(), signo);
    if (sig === undefined) return undefined;
  }
  const req = lwpActionSyscall(action, lwp.pid, lwp.lid, sig);
  const call = callText(req.name, req.args);
  try {
    const r = await backend.run(req);
    const text = resultText(call, r);
    deps.output.line(`[LWP ${lwp.pid}.${lwp.lid}] ${text.headline}`);
    await deps.afterRun();
    const show = text.failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`LWP ${lwp.lid}${lwp.name ? ` (${lwp.name})` : ''}: ${text.headline}`);
    return r;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    deps.output.line(`[LWP ${lwp.pid}.${lwp.lid}] ${call} failed: ${msg}`);
    void vscode.window.showErrorMessage(`KSim: ${call}: ${msg}`);
    return undefined;
  }
}
