// The debug hover's expression and the inline values' places, from a scenario's text.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { hoverExpressionAt, inlineValueSpots } from '../../extension/model/debugExpressions';
import { occurrencesAt, renameProblem } from '../../extension/model/symbols';
import { seededRandom } from '../seeded-random';

const EXAMPLES = path.resolve(__dirname, '../../examples');

const SRC = [
  'fn twice(x) {',                                          // 1
  '    let y = x * 2',                                      // 2
  '    return y',                                           // 3
  '}',                                                      // 4
  '',                                                       // 5
  'process init {',                                         // 6
  '    let ts = { tv_sec: 0, tv_nsec: 500 }',               // 7
  '    let segs = [{ buf: null, bufsz: 0, mem: 0x200000, memsz: 4K }]', // 8
  '    for i in 0..2 {',                                    // 9
  '        ts.tv_nsec = ts.tv_nsec + i',                    // 10
  '    }',                                                  // 11
  '    print(segs[0].mem, twice(ts.tv_sec), EINVAL)',       // 12
  '    let late = 1',                                       // 13
  '}',                                                      // 14
].join('\n');

/** The expression a hover over `word` (its n-th occurrence on `line`) evaluates. */
function hoverOn(line: number, word: string, n = 0): string | undefined {
  const text = SRC.split('\n')[line - 1];
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(word, at + 1);
  assert.ok(at >= 0, `${word} on line ${line}`);
  return hoverExpressionAt(SRC, line, at + 1 + Math.floor(word.length / 2))?.text;
}

describe('debug hover and inline values', () => {
  describe('the expression a debug hover evaluates', () => {
    it('a variable is itself', () => assert.equal(hoverOn(2, 'x'), 'x'));
    it('a field takes the struct it belongs to', () => assert.equal(hoverOn(10, 'tv_nsec', 1), 'ts.tv_nsec'));
    it('the struct of a field access is the struct alone', () => assert.equal(hoverOn(10, 'ts'), 'ts'));
    it('a field after an element keeps the index', () => assert.equal(hoverOn(12, 'mem'), 'segs[0].mem'));
    it('a constant is evaluated for its value', () => assert.equal(hoverOn(12, 'EINVAL'), 'EINVAL'));
    it('a called name (syscall, built-in or fn) is not evaluated', () => {
      assert.equal(hoverOn(12, 'print'), undefined);
      assert.equal(hoverOn(12, 'twice'), undefined);
    });
    it('a field name in a struct literal is not evaluated', () => assert.equal(hoverOn(7, 'tv_nsec'), undefined));
    it('a keyword is not evaluated, nor is blank space or a comment', () => {
      assert.equal(hoverOn(2, 'let'), undefined);
      assert.equal(hoverExpressionAt(SRC, 5, 1), undefined);
      assert.equal(hoverExpressionAt('// a comment about x\n', 1, 19), undefined);
    });
    it('gives the range of the whole chain', () => {
      const e = hoverExpressionAt(SRC, 12, SRC.split('\n')[11].indexOf('mem') + 2);
      assert.deepEqual(e, { text: 'segs[0].mem', line: 12, col: 11, endCol: 22 });
    });
  });

  describe('where inline values go', () => {
    const spots = (stopped: number): string[] => inlineValueSpots(SRC, stopped).map((s) => `${s.line}:${s.name}`);

    it('in a fn: its parameters and the lets before the stop, once per name and line', () => {
      assert.deepEqual(spots(3), ['1:x', '2:y', '2:x', '3:y']);
    });
    it('in a process: lets and for variables up to the stopped line, not a struct\'s field names', () => {
      assert.deepEqual(spots(12), ['7:ts', '8:segs', '9:i', '10:ts', '10:i', '12:segs', '12:ts']);
    });
    it('nothing from after the stopped line, nor from another item', () => {
      assert.ok(!spots(12).some((s) => s.endsWith(':late')));
      assert.ok(!spots(12).some((s) => s.endsWith(':x') || s.endsWith(':y')));
    });
    it('nothing outside a fn, process or program, and nothing for a broken file', () => {
      assert.deepEqual(spots(5), []);
      assert.deepEqual(inlineValueSpots('process init {\n  let = \n', 2), []);
    });
    it('gives each place\'s columns', () => {
      assert.deepEqual(inlineValueSpots(SRC, 7)[0], { name: 'ts', line: 7, col: 9, endCol: 11 });
    });
  });
});

describe('debug hover, inline values and rename on broken text', () => {
  it('never throw on 2,000 seeded mutations of the examples, at any position', () => {
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.ksim')).map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));
    const r = seededRandom(0x6b73696d);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const junk = ['{', '}', '(', ')', '[', ']', '.', ',', '"', "'", '/*', '//', '\n', 'let', 'fn', '&', '\0', '\u00a0', 'ts.', '[0]'];
    for (let i = 0; i < 2000; i++) {
      let src = pick(examples);
      for (let m = 0; m < 1 + Math.floor(r() * 4); m++) {
        const at = Math.floor(r() * (src.length + 1));
        src = r() < 0.5 ? src.slice(0, at) + pick(junk) + src.slice(at) : src.slice(0, at) + src.slice(at + 1 + Math.floor(r() * 8));
      }
      const lines = src.split('\n');
      const line = 1 + Math.floor(r() * lines.length);
      const col = 1 + Math.floor(r() * ((lines[line - 1]?.length ?? 0) + 2));
      const e = hoverExpressionAt(src, line, col);
      if (e) assert.ok(e.endCol > e.col && e.text.length > 0, JSON.stringify(e));
      for (const s of inlineValueSpots(src, line)) assert.ok(s.line <= line && s.endCol > s.col);
      const o = occurrencesAt(src, line, col);
      if (o && 'spans' in o) {
        assert.ok(o.spans.length > 0);
        renameProblem(src, o, 'renamed_x');
      }
    }
  });
});
