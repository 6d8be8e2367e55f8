// The registry of subsystem snapshot cloners (`snapshot_clone_register`). It lives apart from
// machine.ts so that a subsystem can register at module load: machine.ts imports every
// system-call module (sys/all.ts), so a registry declared in machine.ts would not be
// initialised yet while those modules load.

import type { PlainValue } from './state';

/** Clones one `s.ext` entry for a snapshot (e.g. copy-on-write physical memory). */
export type ExtCloneFunc = (value: PlainValue) => PlainValue;

const extCloners = new Map<string, ExtCloneFunc>();

/**
 * Lets a subsystem clone its `s.ext[key]` itself (copy-on-write, sharing immutable bytes)
 * instead of by structured clone. Register at module load. The clone must share no mutable
 * object with the source; it is called for snapshots and for restores alike.
 */
export function snapshot_clone_register(key: string, fn: ExtCloneFunc): void {
  extCloners.set(key, fn);
}

/** The registered cloners, by `s.ext` key. */
export function snapshot_cloners(): ReadonlyMap<string, ExtCloneFunc> {
  return extCloners;
}
