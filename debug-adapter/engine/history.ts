// Checkpoints and patches: the history that makes step back a restore plus a short replay.
//
// A checkpoint is a host snapshot taken at a clean point (between two `run` calls) after event
// `pos`. A patch is a change the user made while stopped at event `pos` (a memory write, a
// syscall run from the command palette, a killed LWP); replays apply it again when they pass
// `pos`, so the history stays the one the user made.

import type { SimPatch } from './sim-host';

export interface Checkpoint {
  /** Events counted before the snapshot was taken. */
  pos: number;
  snapshot: unknown;
}

export interface RecordedPatch {
  pos: number;
  patch: SimPatch;
}

export class History {
  private checkpoints: Checkpoint[] = [];
  private patches: RecordedPatch[] = [];
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

  clear(): void {
    this.checkpoints = [];
    this.patches = [];
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
