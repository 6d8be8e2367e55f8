// The state of one debug session, shared by the request handlers: the simulation (host and
// engine), the breakpoints, thread and variable handles, the current stop, and the code that
// runs the machine and reports where it stopped (the DAP events of a stop, including the kexec
// step-over sequence).

import { Handles, InvalidatedEvent, LoadedSourceEvent, OutputEvent, ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, StoppedEvent, ThreadEvent, ExitedEvent, TerminatedEvent, Event } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Breakpoints } from './engine/breakpoints';
import { Engine, type Stop } from './engine/engine';
import { StepPlan, type StepRequest } from './engine/plans';
import type { HostFactory, LwpKey, NamedValue, SimEvent, SimHost, DebugValue } from './engine/sim-host';
import { lwpKeyString } from './engine/sim-host';
import { Events, type KsimLaunchArguments, type MachineSummary, type StateChangeReason, type GenerationStartedEventBody } from './contract';
import { DapError, ErrorIds } from './handlers/route';
import { GenerationSourceTracker } from './loaded-sources';

/** What a variablesReference points at. */
export type VarContainer =
  | { kind: 'named'; get: () => NamedValue[]; settable?: { lwp: LwpKey; frame: number } }
  | { kind: 'list'; value: Extract<DebugValue, { type: 'list' }> }
  | { kind: 'bytes'; value: Extract<DebugValue, { type: 'bytes' }> };

export interface FrameRef {
  lwp: LwpKey;
  kind: 'user' | 'kernel';
  userIndex: number;
  name: string;
}

export type SessionStatus = 'idle' | 'running' | 'stopped' | 'terminated';

export interface Transport {
  sendEvent(e: DebugProtocol.Event): void;
}

/** DAP thread ids for LWPs: stable for an LWP (generation, pid, lid) for the whole session. */
export class ThreadIds {
  private byKey = new Map<string, number>();
  private byId = new Map<number, LwpKey>();
  private next = 1;

  id(k: LwpKey): number {
    const s = lwpKeyString(k);
    let id = this.byKey.get(s);
    if (id === undefined) {
      id = this.next++;
      this.byKey.set(s, id);
      this.byId.set(id, { gen: k.gen, pid: k.pid, lid: k.lid });
    }
    return id;
  }

  key(id: number): LwpKey | undefined {
    return this.byId.get(id);
  }
}

/** What a run without debugging checks: nothing. */
const NO_BREAKPOINTS = new Breakpoints();
NO_BREAKPOINTS.exceptions = { syscallFails: false, expectFails: false, panic: false, kexecReboot: false };

export class SessionContext {
  host: SimHost | null = null;
  engine: Engine | null = null;
  readonly bps = new Breakpoints();
  launchArgs: KsimLaunchArguments | null = null;
  client: DebugProtocol.InitializeRequestArguments = { adapterID: 'ksim' };
  status: SessionStatus = 'idle';
  stop: Stop | null = null;
  readonly threads = new ThreadIds();
  refs = new Handles<VarContainer>();
  frames = new Map<number, FrameRef>();
  /** The last `stepInTargets` answer by target id, for the `stepIn` that picks one. */
  stepTargets = new Map<number, { site: string; name: string; lwp: LwpKey }>();
  private nextTargetId = 1;
  private nextFrameId = 1;
  /** Threads the client was told about (keys), so thread events stay balanced. */
  private announced = new Map<string, LwpKey>();
  private lastGeneration = 0;
  private deadlockShown = false;
  private progressSeq = 0;
  /** The boot generations' images as the LOADED SCRIPTS view knows them. */
  private readonly imageSources = new GenerationSourceTracker();
  private configurationDoneResolve: (() => void) | null = null;
  readonly configurationDone: Promise<void>;
  trace = false;
  /** Plain integers in hex in every value the session shows (`ksim/setValueFormat`). */
  hexValues = false;

