import * as assert from 'node:assert/strict';
import { Debouncer, type Timers } from '../../extension/model/debounce';

/** Timers driven by the test: advance(ms) runs what is due. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(h: unknown): void {
    this.due.delete(h as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= this.now) {
        this.due.delete(id);
        t.fn();
      }
    }
  }
  get pending(): number {
    return this.due.size;
  }
}

describe('view refresh debouncer', () => {
  it('runs once after a burst, delay after the last call', () => {
    const t = new FakeTimers();
    let runs = 0;
    const d = new Debouncer(() => runs++, 150, t);
    d.trigger();
    t.advance(100);
    d.trigger();
    t.advance(100);
    d.trigger();
    t.advance(149);
    assert.equal(runs, 0);
    t.advance(1);
    assert.equal(runs, 1);
    assert.equal(t.pending, 0);
  });

  it('flush runs a pending call now; cancel drops it', () => {
    const t = new FakeTimers();
    let runs = 0;
    const d = new Debouncer(() => runs++, 150, t);
    d.flush();
    assert.equal(runs, 0, 'nothing pending, nothing to flush');
    d.trigger();
    assert.equal(d.isPending, true);
    d.flush();
    assert.equal(runs, 1);
    d.trigger();
    d.cancel();
    t.advance(1000);
    assert.equal(runs, 1);
    d.trigger();
    t.advance(150);
    assert.equal(runs, 2, 'still usable after cancel');
  });

  it('does nothing after dispose', () => {
    const t = new FakeTimers();
    let runs = 0;
    const d = new Debouncer(() => runs++, 10, t);
    d.trigger();
    d.dispose();
    d.trigger();
    t.advance(100);
    assert.equal(runs, 0);
  });
});
