// "KSim: Run Syscall...": pick a syscall of the current ABI (with its synopsis), fill in each
// argument with validation, run it on the live session or a scratch machine, and show the
// result with the errno name and meaning. Every run goes into the history ("Run Again").
import * as vscode from 'vscode';
import { abiTable } from '../../kernel/abi';
import { ContextKeys, type RunSyscallResponse, type SyscallInfo } from '../../debug-adapter/contract';
import { callText, parseArgs } from '../model/argParse';
import { RunHistory, type HistoryEntry } from '../model/history';
import { resultText } from '../model/resultText';
import type { KsimOutput } from '../ui/outputChannel';
import { askArg } from './argPrompts';
import type { SyscallBackend } from './backend';

const HISTORY_KEY = 'ksim.syscallHistory';

/** What a non-interactive run (the command with arguments, tests, history) passes. */
export interface RunRequest {
  readonly name: string;
  readonly args: readonly string[];
  readonly pid?: number;
  readonly lid?: number;
}

export interface RunOutcome {
  readonly call: string;
  readonly response?: RunSyscallResponse;
  /** The validation or transport error, when the call did not run. */
  readonly error?: string;
  readonly headline: string;
  readonly backend: string;
}

export class SyscallRunner {
  readonly history: RunHistory;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly backend: () => SyscallBackend,
    private readonly output: KsimOutput,
    private readonly afterRun: (live: boolean) => Promise<void>,
  ) {
    this.history = new RunHistory(memento.get<HistoryEntry[]>(HISTORY_KEY, []));
    void this.updateContext();
  }

  /** The palette command: interactive unless arguments are given. */
  async command(req?: RunRequest): Promise<RunOutcome | undefined> {
    if (req && typeof req.name === 'string') return this.runTexts(req, false);
    const backend = this.backend();
    const { abi, syscalls } = await backend.catalog();
    const picked = await this.pickSyscall(syscalls, abi, backend.label);
    if (!picked) return undefined;
    if ('entry' in picked) return this.runTexts({ name: picked.entry.syscall, args: picked.entry.argTexts }, true);
    const info = picked.info;
    const t = abiTable(abi);
    const texts: string[] = [];
    for (let i = 0; i < info.args.length; i++) {
      const text = await askArg(info.args[i], {
        constants: t.allConstants, signals: t.signals, lwps: () => backend.lwps(),
        step: i + 1, totalSteps: info.args.length, title: `${info.synopsis} — on ${backend.label}`,
      });
      if (text === undefined) return undefined;
      texts.push(text);
    }
    return this.runTexts({ name: info.name, args: texts }, true);
  }

  /** Runs the most recent history entry again, or one given by index. */
  async rerun(index?: number): Promise<RunOutcome | undefined> {
    const list = this.history.list();
    let entry: HistoryEntry | undefined = typeof index === 'number' ? list[index] : undefined;
    if (!entry) {
      const pick = await vscode.window.showQuickPick(list.map((e) => ({ label: `$(history) ${e.summary}`, description: e.abi, entry: e })), {
        placeHolder: list.length ? 'Run a syscall again' : 'The history is empty: run a syscall first',
      });
      entry = pick?.entry;
    }
    return entry ? this.runTexts({ name: entry.syscall, args: entry.argTexts }, true) : undefined;
  }

  async clearHistory(): Promise<void> {
    this.history.clear();
    await this.save();
  }

  /** Validates and runs; reports the result to the user when `show` (always to the output channel). */
  async runTexts(req: RunRequest, show: boolean): Promise<RunOutcome> {
    const backend = this.backend();
    const { abi, syscalls } = await backend.catalog();
    const info = syscalls.find((s) => s.name === req.name);
    if (!info) return this.refuse(req.name, `${req.name} is not a system call of the ${abi} ABI.`, backend.label, show);
    const parsed = parseArgs(info.args, req.args, abiTable(abi).allConstants);
    if (!parsed.ok) return this.refuse(`${req.name}(${req.args.join(', ')})`, parsed.message, backend.label, show);
    const call = callText(info.name, parsed.value);
    let response: RunSyscallResponse;
    try {
      response = await backend.run({ name: info.name, args: parsed.value, pid: req.pid, lid: req.lid });
    } catch (e) {
      return this.refuse(call, e instanceof Error ? e.message : String(e), backend.label, show);
    }
    const r = resultText(call, response);
    this.output.line(`[run on ${backend.label}] ${r.headline}`);
    r.details.forEach((d) => this.output.line(`    ${d}`));
    this.history.add({ syscall: info.name, abi, argTexts: [...req.args], summary: r.headline });
    await this.save();
    await this.afterRun(backend.live);
    if (show) void this.announce(r.headline, r.details, r.failed);
    return { call, response, headline: r.headline, backend: backend.label };
  }

  private async announce(headline: string, details: string[], failed: boolean): Promise<void> {
    const text = details.length ? `${headline} — ${details.join('; ')}` : headline;
    const show = failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(text, 'Run Again', 'Show Output');
    if (choice === 'Run Again') await this.rerun(0);
    else if (choice === 'Show Output') this.output.show();
  }

  private refuse(call: string, message: string, backend: string, show: boolean): RunOutcome {
    this.output.line(`[run on ${backend}] ${call} not run: ${message}`);
    if (show) void vscode.window.showErrorMessage(`KSim: ${message}`);
    return { call, error: message, headline: message, backend };
  }

  private async pickSyscall(syscalls: SyscallInfo[], abi: string, where: string): Promise<{ info: SyscallInfo } | { entry: HistoryEntry } | undefined> {
    type Item = vscode.QuickPickItem & { info?: SyscallInfo; entry?: HistoryEntry };
    const items: Item[] = [];
    const hist = this.history.list().filter((e) => e.abi === abi).slice(0, 5);
    if (hist.length) {
      items.push({ label: 'recent', kind: vscode.QuickPickItemKind.Separator });
      hist.forEach((e) => items.push({ label: `$(history) ${e.summary}`, entry: e }));
      items.push({ label: `${abi} syscalls`, kind: vscode.QuickPickItemKind.Separator });
    }
    for (const s of syscalls) items.push({ label: s.name, description: `#${s.number}`, detail: s.synopsis, info: s });
    const pick = await vscode.window.showQuickPick(items, {
      title: `KSim: Run Syscall on ${where} (${abi} ABI)`, placeHolder: 'Pick a system call', matchOnDetail: true, ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    return pick.entry ? { entry: pick.entry } : pick.info ? { info: pick.info } : undefined;
  }

  private async save(): Promise<void> {
    await this.memento.update(HISTORY_KEY, this.history.toJSON());
    await this.updateContext();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.hasSyscallHistory, this.history.size > 0);
  }
}
