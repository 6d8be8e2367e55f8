import { strict as assert } from 'node:assert';
import { compileSource } from '../../scenario/compile';
import { evaluateInFrame } from '../../scenario/evaluate';
import { createRun, bootRun } from '../../scenario/run';
import { run, snapshotMachine } from '../../kernel/machine';
import { FILES } from './helpers';

describe('scenario evaluate (debugger expressions, no side effects)', () => {
  const p = compileSource(`fn f(a) {
    let buf = bytes(4, 0x41)
    let s = { tv_sec: 3, tv_nsec: 4 }
    print(a)
}
process init {
    f(7)
}`, FILES).program!;
  const r = createRun(p, { onPrint: () => undefined });
  r.userland.stmtHook = (_l, fn, st) => p.fns[fn].stmts[st].line === 4;
  bootRun(r);
  run(r.k, 100);
  const l = r.k.s.procs.get(1)!.p_lwps.get(1)!;
  const ev = (t: string, frame = 0): string => {
    const res = evaluateInFrame(p, r.k, l, frame, t);
    return res.ok ? res.display : `error: ${res.message}`;
  };

  it('reads locals of the chosen frame, constants and errno', () => {
    assert.equal(ev('a * 2 + s.tv_sec'), '17');
    assert.equal(ev('EINVAL'), '22');
    assert.equal(ev('errno'), '0');
    assert.equal(ev('a', 1), "error: 'a' is not defined here");
  });
  it('reads buffers and calls pure built-ins', () => {
    assert.equal(ev('buf[0] == 0x41 && len(buf) == 4'), '1');
    assert.equal(ev('str(buf)'), 'AAAA');
    assert.equal(ev('hex(-1)'), '0xffffffffffffffff');
  });
  it('refuses anything that would change the machine', () => {
    assert.match(ev('_lwp_self()'), /cannot be called here/);
    assert.match(ev('print(1)'), /cannot be called here/);
    assert.match(ev('f(1)'), /cannot be called here/);
    const before = JSON.stringify(snapshotMachine(r.k).state.time);
    ev('a + 1');
    assert.equal(JSON.stringify(snapshotMachine(r.k).state.time), before);
  });
  it('reports syntax errors and bad operations as messages', () => {
    assert.match(ev('a +'), /^error: expected a value/);
    assert.equal(ev('1 / 0'), 'error: division by zero');
    assert.equal(ev('s + 1'), 'error: a struct is not an integer');
  });
});