  constructor(readonly transport: Transport, readonly factory: HostFactory) {
    this.configurationDone = new Promise((resolve) => (this.configurationDoneResolve = resolve));
  }

  markConfigurationDone(): void {
    this.configurationDoneResolve?.();
  }

  requireHost(): SimHost {
    if (!this.host) throw new DapError(ErrorIds.notLaunched, 'No machine is running: launch a scenario first');
    return this.host;
  }

  requireEngine(): Engine {
    if (!this.engine) throw new DapError(ErrorIds.notLaunched, 'No machine is running: launch a scenario first');
    return this.engine;
  }

  requireStopped(): Engine {
    const engine = this.requireEngine();
    if (engine.isRunning) throw new DapError(ErrorIds.running, 'The machine is running: pause it first');
    return engine;
  }

  lwpOfThread(threadId: unknown): LwpKey {
    const key = typeof threadId === 'number' ? this.threads.key(threadId) : undefined;
    if (!key) throw new DapError(ErrorIds.unknownThread, `Unknown thread ${String(threadId)}`);
    return key;
  }

  /** The LWP the session is stopped on (or the first live one). */
  currentLwp(): LwpKey | null {
    if (this.stop?.lwp) return this.stop.lwp;
    const first = this.host?.threadList()[0];
    return first && this.host ? { gen: this.host.generation(), pid: first.pid, lid: first.lid } : null;
  }

  send(e: DebugProtocol.Event): void {
    this.transport.sendEvent(e);
  }

  output(text: string, category: 'console' | 'stdout' | 'stderr' | 'important' = 'console'): void {
    this.send(new OutputEvent(text.endsWith('\n') ? text : text + '\n', category));
  }

  /** Starts a machine for the launch arguments; throws DapError with the diagnostics. */
  async start(args: KsimLaunchArguments): Promise<void> {
    this.dispose();
    const created = await this.factory.create({ program: args.program, seed: args.seed, abi: args.abi });
    if ('diagnostics' in created) {
      const lines = created.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
      for (const line of lines) this.output(line, 'stderr');
      throw new DapError(ErrorIds.launchFailed, `The scenario has errors:\n${lines.join('\n')}`);
    }
    this.host = created.host;
    this.engine = new Engine(created.host, { onNewEvent: (e) => this.onNewEvent(e) });
    this.lastGeneration = created.host.generation();
    this.syncLoadedSources();
    this.deadlockShown = false;
    this.status = 'stopped';
  }

  /** Frees the machine and its history (disconnect, restart). */
  dispose(): void {
    this.engine?.cancel();
    this.engine?.history.clear();
    this.engine = null;
    this.host = null;
    this.stop = null;
    this.resetHandles();
  }

  resetHandles(): void {
    this.refs = new Handles<VarContainer>();
    this.frames.clear();
    this.stepTargets.clear();
    this.nextFrameId = 1;
  }

  stepTargetId(target: { site: string; name: string; lwp: LwpKey }): number {
    const id = this.nextTargetId++;
    this.stepTargets.set(id, target);
    return id;
  }

  frameId(ref: FrameRef): number {
    const id = this.nextFrameId++;
    this.frames.set(id, ref);
    return id;
  }

  /** Runs the machine under a step request, then reports the stop. */
  async run(step: StepRequest): Promise<void> {
    const engine = this.requireStopped();
    const host = this.requireHost();
    this.stop = null;
    this.status = 'running';
    this.resetHandles();
    this.bps.refreshData(host);
    const bps = this.launchArgs?.noDebug ? NO_BREAKPOINTS : this.bps;
    const plan = new StepPlan(host, bps, step, (text, e) => this.logpoint(text, e));
    const progress = this.progressWatch();
    const stop = await engine.resume({
      check: (e, pos, fresh) => {
        const s = plan.check(e, pos, fresh);
        if (s && (e.kind === 'kernelPoint' || e.kind === 'syscallEnter')) s.jsStack = new Error().stack;
        return s;
      },
    }, progress.tick, step.kind !== 'continue', step.singleThread ? step.lwp : null);
    progress.end();
    if (stop === null || this.engine !== engine) return;
    this.reportStop(stop);
  }

