// The execution engine: runs a SimHost in slices, names every event by its position, stops
// where a plan says, and travels back by restoring a checkpoint and replaying.
//
// A stop inside the run is a throw from the event callback (the kernel and the scenario
// runtime never catch), so the machine is shown exactly as it is at that event ("torn": in the
// middle of a kernel function). Going on from a torn stop restores the checkpoint before it
// and replays to it silently. A pause stops between two `run` calls, where the state is clean.

import { History } from './history';
import type { LwpKey, SimEvent, SimHost, SimPatch, PatchResult, SingleThreadMode } from './sim-host';

export type StopReason =
  | 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'data breakpoint' | 'exception'
  | 'pause' | 'goto'
  /** A single-thread run whose LWP cannot go on while the others are frozen. */
  | 'blocked';

export interface Stop {
  reason: StopReason;
  description: string;
  text?: string;
  /** The LWP the stop belongs to (the thread VS Code focuses). */
  lwp: LwpKey | null;
  event: SimEvent | null;
  hitBreakpointIds?: number[];
  /** The JavaScript stack at the stop, for kernel frames (kernel points and syscall entries). */
  jsStack?: string;
  /** Set when the run is over (the session terminates instead of stopping). */
  ended?: { exitCode: number; reason: string };
}

/** Decides, event by event, where a run stops. */
export interface RunPlan {
  /** `fresh` is true the first time this event ever runs (false on a replay). */
  check(e: SimEvent, pos: number, fresh: boolean): Stop | undefined;
}

/** Where new (never seen) events go: console output, thread events, progress. */
export interface EngineListener {
  onNewEvent(e: SimEvent, pos: number): void;
}

class StopSignal {
  constructor(readonly stop: Stop) {}
}

export interface EngineOptions {
  /** Scheduler steps per `run` call. */
  budget?: number;
  /** Longest stretch of synchronous work before yielding to the event loop. */
  sliceMs?: number;
  /** Minimum wall time between checkpoints (adapts to the snapshot's own cost). */
  checkpointMs?: number;
}

export class Engine {
  /** Events counted since power-on: the position of the current state. */
  pos = 0;
  /** The furthest position ever run (events up to here were already reported). */
  highWater = 0;
  /** True when the state is stopped in the middle of a `run` (see the header). */
  torn = false;
  lastLwp: LwpKey | null = null;
  /** The event most recently counted. */
  lastEvent: SimEvent | null = null;
  ended: { exitCode: number; reason: string } | null = null;
  readonly history = new History();
  private pauseRequested = false;
  private cancelled = false;
  private running = false;
  private skipUntil = 0;
  private stopAtPos = -1;
  private plan: RunPlan | null = null;
  /** Wall time spent running since the last checkpoint. */
  private runMsSinceCheckpoint = 0;
  private checkpointCostMs = 0;
  private readonly budget: number;
  private readonly sliceMs: number;
  private readonly checkpointMs: number;
  private readonly emit = (e: SimEvent): boolean => this.onEvent(e);
  /** A stop reached by a clean break (set by onEvent, returned by runOnce). */
  private pendingStop: Stop | null = null;

  constructor(readonly host: SimHost, private readonly listener: EngineListener, options: EngineOptions = {}) {
    this.budget = options.budget ?? 16;
    this.sliceMs = options.sliceMs ?? 4;
    this.checkpointMs = options.checkpointMs ?? 16;
    this.checkpoint();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Asks a running `resume` to stop at the next clean point (within one slice); `early` also
   * pauses a resume that was asked for but has not started yet.
   */
  pause(early = false): void {
    if (this.running || early) this.pauseRequested = true;
  }

  /** Ends any run for good (disconnect). */
  cancel(): void {
    this.cancelled = true;
  }

  /** Runs forward until the plan stops, the run ends, or a pause. Yields between slices. */
  /**
   * `short` runs (steps) checkpoint at the first clean point after where they started, so the
   * next step replays from there instead of from an older checkpoint.
   */
  /**
   * `single`: only that LWP is scheduled until the stop (a single-thread stretch, recorded in
   * the history like a patch so that replays schedule the same way).
   */
  async resume(plan: RunPlan, onSlice?: () => void, short = false, single: LwpKey | null = null): Promise<Stop | null> {
    if (this.running) throw new Error('already running');
    this.running = true;
    try {
      if (this.ended && !this.torn) return this.endStop();
      if (single) this.beginSingleThread(single);
      const wasTorn = this.torn;
      this.rewindForResume();
      this.plan = plan;
      // Only a step that had to replay benefits from a fresh checkpoint right behind it.
      this.checkpointSoon = short && wasTorn;
      for (;;) {
        const deadline = performance.now() + this.sliceMs;
        do {
          const stop = this.runOnce();
          if (stop) return stop;
          if (this.pauseRequested) {
            return { reason: 'pause', description: 'Paused', lwp: this.lastLwp, event: null };
          }
        } while (performance.now() < deadline);
        onSlice?.();
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.cancelled) return null;
        if (this.pauseRequested) {
          return { reason: 'pause', description: 'Paused', lwp: this.lastLwp, event: null };
        }
      }
    } finally {
      this.history.endSegment(this.pos, this.host.sliceCount());
      this.plan = null;
      this.running = false;
      this.pauseRequested = false;
    }
  }

