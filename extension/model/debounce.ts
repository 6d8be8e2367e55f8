// Coalesces bursts of calls (the adapter's custom events arrive in bursts while a session
// steps) into one call after a quiet period. Timers are injectable so tests run instantly.

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Debouncer {
  private handle: unknown = undefined;
  private pending = false;
  private disposed = false;

  constructor(
    private readonly fn: () => void,
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Runs `fn` once, `delayMs` after the last of a burst of calls. */
  trigger(): void {
    if (this.disposed) return;
    if (this.pending) this.timers.clear(this.handle);
    this.pending = true;
    this.handle = this.timers.set(() => this.run(), this.delayMs);
  }

  /** Runs a pending call now. */
  flush(): void {
    if (this.pending) {
      this.timers.clear(this.handle);
      this.run();
    }
  }

  /** Drops a pending call without running it. */
  cancel(): void {
    if (this.pending) this.timers.clear(this.handle);
    this.pending = false;
    this.handle = undefined;
  }

  get isPending(): boolean {
    return this.pending;
  }

  dispose(): void {
    if (this.pending) this.timers.clear(this.handle);
    this.pending = false;
    this.disposed = true;
  }

  private run(): void {
    this.pending = false;
    this.handle = undefined;
    this.fn();
  }
}
