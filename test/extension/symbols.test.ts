// Which uses of a name rename, references and highlights take together.
import * as assert from 'node:assert/strict';
import { occurrencesAt, renameProblem, type Occurrences } from '../../extension/model/symbols';

const SRC = [
  'machine { abi: "bsd" }',                                     // 1
  'kernel_image next { banner: "KSim 2.0", entry: 0x200000, size: 64K, init: stage2 }', // 2
  'fn worker(arg) {',                                           // 3
  '    let n = arg + 1',                                        // 4
  '    return n',                                               // 5
  '}',                                                          // 6
  'process init {',                                             // 7
  '    let n = spawn(worker, 0)',                               // 8
  '    let ts = { tv_sec: 0, tv_nsec: 0 }',                     // 9
  '    for i in 0..2 { n = n + ts.tv_sec }',                    // 10
  '    _lwp_wait(n, null)',                                     // 11
  '}',                                                          // 12
  'fn other(worker) {',                                         // 13
  '    return worker',                                          // 14
  '}',                                                          // 15
  'program stage2 {',                                           // 16
  '    print(worker(1))',                                       // 17
  '}',                                                          // 18
].join('\n');

function at(line: number, word: string, n = 0): Occurrences | undefined {
  const text = SRC.split('\n')[line - 1];
  const hits = [...text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))];
  assert.ok(hits[n], `${word} on line ${line}`);
  return occurrencesAt(SRC, line, hits[n].index + 1);
}

function places(o: Occurrences | undefined): string[] {
  assert.ok(o && 'spans' in o, JSON.stringify(o));
  return o.spans.map((s) => `${s.line}:${s.col}`);
}

describe('the uses of a scenario name', () => {
  it('a variable is its own item\'s: the same name in another fn is another variable', () => {
    assert.deepEqual(places(at(10, 'n')), ['8:9', '10:21', '10:25', '11:15']);
    assert.deepEqual(places(at(5, 'n')), ['4:9', '5:12']);
    const o = at(10, 'n');
    assert.ok(o && 'spans' in o);
    assert.equal(o.scope, 'process init');
    assert.deepEqual(o.declaration, { line: 8, col: 9, endCol: 10 });
  });
  it('a fn is the file\'s, except where a parameter of that name hides it', () => {
    assert.deepEqual(places(at(17, 'worker')), ['3:4', '8:19', '17:11']);
    assert.deepEqual(places(at(14, 'worker')), ['13:10', '14:12']);
  });
  it('a program is the file\'s, named by the kernel image too', () => {
    assert.deepEqual(places(at(16, 'stage2')), ['2:75', '16:9']);
  });
  it('parameters and for variables are variables of their item', () => {
    assert.deepEqual(places(at(4, 'arg')), ['3:11', '4:13']);
    assert.deepEqual(places(at(10, 'i')), ['10:9']);
  });
  it('syscalls, built-ins, constants, fields and keywords are refused with the reason', () => {
    assert.match(JSON.stringify(at(11, '_lwp_wait')), /not a fn, program, kernel image or variable of this file/);
    assert.match(JSON.stringify(at(8, 'spawn')), /not a fn, program/);
    assert.match(JSON.stringify(at(10, 'tv_sec')), /is a struct field/);
    assert.match(JSON.stringify(at(9, 'tv_nsec')), /is a struct field/);
    assert.match(JSON.stringify(at(4, 'let')), /is a keyword/);
    assert.equal(occurrencesAt(SRC, 6, 1), undefined);
  });

  describe('renaming', () => {
    const found = (line: number, word: string): Extract<Occurrences, { spans: unknown }> => {
      const o = at(line, word);
      assert.ok(o && 'spans' in o);
      return o;
    };
    it('accepts a fresh name', () => assert.equal(renameProblem(SRC, found(10, 'n'), 'lid'), undefined));
    it('refuses what is not a name, and keywords', () => {
      assert.match(renameProblem(SRC, found(10, 'n'), '2x') ?? '', /is not a name/);
      assert.match(renameProblem(SRC, found(10, 'n'), 'while') ?? '', /is a keyword/);
    });
    it('refuses a name already used where the renamed one is visible', () => {
      assert.equal(renameProblem(SRC, found(10, 'n'), 'ts'), "'ts' is already used in process init");
      assert.equal(renameProblem(SRC, found(10, 'n'), 'arg'), undefined, 'arg is worker\'s, not init\'s');
      assert.equal(renameProblem(SRC, found(17, 'worker'), 'other'), "'other' already names a fn of this file");
      assert.equal(renameProblem(SRC, found(16, 'stage2'), 'n'), "'n' is already used in this file");
    });
  });
});
