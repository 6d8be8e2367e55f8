// Checkpoints and patches: the history that makes step back a restore plus a short replay.
//
// A checkpoint is a host snapshot taken at a clean point (between two `run` calls) after event
// `pos`. A patch is a change the user made while stopped at event `pos` (a memory write, a
// syscall run from the command palette, a killed LWP); replays apply it again when they pass
// `pos`, so the history stays the one the user made. A single-thread stretch (a `singleThread`
// run) is recorded too, by the machine's slice numbers: replays schedule only that LWP over the
// same slices.

import type { LwpKey, SimPatch } from './sim-host';

export interface Checkpoint {
  /** Events counted before the snapshot was taken. */
  pos: number;
  snapshot: unknown;
}

export interface RecordedPatch {
  pos: number;
  patch: SimPatch;
}

/**
 * A single-thread stretch (a user intervention): from slice `fromSlice` (the machine's slice
 * counter, `SimHost.sliceCount`) up to but not including slice `toSlice`, only `lwp` was
 * scheduled. Slices are counted in the machine state, so a replay switches at the same slice
 * boundaries as the run it reproduces (positions alone would not do: a slice may have no event).
 */
export interface SingleThreadSegment {
  lwp: LwpKey;
  fromPos: number;
  fromSlice: number;
  /** Position and slice where it ended; Infinity while the stretch runs. */
  toPos: number;
  toSlice: number;
}

export class History {
  private checkpoints: Checkpoint[] = [];
  private patches: RecordedPatch[] = [];
  private segments: SingleThreadSegment[] = [];
  /** Statement positions where the run broke cleanly (part of the history: replays break too). */
  private breaks = new Set<number>();

  constructor(private readonly maxCheckpoints = 200) {}

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  get latest(): Checkpoint | undefined {
    return this.checkpoints[this.checkpoints.length - 1];
  }

  add(pos: number, snapshot: unknown): void {
    const list = this.checkpoints;
    let i = list.length;
    while (i > 0 && list[i - 1].pos > pos) i--;
    if (i > 0 && list[i - 1].pos === pos) list[i - 1] = { pos, snapshot };
    else list.splice(i, 0, { pos, snapshot });
    if (list.length > this.maxCheckpoints) this.thin();
  }

  /** The latest checkpoint strictly before `pos` (or at 0 when `pos` is 0). */
  before(pos: number): Checkpoint {
    const list = this.checkpoints;
    let lo = 0;
    let hi = list.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].pos < pos || (pos === 0 && list[mid].pos === 0)) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return list[found];
  }

  /** Checkpoints before `pos`, latest first. */
  *walkBack(pos: number): Generator<Checkpoint> {
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      if (this.checkpoints[i].pos < pos) yield this.checkpoints[i];
    }
  }

  recordPatch(pos: number, patch: SimPatch): void {
    this.patches.push({ pos, patch });
    // Checkpoints after the patch no longer describe this history.
    this.checkpoints = this.checkpoints.filter((c) => c.pos < pos || c.pos === 0);
  }

  patchesAt(pos: number): SimPatch[] | undefined {
    if (this.patches.length === 0) return undefined;
    let out: SimPatch[] | undefined;
    for (const p of this.patches) {
      if (p.pos === pos) (out ??= []).push(p.patch);
    }
    return out;
  }

  addBreak(pos: number): void {
    this.breaks.add(pos);
  }

  isBreak(pos: number): boolean {
    return this.breaks.size > 0 && this.breaks.has(pos);
  }

  get hasPatches(): boolean {
    return this.patches.length > 0;
  }

  /** Forget what happened after `pos` when it contained patches (the user went back). */
  forgetPatchesAfter(pos: number): void {
    const kept = this.patches.filter((p) => p.pos <= pos);
    if (kept.length === this.patches.length) return;
    const firstDropped = Math.min(...this.patches.filter((p) => p.pos > pos).map((p) => p.pos));
    this.patches = kept;
    this.checkpoints = this.checkpoints.filter((c) => c.pos < firstDropped || c.pos === 0);
  }

  get hasSegments(): boolean {
    return this.segments.length > 0;
  }

  /** The single-thread stretches, oldest first (tests, diagnostics). */
  get singleThreadSegments(): readonly SingleThreadSegment[] {
    return this.segments;
  }

  /** The slice where the last stretch ends (0 when there is none): later slices are ordinary. */
  get segmentsEnd(): number {
    let end = 0;
    for (const g of this.segments) end = Math.max(end, g.toSlice);
    return end;
  }

  /** The LWP that alone may run the slice numbered `slice`, or null (every LWP may). */
  singleAt(slice: number): LwpKey | null {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const g = this.segments[i];
      if (g.fromSlice <= slice && slice < g.toSlice) return g.lwp;
    }
    return null;
  }

  /** Opens a single-thread stretch at position `pos`, slice `slice`. */
  beginSegment(lwp: LwpKey, pos: number, slice: number): void {
    this.segments.push({ lwp, fromPos: pos, fromSlice: slice, toPos: Infinity, toSlice: Infinity });
  }

  /** Closes the open stretch (if any) at the stop: slices from `slice` on are ordinary again. */
  endSegment(pos: number, slice: number): void {
    const g = this.segments[this.segments.length - 1];
    if (g && g.toSlice === Infinity) {
      g.toPos = pos;
      g.toSlice = Math.max(slice, g.fromSlice);
    }
  }

  /** Forgets stretches that begin at or after `pos` (the user went back before them). */
  forgetSegmentsFrom(pos: number): void {
    this.segments = this.segments.filter((g) => g.fromPos < pos);
  }

  /**
   * The user is at `pos` (slice `slice`) inside a recorded stretch and will go on from here
   * differently: the stretch now ends here. Returns true when one was cut.
   */
  cutSegmentAt(pos: number, slice: number): boolean {
    const g = this.segments.find((s) => s.fromPos < pos && pos < s.toPos);
    if (!g) return false;
    g.toPos = pos;
    g.toSlice = Math.max(slice, g.fromSlice);
    return true;
  }

  /**
   * From `pos` on, the run will differ from the one recorded (a new single-thread stretch or
   * a cut one): checkpoints and clean breaks after `pos` belong to the old future.
   */
  diverge(pos: number): void {
    this.checkpoints = this.checkpoints.filter((c) => c.pos < pos || c.pos === 0);
    for (const b of [...this.breaks]) if (b > pos) this.breaks.delete(b);
  }

  clear(): void {
    this.checkpoints = [];
    this.patches = [];
    this.segments = [];
    this.breaks.clear();
  }

  /** Drops every other checkpoint in the older half, keeping the first. */
  private thin(): void {
    const list = this.checkpoints;
    const half = list.length >> 1;
    const kept: Checkpoint[] = [list[0]];
    for (let i = 1; i < half; i++) if (i % 2 === 0) kept.push(list[i]);
    for (let i = half; i < list.length; i++) kept.push(list[i]);
    this.checkpoints = kept;
  }
}
