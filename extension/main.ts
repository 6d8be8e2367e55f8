// Entry point of the VS Code extension (bundled to dist/extension.js). activate() creates every
// part and registers every disposable here, in one place; the parts live in their own files:
//   debug/     inline adapter factory, configuration provider, session watcher
//   views/     one tree provider per Kernel view
//   commands/  run/debug buttons, LWP actions, show in memory
//   runner/    the command-palette syscall runner
//   language/  diagnostics, hovers, completion, definitions, outline
//   ui/        output channel, status bar
//   model/     everything above that does not need `vscode` (unit-tested in test/extension/)
import * as vscode from 'vscode';
import { Commands, DEBUG_TYPE, LANGUAGE_ID, Settings, type AbiName, type LwpAction, type StepLwpKind } from '../debug-adapter/contract';
import { runLwpAction } from './commands/lwpActions';
import { openExample } from './commands/openExample';
import { pickProgram, startScenario } from './commands/runFile';
import { DUMP_SCHEME, MemoryDumpProvider, showSegmentInMemory } from './commands/showInMemory';
import { stepLwpOnly } from './commands/stepLwpOnly';
import { ValueFormat } from './commands/valueFormat';
import { addSyscallBreakpoint } from './commands/syscallBreakpoint';
import { InlineAdapterFactory } from './debug/adapterFactory';
import { KsimConfigurationProvider } from './debug/configProvider';
import { createAdapterSession } from './debug/adapterSession';
import { SessionWatcher } from './debug/sessionWatcher';
import { LiveDiagnostics } from './language/diagnostics';
import { registerLanguageFeatures } from './language/languageFeatures';
import { documentAbi } from './model/documentAbi';
import { KernelState } from './model/kernelState';
import type { TreeNode } from './model/nodes';
import { LiveBackend, type SyscallBackend } from './runner/backend';
import { ScratchBackend } from './runner/scratchBackend';
import { SyscallRunner } from './runner/syscallRunner';
import { KsimOutput } from './ui/outputChannel';
import { KsimStatusBar } from './ui/statusBar';
import { BootsTreeProvider } from './views/bootsTree';
import { KexecTreeProvider } from './views/kexecTree';
import { KernelTreeProvider } from './views/kernelTreeProvider';
import { LwpTreeProvider } from './views/lwpTree';
import { PhysMemTreeProvider } from './views/physMemTree';

/** What activate() returns: the parts extension-host tests look at. */
export interface KsimApi {
  readonly state: KernelState;
  readonly views: Readonly<Record<string, KernelTreeProvider>>;
  readonly runner: SyscallRunner;
  readonly diagnostics: LiveDiagnostics;
  readonly statusBar: KsimStatusBar;
  readonly watcher: SessionWatcher;
}

const LWP_ACTIONS: readonly [string, LwpAction][] = [
  [Commands.lwpSuspend, 'suspend'], [Commands.lwpContinue, 'continue'], [Commands.lwpUnpark, 'unpark'],
  [Commands.lwpWakeup, 'wakeup'], [Commands.lwpKill, 'kill'], [Commands.lwpDetach, 'detach'],
];

/** The ABI a scratch machine runs: the open scenario's, else the setting, else bsd. */
function scratchAbi(): AbiName {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId === LANGUAGE_ID) return documentAbi(doc.getText());
  const setting = vscode.workspace.getConfiguration().get<string>(Settings.defaultAbi, 'scenario');
  return setting === 'linux' ? 'linux' : 'bsd';
}

