// The last known state of the machine behind the KSim debug session: what the four Kernel
// views and the status bar show. It asks the adapter with the contract's custom requests,
// keeps the answers when the session stops (the views show the last state), and tells its
// listeners which views changed. No `vscode` here: the request function is injected.

import {
  Requests, Views,
  type GenerationsResponse, type KexecImagesResponse, type LwpTableResponse, type MachineSummary,
  type MemoryMapResponse, type ViewId,
} from '../../debug-adapter/contract';

export type RequestFn = (command: string, args?: unknown) => Promise<unknown>;

export interface KernelSnapshot {
  lwps?: LwpTableResponse;
  kexec?: KexecImagesResponse;
  physmem?: MemoryMapResponse;
  boots?: GenerationsResponse;
  summary?: MachineSummary;
}

export type SessionPhase = 'none' | 'running' | 'stopped' | 'ended';

type Listener = (views: readonly ViewId[]) => void;

const FETCH: Readonly<Record<ViewId, { request: string; key: keyof KernelSnapshot }>> = {
  [Views.lwps]: { request: Requests.lwps, key: 'lwps' },
  [Views.kexec]: { request: Requests.kexecImages, key: 'kexec' },
  [Views.physmem]: { request: Requests.memoryMap, key: 'physmem' },
  [Views.boots]: { request: Requests.generations, key: 'boots' },
};

export class KernelState {
  private snap: KernelSnapshot = {};
  private phaseValue: SessionPhase = 'none';
  private request: RequestFn | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly errors = new Map<ViewId, string>();
  /** Bumped on every attach/detach, so answers to an older session are dropped. */
  private epoch = 0;

  get snapshot(): Readonly<KernelSnapshot> {
    return this.snap;
  }

  get phase(): SessionPhase {
    return this.phaseValue;
  }

  /** The error of the last fetch for a view, if it failed. */
  errorOf(view: ViewId): string | undefined {
    return this.errors.get(view);
  }

  onDidChange(l: Listener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  /** A new session: forget the previous machine, ask this one. */
  attach(request: RequestFn): void {
    this.epoch++;
    this.request = request;
    this.snap = {};
    this.errors.clear();
    this.phaseValue = 'running';
    this.emit(Object.values(Views));
  }

  /**
   * The session ended: keep the last state on screen, stop asking. Answers still in flight
   * from this session are kept (they are its final state); only a new session drops them.
   */
  detach(): void {
    this.request = undefined;
    // Requests that failed because the session was going away say nothing about the machine.
    this.errors.clear();
    this.phaseValue = this.phaseValue === 'none' ? 'none' : 'ended';
    if (this.snap.summary) this.snap = { ...this.snap, summary: { ...this.snap.summary, status: 'terminated' } };
    this.emit(Object.values(Views));
  }

  setPhase(p: SessionPhase): void {
    this.phaseValue = p;
  }

  setSummary(s: MachineSummary): void {
    this.snap = { ...this.snap, summary: s };
    if (s.status === 'stopped' || s.status === 'running') this.phaseValue = s.status;
  }

  /** Fetches the given views (all by default) and the summary; failures keep the old data. */
  async refresh(views: readonly ViewId[] = Object.values(Views)): Promise<void> {
    const req = this.request;
    if (!req) return;
    const epoch = this.epoch;
    const changed: ViewId[] = [];
    await Promise.all([
      ...views.map(async (v) => {
        const f = FETCH[v];
        try {
          const body = await req(f.request, {});
          if (epoch !== this.epoch) return;
          (this.snap as Record<string, unknown>)[f.key] = body;
          this.errors.delete(v);
          changed.push(v);
        } catch (e) {
          if (epoch !== this.epoch) return;
          this.errors.set(v, e instanceof Error ? e.message : String(e));
          changed.push(v);
        }
      }),
      (async () => {
        try {
          const s = (await req(Requests.summary, {})) as MachineSummary;
          if (epoch === this.epoch && s) this.setSummary(s);
        } catch {
          // The summary is optional: the views carry the same facts.
        }
      })(),
    ]);
    if (epoch === this.epoch) this.emit(changed.length ? changed : views);
  }

  private emit(views: readonly ViewId[]): void {
    for (const l of this.listeners) l(views);
  }
}
