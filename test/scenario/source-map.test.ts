import { strict as assert } from 'node:assert';
import { compileSource } from '../../scenario/compile';
import { DiagnosticList } from '../../scenario/diagnostics';
import { frameLocals, userFrames } from '../../scenario/frame-view';
import { parseExpression } from '../../scenario/parser';
import { createRun, bootRun, runHeadless } from '../../scenario/run';
import { statementLines, statementsOnLine, verifiedLine, callAt } from '../../scenario/source-map';
import { run } from '../../kernel/machine';
import { FILES } from './helpers';

const SRC = `fn helper(a) {
    let b = a * 2

    return b
}
process init {
    let x = helper(5)
    // a comment
    print(x)
    let y = _lwp_self()
}`;

describe('scenario source map and frame view', () => {
  const p = compileSource(SRC, FILES).program!;

  it('lists the lines where statements start', () => {
    assert.deepEqual(statementLines(p), [2, 4, 7, 9, 10]);
  });
  it('verifies a breakpoint at the nearest statement line at or after the requested one', () => {
    assert.equal(verifiedLine(p, 3), 4);
    assert.equal(verifiedLine(p, 8), 9);
    assert.equal(verifiedLine(p, 1), 2);
    assert.equal(verifiedLine(p, 11), null);
  });
  it('finds the statements on a line with their columns', () => {
    assert.deepEqual(statementsOnLine(p, 9).map((s) => [s.line, s.col]), [[9, 5]]);
  });
  it('shows the frames of a stopped LWP, innermost first, with locals in scope', () => {
    const r = createRun(p, { onPrint: () => undefined });
    let stopAt = -1;
    r.userland.stmtHook = (_l, fn, s) => p.fns[fn].stmts[s].line === stopAt;
    stopAt = 4;
    bootRun(r);
    assert.equal(run(r.k, 100).status, 'break');
    const l = r.k.s.procs.get(1)!.p_lwps.get(1)!;
    assert.deepEqual(userFrames(p, l).map((f) => [f.name, f.line]), [['helper', 4], ['init', 7]]);
    assert.deepEqual(frameLocals(p, l, 0), [{ name: 'a', value: 5 }, { name: 'b', value: 10 }, { name: 'errno', value: 0 }]);
    assert.deepEqual(frameLocals(p, l, 1).map((v) => v.name), ['errno']);
    stopAt = 10;
    assert.equal(run(r.k, 100).status, 'break');
    assert.deepEqual(frameLocals(p, l, 0).map((v) => [v.name, v.value]), [['x', 10], ['errno', 0]]);
  });
  it('names the call a frame trapped in', () => {
    const r = createRun(p, { onPrint: () => undefined });
    bootRun(r);
    // Run until init traps into _lwp_self: its frame's pc is just after the SYS instruction.
    const fnInit = p.fns.find((f) => f.name === 'init')!;
    const sysPc = [...fnInit.calls.entries()].find(([, c]) => c.name === '_lwp_self')![0];
    assert.deepEqual(callAt(p, fnInit.id, sysPc + 3), { line: 10, col: 13, name: '_lwp_self' });
  });
  it('parses a single expression for watches and conditions', () => {
    const d = new DiagnosticList();
    assert.equal(parseExpression('a +\n b * 2', d).k, 'binary');
    assert.equal(d.items.length, 0);
    parseExpression('a b', d);
    assert.equal(d.items.length, 1);
  });
  it('a preempted LWP is at the statement it will run next, also at a loop\'s back edge', () => {
    for (let q = 1; q <= 14; q++) {
      const res = run2(`machine { quantum: ${q} }\nprocess init {\n  let i = 0\n  while true {\n    i += 1\n  }\n}`);
      assert.ok(res === 4 || res === 5, `quantum ${q}: line ${res}`);
    }
  });
});

function run2(src: string): number | undefined {
  const c = compileSource(src, FILES);
  return runHeadless(createRun(c.program!, { onPrint: () => undefined }), { maxSteps: 1000 }).runaway?.line;
}