  /** Opens a single-thread stretch here; a run that differs from the recorded one from here on. */
  private beginSingleThread(lwp: LwpKey): void {
    const pos = this.pos;
    if (pos < this.highWater) {
      this.history.diverge(pos);
      this.highWater = pos;
    }
    this.history.beginSegment(lwp, pos, this.host.sliceCount());
  }

  private singleMode(): SingleThreadMode | undefined {
    const h = this.history;
    // Only while a stretch lies ahead: past every stretch, runs take the kernel's fast path.
    if (!h.hasSegments || h.segmentsEnd <= this.host.sliceCount()) return undefined;
    return (slice) => h.singleAt(slice);
  }

  /** Runs synchronously to the end or to a stop, with no slicing (noDebug, scratch, tests). */
  runToEnd(plan: RunPlan, maxEvents = Number.MAX_SAFE_INTEGER): Stop | null {
    this.rewindForResume();
    this.plan = plan;
    try {
      const limit = this.pos + maxEvents;
      while (this.pos < limit) {
        const stop = this.runOnce();
        if (stop) return stop;
      }
      return null;
    } finally {
      this.plan = null;
    }
  }

  /** Puts the machine at event `target` (torn), or at power-on for 0. */
  goTo(target: number, stop: Stop): Stop {
    this.history.forgetPatchesAfter(target);
    this.history.forgetSegmentsFrom(target);
    const ck = this.history.before(target);
    this.host.restore(ck.snapshot);
    this.pos = ck.pos;
    this.torn = false;
    this.ended = null;
    if (target === ck.pos) return stop;
    this.skipUntil = target - 1;
    this.stopAtPos = target;
    this.plan = null;
    try {
      const reached = this.runUntilSignal();
      const at = this.lastSignal;
      // Back inside a single-thread stretch: from here on the run is an ordinary one.
      if (reached && this.history.cutSegmentAt(target, this.host.sliceCount())) {
        this.history.diverge(target);
        this.highWater = Math.min(this.highWater, target);
      }
      return reached && at ? { ...stop, lwp: at.lwp, event: at.event, jsStack: at.jsStack } : this.endStop();
    } finally {
      this.stopAtPos = -1;
    }
  }

  /**
   * The last position before `before` whose event matches, scanning back checkpoint by
   * checkpoint (each scan is a replay of one checkpoint interval). Leaves the state undefined:
   * call goTo next.
   */
  findLast(before: number, match: (e: SimEvent, pos: number) => boolean, onRestore?: () => void): number | undefined {
    let hi = before;
    for (const ck of this.history.walkBack(before)) {
      if (ck.pos >= hi) continue;
      this.host.restore(ck.snapshot);
      this.pos = ck.pos;
      onRestore?.();
      let found: number | undefined;
      this.skipUntil = hi - 1;
      this.stopAtPos = hi;
      this.plan = {
        check: () => undefined,
      };
      const scan = (e: SimEvent, pos: number): void => {
        if (pos < hi && match(e, pos)) found = pos;
      };
      this.scanner = scan;
      try {
        this.runUntilSignal();
      } finally {
        this.scanner = null;
        this.stopAtPos = -1;
        this.plan = null;
      }
      if (found !== undefined) return found;
      hi = ck.pos + 1;
      if (ck.pos === 0) break;
    }
    return undefined;
  }

  /** Back to power-on (clean), keeping the history; then run a plan to the first stop. */
  rewindToStart(): void {
    this.history.forgetPatchesAfter(0);
    this.history.forgetSegmentsFrom(0);
    const ck = this.history.before(0);
    this.host.restore(ck.snapshot);
    this.pos = ck.pos;
    this.torn = false;
    this.ended = null;
  }

  /** Applies a user change at the current position and records it in the history. */
  applyPatch(patch: SimPatch): PatchResult {
    const result = this.host.apply(patch);
    // A refused change changed nothing: nothing to replay.
    if (result.ok === false) return result;
    this.history.recordPatch(this.pos, patch);
    if (!this.torn) this.checkpoint();
    return result;
  }

