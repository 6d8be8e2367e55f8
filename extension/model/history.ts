// The syscall runner's history: the most recent runs first, no duplicates, bounded. Stored as
// plain JSON in the extension's workspace state so "Run Again" survives a reload.

export interface HistoryEntry {
  /** The syscall's C name. */
  readonly syscall: string;
  /** The ABI it ran under. */
  readonly abi: string;
  /** The arguments as the user typed or picked them (one text per argument). */
  readonly argTexts: readonly string[];
  /** A one-line rendering: `kexec_load(0x200000, 1, [1 segment], 0) = 0`. */
  readonly summary: string;
}

export class RunHistory {
  private entries: HistoryEntry[];

  constructor(initial: readonly HistoryEntry[] = [], private readonly limit = 20) {
    this.entries = initial.filter(isHistoryEntry).slice(0, limit);
  }

  add(e: HistoryEntry): void {
    const key = entryKey(e);
    this.entries = [e, ...this.entries.filter((x) => entryKey(x) !== key)].slice(0, this.limit);
  }

  list(): readonly HistoryEntry[] {
    return this.entries;
  }

  get size(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }

  toJSON(): HistoryEntry[] {
    return [...this.entries];
  }
}

function entryKey(e: HistoryEntry): string {
  return JSON.stringify([e.abi, e.syscall, e.argTexts]);
}

/** Guards data read back from storage (it may come from an older version). */
export function isHistoryEntry(x: unknown): x is HistoryEntry {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return typeof r.syscall === 'string' && typeof r.abi === 'string' && typeof r.summary === 'string'
    && Array.isArray(r.argTexts) && r.argTexts.every((a) => typeof a === 'string');
}