  /** Sends the events of a stop: threads, kexec sequence, invalidation, stopped, state. */
  reportStop(stop: Stop): void {
    const host = this.requireHost();
    this.resetHandles();
    if (stop.ended && stop.ended.reason.startsWith('deadlock') && !this.deadlockShown && !this.launchArgs?.noDebug) {
      // Show a deadlock before ending, so the sleeping LWPs can be inspected.
      this.deadlockShown = true;
      stop = { ...stop, ended: undefined, reason: 'exception', description: 'Deadlock', text: stop.ended.reason };
    }
    this.syncLoadedSources();
    if (stop.ended) {
      this.status = 'terminated';
      this.stop = stop;
      this.syncThreads();
      this.output(`ksim: ${stop.ended.reason}`);
      // The views read the machine's final state when they hear 'terminated': tell them
      // before VS Code ends the session, while custom requests are still answered.
      this.stateChanged('terminated');
      this.send(new ExitedEvent(stop.ended.exitCode));
      this.send(new TerminatedEvent());
      return;
    }
    this.stop = stop;
    this.status = 'stopped';
    this.bps.refreshData(host);
    const gen = host.generation();
    if (gen !== this.lastGeneration) {
      this.syncThreads('exited');
      const id = `ksim-reboot-${++this.progressSeq}`;
      if (this.client.supportsProgressReporting) {
        this.send(new ProgressStartEvent(id, 'Rebooting via kexec…', `generation ${this.lastGeneration} → ${gen}`));
        this.send(new ProgressEndEvent(id, `entered ${host.banner()}`));
      }
      this.syncThreads('started');
      this.lastGeneration = gen;
      this.invalidate();
    } else {
      this.syncThreads();
    }
    const threadId = stop.lwp ? this.threads.id(stop.lwp) : this.firstThreadId();
    const ev = new StoppedEvent(stop.reason, threadId, stop.text) as DebugProtocol.StoppedEvent;
    ev.body.description = stop.description;
    ev.body.allThreadsStopped = true;
    if (stop.hitBreakpointIds) ev.body.hitBreakpointIds = stop.hitBreakpointIds;
    this.send(ev);
    this.stateChanged('stopped');
  }

  invalidate(areas: DebugProtocol.InvalidatedAreas[] = ['all']): void {
    if (this.client.supportsInvalidatedEvent) this.send(new InvalidatedEvent(areas));
  }

  stateChanged(reason: StateChangeReason): void {
    const summary = this.summary();
    if (summary) this.send(new Event(Events.stateChanged, { reason, summary }));
  }

  summary(): MachineSummary | null {
    const host = this.host;
    if (!host) return null;
    const images = host.kexecImages();
    return {
      generation: host.generation(), abi: host.abi, banner: host.banner(), now: host.now().toString(),
      processCount: host.processCount(), lwpCount: host.threadList().length,
      imageStaged: { normal: images.normal !== null, crash: images.crash !== null },
      status: this.status === 'running' ? 'running' : this.status === 'terminated' ? 'terminated' : 'stopped',
    };
  }

  /** Thread events for the difference between what the client knows and the live LWPs. */
  syncThreads(only?: 'started' | 'exited'): void {
    const host = this.host;
    if (!host) return;
    const gen = host.generation();
    const live = new Map<string, LwpKey>();
    for (const l of host.threadList()) {
      const k = { gen, pid: l.pid, lid: l.lid };
      live.set(lwpKeyString(k), k);
    }
    if (only !== 'started') {
      for (const [s, k] of this.announced) {
        if (!live.has(s)) {
          this.announced.delete(s);
          this.send(new ThreadEvent('exited', this.threads.id(k)));
        }
      }
    }
    if (only !== 'exited') {
      for (const [s, k] of live) {
        if (!this.announced.has(s)) {
          this.announced.set(s, k);
          this.send(new ThreadEvent('started', this.threads.id(k)));
        }
      }
    }
  }

