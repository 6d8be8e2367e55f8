// Syntax fuzzing: seeded mutations of the examples. The parser and checker must never throw,
// never hang, and always answer (a list of diagnostics, each with a place inside the file).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkSource } from '../../scenario/compile';
import { FILES } from './helpers';
import { seededRandom } from '../seeded-random';

const MUTATIONS = 10_000;
const EXAMPLES = readdirSync(path.resolve(__dirname, '../../examples')).filter((f) => f.endsWith('.ksim'))
  .map((f) => readFileSync(path.resolve(__dirname, '../../examples', f), 'utf8'));


const SNIPPETS = ['{', '}', '(', ')', '[', ']', ',', ';', '\n', '"', '/*', '*/', '//', '&', '&&', '..', '=', '==', ':',
  'let', 'fn', 'if', 'else', 'while', 'for', 'in', 'return', 'expect', 'fails', 'process', 'program', 'machine',
  'kernel_image', 'null', '0x', '64K', '99999999999999999999999', '-', '!', '~', "'", "'a'", 'EINVAL', '_lwp_self()',
  'print(', 'file("../../x")', 'image_bytes(', '\\', '@', '\u00e9', '\t', '0b2', '1_', 'x.y.z', 'a[1][2]'];

function mutate(src: string, r: () => number): string {
  let s = src;
  const n = 1 + Math.floor(r() * 4);
  for (let m = 0; m < n; m++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 6)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(Math.min(s.length, at + 1 + Math.floor(r() * 20)));
        break;
      case 1: // insert a snippet
        s = s.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + s.slice(at);
        break;
      case 2: // replace a character with a random printable one
        s = s.slice(0, at) + String.fromCharCode(32 + Math.floor(r() * 95)) + s.slice(at + 1);
        break;
      case 3: { // duplicate a line
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join('\n');
        break;
      }
      case 4: { // swap two lines
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        const j = Math.floor(r() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      default: // truncate
        s = s.slice(0, at);
    }
  }
  return s;
}

describe('scenario syntax fuzz', function () {
  this.timeout(120_000);
  it(`parser and checker answer ${MUTATIONS} seeded mutations of the examples without throwing or hanging`, () => {
    const seed = Number(process.env.KSIM_FUZZ_SEED ?? 20261123);
    const r = seededRandom(seed);
    let withErrors = 0;
    let slowest = 0;
    for (let i = 0; i < MUTATIONS; i++) {
      const src = mutate(EXAMPLES[Math.floor(r() * EXAMPLES.length)], r);
      const t = performance.now();
      let res: ReturnType<typeof checkSource>;
      try {
        res = checkSource(src, FILES);
      } catch (e) {
        assert.fail(`mutation ${i} (seed ${seed}) threw ${String(e)}\n--- source ---\n${src}`);
      }
      slowest = Math.max(slowest, performance.now() - t);
      assert.ok(Array.isArray(res.diagnostics));
      const lines = src.split('\n').length;
      for (const d of res.diagnostics) {
        assert.ok(d.line >= 1 && d.line <= lines + 1 && d.col >= 1 && d.message.length > 0 && d.hint.length > 0,
          `mutation ${i}: diagnostic out of the file or without text: ${JSON.stringify(d)}`);
      }
      if (res.errorCount > 0) withErrors++;
    }
    // Most mutations break the file; the fuzzer must actually exercise error paths.
    assert.ok(withErrors > MUTATIONS / 2, `only ${withErrors} mutations had errors`);
    assert.ok(slowest < 2000, `one mutation took ${slowest.toFixed(0)} ms`);
  });
});
