// "KSim: Break on Syscall...": adds a function breakpoint named after a syscall (the adapter
// stops when an LWP enters it), picked from the current ABI's list with its synopsis, or
// given as the command's argument (the walkthrough's link passes "reboot").
import * as vscode from 'vscode';
import type { AbiName } from '../../debug-adapter/contract';
import { buildCatalog } from '../model/catalog';

export async function addSyscallBreakpoint(abi: AbiName, name?: unknown): Promise<vscode.FunctionBreakpoint | undefined> {
  const catalog = buildCatalog(abi);
  let pick = typeof name === 'string' ? name : undefined;
  if (!pick) {
    const item = await vscode.window.showQuickPick(catalog.map((s) => ({ label: s.name, description: `#${s.number}`, detail: s.synopsis })), {
      title: `KSim: Break on Syscall (${abi} ABI)`, placeHolder: 'Stop when an LWP enters this system call', matchOnDetail: true,
    });
    pick = item?.label;
  }
  if (!pick) return undefined;
  const existing = vscode.debug.breakpoints.find((b): b is vscode.FunctionBreakpoint => b instanceof vscode.FunctionBreakpoint && b.functionName === pick);
  if (existing) return existing;
  const bp = new vscode.FunctionBreakpoint(pick);
  vscode.debug.addBreakpoints([bp]);
  void vscode.window.showInformationMessage(`KSim: the debugger stops when an LWP enters ${pick}.`);
  return bp;
}