  private scanner: ((e: SimEvent, pos: number) => void) | null = null;
  private checkpointSoon = false;
  private lastSignal: Stop | null = null;

  private rewindForResume(): void {
    if (!this.torn) {
      this.skipUntil = this.pos;
      return;
    }
    const target = this.pos;
    const ck = this.history.before(target);
    this.host.restore(ck.snapshot);
    this.pos = ck.pos;
    this.torn = false;
    this.skipUntil = target;
  }

  /** Replays until the stop signal at `stopAtPos`; false when the run ended first. */
  private runUntilSignal(): boolean {
    for (;;) {
      let status;
      try {
        status = this.host.run(this.budget, this.emit, this.singleMode());
      } catch (err) {
        if (err instanceof StopSignal) {
          this.torn = true;
          this.lastSignal = err.stop;
          return true;
        }
        throw err;
      }
      if (status !== 'budget') return false;
    }
  }

  /** One `run` call; returns a stop, or null when the budget ran out cleanly. */
  private runOnce(): Stop | null {
    let status;
    const t0 = performance.now();
    try {
      status = this.host.run(this.budget, this.emit, this.singleMode());
    } catch (err) {
      this.runMsSinceCheckpoint += performance.now() - t0;
      this.torn = true;
      if (err instanceof StopSignal) return err.stop;
      const message = err instanceof Error ? err.message : String(err);
      return {
        reason: 'exception', description: `Simulator error: ${message}`,
        text: err instanceof Error ? err.stack : undefined, lwp: this.lastLwp, event: null,
      };
    }
    this.runMsSinceCheckpoint += performance.now() - t0;
    this.torn = false;
    if (this.pendingStop) {
      const stop = this.pendingStop;
      this.pendingStop = null;
      return stop;
    }
    if (status === 'ended') {
      this.ended ??= { exitCode: 0, reason: 'the machine stopped' };
      return this.endStop();
    }
    if (status === 'blocked') {
      return { reason: 'blocked', description: this.host.blockedReason, lwp: this.history.singleAt(this.host.sliceCount()) ?? this.lastLwp, event: null };
    }
    if (this.checkpointSoon && this.pos > this.skipUntil) {
      this.checkpointSoon = false;
      const latest = this.history.latest;
      if (!latest || latest.pos < this.pos) this.checkpoint();
    } else {
      this.maybeCheckpoint();
    }
    return null;
  }

  private endStop(): Stop {
    const ended = this.ended ?? { exitCode: 0, reason: 'the machine stopped' };
    return { reason: 'pause', description: ended.reason, lwp: this.lastLwp, event: null, ended };
  }

  private onEvent(e: SimEvent): boolean {
    const pos = ++this.pos;
    this.lastEvent = e;
    if ('lwp' in e && e.lwp) this.lastLwp = e.lwp;
    if (e.kind === 'ended') this.ended = { exitCode: e.exitCode, reason: e.reason };
    if (this.history.hasPatches) {
      const patches = this.history.patchesAt(pos);
      if (patches) for (const p of patches) this.host.apply(p);
    }
    if (this.scanner) this.scanner(e, pos);
    if (pos === this.stopAtPos) {
      const inKernel = e.kind === 'kernelPoint' || e.kind === 'syscallEnter';
      throw new StopSignal({ reason: 'goto', description: '', lwp: this.lastLwp, event: e, jsStack: inKernel ? new Error().stack : undefined });
    }
    const recordedBreak = this.history.isBreak(pos);
    if (pos <= this.skipUntil) return recordedBreak;
    const fresh = pos > this.highWater;
    if (fresh) {
      this.highWater = pos;
      this.listener.onNewEvent(e, pos);
    }
    const stop = this.plan?.check(e, pos, fresh);
    if (!stop) return recordedBreak;
    // A stop before a statement never run before is a clean break, recorded in the history so
    // that replays break there too (the schedule after it stays the one the user saw).
    if (e.kind === 'statement' && (fresh || recordedBreak)) {
      this.history.addBreak(pos);
      this.pendingStop = stop;
      return true;
    }
    throw new StopSignal(stop);
  }

  private maybeCheckpoint(): void {
    const every = Math.max(this.checkpointMs, this.checkpointCostMs * 8);
    if (this.runMsSinceCheckpoint < every) return;
    const latest = this.history.latest;
    if (latest && latest.pos >= this.pos) return;
    this.checkpoint();
  }

  private checkpoint(): void {
    const t0 = performance.now();
    this.history.add(this.pos, this.host.snapshot());
    this.checkpointCostMs = performance.now() - t0;
    this.runMsSinceCheckpoint = 0;
  }
}