  /** `loadedSource` events for images booted, ended or undone (step back, restart) since the last stop. */
  private syncLoadedSources(): void {
    if (!this.host) return;
    for (const change of this.imageSources.sync(this.host.generations())) {
      this.send(new LoadedSourceEvent(change.reason, change.source));
    }
  }

  private firstThreadId(): number {
    const first = this.announced.values().next();
    return first.done ? 1 : this.threads.id(first.value);
  }

  private logpoint(text: string, e: SimEvent): void {
    const out = new OutputEvent(text + '\n', 'console') as DebugProtocol.OutputEvent;
    if (e.kind === 'statement') {
      out.body.source = { name: e.file.split(/[\\/]/).pop(), path: e.file };
      out.body.line = e.line;
    }
    this.send(out);
  }

  /** Events seen for the first time: console output and live thread events. */
  private onNewEvent(e: SimEvent): void {
    switch (e.kind) {
      case 'output':
        this.send(new OutputEvent(e.text.endsWith('\n') ? e.text : e.text + '\n', e.category));
        break;
      case 'lwpCreated': {
        const s = lwpKeyString(e.lwp);
        // A new generation's LWPs are announced with the stop (the kexec step-over sequence).
        if (e.lwp.gen !== this.lastGeneration) break;
        if (!this.announced.has(s)) {
          this.announced.set(s, e.lwp);
          this.send(new ThreadEvent('started', this.threads.id(e.lwp)));
        }
        break;
      }
      case 'lwpExited': {
        const s = lwpKeyString(e.lwp);
        if (this.announced.delete(s)) this.send(new ThreadEvent('exited', this.threads.id(e.lwp)));
        break;
      }
      case 'generationStarted': {
        const host = this.host;
        if (!host) break;
        this.output(`ksim: generation ${e.gen} booted: ${e.banner}`, 'important');
        const rows = host.generations();
        const body: GenerationStartedEventBody = {
          generation: rows.find((g) => g.id === e.gen) ?? rows[rows.length - 1],
          previous: rows.find((g) => g.id === e.gen - 1) ?? null,
        };
        this.send(new Event(Events.generationStarted, body));
        break;
      }
      case 'panic':
        this.output(`panic: ${e.message}`, 'stderr');
        break;
      default:
        break;
    }
  }

  /** Progress events for runs longer than half a second. */
  private progressWatch(): { tick: () => void; end: () => void } {
    const started = performance.now();
    let id: string | null = null;
    let lastUpdate = 0;
    const supported = this.client.supportsProgressReporting === true;
    return {
      tick: () => {
        if (!supported) return;
        const now = performance.now();
        const host = this.host;
        if (!host) return;
        if (id === null && now - started > 500) {
          id = `ksim-run-${++this.progressSeq}`;
          const start = new ProgressStartEvent(id, 'Running the simulation', `t=${formatNs(host.now())}`) as DebugProtocol.ProgressStartEvent;
          start.body.cancellable = true; // cancel pauses the run
          this.send(start);
          lastUpdate = now;
        } else if (id !== null && now - lastUpdate > 250) {
          lastUpdate = now;
          this.send(new ProgressUpdateEvent(id, `t=${formatNs(host.now())}, ${this.engine?.pos ?? 0} events`));
        }
      },
      end: () => {
        if (id !== null) this.send(new ProgressEndEvent(id));
      },
    };
  }
}

export function formatNs(ns: bigint): string {
  if (ns < 1000n) return `${ns}ns`;
  if (ns < 1000000n) return `${Number(ns) / 1e3}µs`;
  if (ns < 1000000000n) return `${Number(ns) / 1e6}ms`;
  return `${Number(ns) / 1e9}s`;
}