export function activate(context: vscode.ExtensionContext): KsimApi {
  const output = new KsimOutput();
  const state = new KernelState();
  const watcher = new SessionWatcher(state);
  const valueFormat = new ValueFormat(context.globalState);
  const currentAbi = (): AbiName => state.snapshot.summary?.abi ?? state.snapshot.boots?.generations.at(-1)?.abi ?? 'bsd';
  const scratch = new ScratchBackend(() => scratchAbi());
  const liveBackend = (): SyscallBackend | undefined => (watcher.activeSession ? new LiveBackend(watcher.activeSession, currentAbi()) : undefined);
  const refreshAfterRun = async (live: boolean): Promise<void> => {
    if (live) await watcher.refreshNow();
  };
  const runner = new SyscallRunner(context.workspaceState, () => liveBackend() ?? scratch, output, refreshAfterRun);
  const views = {
    lwps: new LwpTreeProvider(state),
    kexec: new KexecTreeProvider(state),
    physmem: new PhysMemTreeProvider(state),
    boots: new BootsTreeProvider(state),
  };
  const diagnostics = new LiveDiagnostics();
  const statusBar = new KsimStatusBar(state);
  const lwpDeps = { backend: liveBackend, abi: currentAbi, output, afterRun: () => watcher.refreshNow() };

  context.subscriptions.push(
    output, watcher, diagnostics, statusBar, scratch,
    ...Object.values(views), ...Object.values(views).map((v) => v.createView()),
    // Debugging
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory((s) => createAdapterSession(s, output))),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new KsimConfigurationProvider(() => valueFormat.launchValue)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new KsimConfigurationProvider(() => valueFormat.launchValue), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, output.trackerFactory()),
    watcher.onDidStartGeneration((g) => output.line(`[boot] generation ${g.generation.id}: ${g.generation.banner}${g.previous ? ` (previous ${g.previous.ended}${g.previous.detail ? `: ${g.previous.detail}` : ''})` : ''}`)),
    // The LWPs view follows the thread selected in the Call Stack.
    vscode.debug.onDidChangeActiveStackItem((item) => {
      if (item?.session.type === DEBUG_TYPE) void views.lwps.reveal((n) => n.lwp?.threadId === item.threadId);
    }),
    // Commands
    vscode.commands.registerCommand(Commands.runFile, (uri?: unknown) => startScenario(uri, true)),
    vscode.commands.registerCommand(Commands.debugFile, (uri?: unknown) => startScenario(uri, false)),
    vscode.commands.registerCommand(Commands.pickProgram, () => pickProgram()),
    vscode.commands.registerCommand(Commands.runSyscall, (req?: { name: string; args: string[]; pid?: number; lid?: number }) => runner.command(req)),
    vscode.commands.registerCommand(Commands.rerunSyscall, (index?: number) => runner.rerun(typeof index === 'number' ? index : undefined)),
    vscode.commands.registerCommand(Commands.clearSyscallHistory, () => runner.clearHistory()),
    ...LWP_ACTIONS.map(([id, action]) => vscode.commands.registerCommand(id, (node?: TreeNode, signo?: number | string) => runLwpAction(lwpDeps, action, node, signo))),
    vscode.commands.registerCommand(Commands.showSegmentInMemory, (node?: TreeNode) => showSegmentInMemory(node, watcher.activeSession)),
    vscode.commands.registerCommand(Commands.lwpStepOnly, (node?: TreeNode, kind?: StepLwpKind) => stepLwpOnly(node, watcher.activeSession, kind)),
    vscode.commands.registerCommand(Commands.displayAsHex, () => valueFormat.set(true, watcher.activeSession)),
    vscode.commands.registerCommand(Commands.displayAsDecimal, () => valueFormat.set(false, watcher.activeSession)),
    vscode.commands.registerCommand(Commands.refreshViews, () => watcher.refreshNow()),
    vscode.commands.registerCommand(Commands.openWalkthrough, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#ksim.getStarted`, false)),
    vscode.commands.registerCommand(Commands.showOutput, () => output.show()),
    vscode.commands.registerCommand(Commands.openExample, (name?: unknown) => openExample(name)),
    vscode.commands.registerCommand(Commands.addSyscallBreakpoint, (name?: unknown) => addSyscallBreakpoint(liveBackend() ? currentAbi() : scratchAbi(), name)),
    vscode.workspace.registerTextDocumentContentProvider(DUMP_SCHEME, new MemoryDumpProvider(() => watcher.activeSession)),
    // Language
    ...registerLanguageFeatures(),
  );
  return { state, views, runner, diagnostics, statusBar, watcher };
}

export function deactivate(): void {}
