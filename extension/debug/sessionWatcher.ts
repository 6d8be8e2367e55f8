// Follows the KSim debug sessions: attaches KernelState to the active one, refreshes it from
// the adapter's custom events (debounced, so a burst of steps costs one round of requests),
// keeps the last state when the session ends, and keeps the context keys in step.
import * as vscode from 'vscode';
import {
  ContextKeys, DEBUG_TYPE, Events, Settings,
  type GenerationStartedEventBody, type StateChangedEventBody, type ViewId,
} from '../../debug-adapter/contract';
import { Debouncer } from '../model/debounce';
import type { KernelState } from '../model/kernelState';

export class SessionWatcher implements vscode.Disposable {
  private session: vscode.DebugSession | undefined;
  private readonly pendingViews = new Set<ViewId>();
  private pendingAll = false;
  private readonly debouncer: Debouncer;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly generationEmitter = new vscode.EventEmitter<GenerationStartedEventBody>();
  /** A new boot generation started (status bar and output channel announce it). */
  readonly onDidStartGeneration = this.generationEmitter.event;

  constructor(private readonly state: KernelState) {
    const ms = vscode.workspace.getConfiguration().get<number>(Settings.viewRefreshDebounceMs, 150);
    this.debouncer = new Debouncer(() => void this.flush(), Math.max(0, ms));
    this.disposables.push(
      vscode.debug.onDidStartDebugSession((s) => this.onStart(s)),
      vscode.debug.onDidChangeActiveDebugSession((s) => {
        if (s?.type === DEBUG_TYPE && s !== this.session) this.onStart(s);
      }),
      vscode.debug.onDidTerminateDebugSession((s) => this.onEnd(s)),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onCustomEvent(e)),
      this.generationEmitter,
    );
    const active = vscode.debug.activeDebugSession;
    if (active?.type === DEBUG_TYPE) this.onStart(active);
  }

  /** The KSim session the views show, if one runs. */
  get activeSession(): vscode.DebugSession | undefined {
    return this.session;
  }

  /** Refreshes now (after a context action or a syscall run), bypassing the debounce. */
  async refreshNow(views?: ViewId[]): Promise<void> {
    this.debouncer.cancel();
    this.pendingAll = false;
    this.pendingViews.clear();
    await this.state.refresh(views);
  }

  /** Schedules a debounced refresh of some views (all when none are given). */
  scheduleRefresh(views?: readonly ViewId[]): void {
    if (!views) this.pendingAll = true;
    else views.forEach((v) => this.pendingViews.add(v));
    this.debouncer.trigger();
  }

  private onStart(s: vscode.DebugSession): void {
    if (s.type !== DEBUG_TYPE) return;
    this.session = s;
    this.state.attach((command, args) => Promise.resolve(s.customRequest(command, args)));
    void vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, true);
    void vscode.commands.executeCommand('setContext', ContextKeys.sessionStopped, false);
    this.scheduleRefresh();
  }

  private onEnd(s: vscode.DebugSession): void {
    if (s !== this.session) return;
    this.session = undefined;
    this.debouncer.flush();
    this.state.detach();
    void vscode.commands.executeCommand('setContext', ContextKeys.sessionActive, false);
    void vscode.commands.executeCommand('setContext', ContextKeys.sessionStopped, false);
  }

  private onCustomEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.session.type !== DEBUG_TYPE) return;
    if (e.session !== this.session) this.onStart(e.session);
    if (e.event === Events.stateChanged) {
      const body = e.body as StateChangedEventBody | undefined;
      if (body?.summary) {
        this.state.setSummary(body.summary);
        void vscode.commands.executeCommand('setContext', ContextKeys.abi, body.summary.abi);
        void vscode.commands.executeCommand('setContext', ContextKeys.sessionStopped, body.summary.status === 'stopped');
        void vscode.commands.executeCommand('setContext', ContextKeys.imageStaged, body.summary.imageStaged.normal || body.summary.imageStaged.crash);
      }
      // While running, the machine changes constantly; the views follow at stops and syscalls.
      if (body?.reason === 'continued') return;
      // The machine is about to go away: read its final state now, while the adapter answers,
      // so the views keep the real last state (not the last stop's).
      if (body?.reason === 'terminated') {
        void this.refreshNow();
        return;
      }
      this.scheduleRefresh(body?.views);
    } else if (e.event === Events.generationStarted) {
      const body = e.body as GenerationStartedEventBody | undefined;
      if (body) this.generationEmitter.fire(body);
      // A new generation may run to its end before a debounced refresh: read it now.
      void this.refreshNow();
    }
  }

  private async flush(): Promise<void> {
    const views = this.pendingAll ? undefined : [...this.pendingViews];
    this.pendingAll = false;
    this.pendingViews.clear();
    await this.state.refresh(views);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
