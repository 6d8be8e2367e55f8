// Run fuzzing: the examples with one argument replaced by an odd value (wrong kinds, huge
// numbers, null, other signals). Whatever the scenario does, the runtime answers with a result
// (pass, a failed expect, a run-time error, a panic, the step budget), never an internal error.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileSource } from '../../scenario/compile';
import { createRun, runHeadless } from '../../scenario/run';
import { memoryFiles } from '../../scenario/workspace-files';

const RUNS = 500;
const DIR = path.resolve(__dirname, '../../examples');
const EXAMPLES = readdirSync(DIR).filter((f) => f.endsWith('.ksim')).map((f) => ({ f, src: readFileSync(path.join(DIR, f), 'utf8') }));
const FILES = memoryFiles('examples/x.ksim', { 'examples/data/hello.txt': readFileSync(path.join(DIR, 'data/hello.txt')) });
const ODD = ['0', '1', '-1', 'null', '999', '0x7fffffffffffffff', '-0x8000000000000000', '"x"', '[1, 2]', '{ tv_sec: 1 }',
  'bytes(3)', 'SIGKILL', 'SIGSTOP', 'LWP_SUSPENDED', '_lwp_self()', '64K', 'image_bytes'];

describe('scenario run fuzz', function () {
  this.timeout(120_000);
  it(`${RUNS} examples with an odd argument run to a result without internal errors`, () => {
    let seed = 77;
    const r = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    let ran = 0;
    for (let i = 0; ran < RUNS && i < RUNS * 10; i++) {
      const ex = EXAMPLES[Math.floor(r() * EXAMPLES.length)];
      const sites = [...ex.src.matchAll(/\b(\d+|null|[A-Z][A-Z0-9_]{3,})\b/g)];
      const t = sites[Math.floor(r() * sites.length)];
      const src = ex.src.slice(0, t.index) + ODD[Math.floor(r() * ODD.length)] + ex.src.slice((t.index ?? 0) + t[0].length);
      const c = compileSource(src, FILES);
      if (!c.program) continue;
      ran++;
      let res: ReturnType<typeof runHeadless>;
      try {
        res = runHeadless(createRun(c.program, { onPrint: () => undefined }), { maxSteps: 300_000, maxSlices: 30_000 });
      } catch (e) {
        assert.fail(`${ex.f} with '${t[0]}' at offset ${t.index} replaced threw: ${(e as Error).stack}`);
      }
      assert.ok(['ok', 'failed', 'panic', 'budget'].includes(res.status));
    }
    assert.equal(ran, RUNS);
  });
});
