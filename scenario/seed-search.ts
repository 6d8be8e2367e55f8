// Seed search: the same scenario run headless under one scheduler seed after another, to find
// the interleavings where an expectation fails (a race the default seed happens to miss).
// Every run is deterministic, so a failing seed reproduces exactly under the debugger.
import type { CompiledScenario } from './bytecode';
import { createRun, runHeadless, type HeadlessOptions, type HeadlessResult } from './run';

/** The most seeds one search may cover. */
export const MAX_SEEDS = 1_000_000;

export interface SeedRange {
  from: number;
  to: number;
}

/** `A..B` (inclusive) or a single seed `A`; seeds are unsigned 32-bit integers. */
export function parseSeedRange(text: string): SeedRange | string {
  const m = /^\s*(\d+)\s*(?:\.\.\s*(\d+))?\s*$/.exec(text);
  if (!m) return `'${text}' is not a seed range: write FROM..TO, e.g. 1..200`;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 0xffffffff || to > 0xffffffff) return 'seeds are 32-bit: at most 4294967295';
  if (to < from) return `the range ${from}..${to} is empty: write the smaller seed first`;
  if (to - from + 1 > MAX_SEEDS) return `${to - from + 1} seeds is too many for one search (at most ${MAX_SEEDS})`;
  return { from, to };
}

export interface SeedOutcome {
  seed: number;
  result: HeadlessResult;
}

/** Runs the scenario once per seed of the range, in order, yielding each outcome as it ends. */
export function* searchSeeds(program: CompiledScenario, range: SeedRange, opts: HeadlessOptions = {}): Generator<SeedOutcome> {
  for (let seed = range.from; seed <= range.to; seed++) {
    // print() output of a search run goes nowhere: only the verdicts matter.
    const r = createRun(program, { seed, onPrint: () => undefined });
    yield { seed, result: runHeadless(r, opts) };
  }
}
