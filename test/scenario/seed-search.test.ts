// Seed search: one headless run per scheduler seed, each verdict the same as a run with that
// seed alone (runs are deterministic), and seed ranges written as A..B.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileSource } from '../../scenario/compile';
import { createRun, failureText, runHeadless } from '../../scenario/run';
import { MAX_SEEDS, parseSeedRange, searchSeeds } from '../../scenario/seed-search';
import { memoryFiles } from '../../scenario/workspace-files';

const HUNT = path.resolve(__dirname, '../../examples/seed-hunt.ksim');

function program(): NonNullable<ReturnType<typeof compileSource>['program']> {
  const c = compileSource(readFileSync(HUNT, 'utf8'), memoryFiles('seed-hunt.ksim', {}));
  assert.ok(c.program, c.diagnostics.map((d) => d.message).join('\n'));
  return c.program;
}

describe('seed search', () => {
  describe('seed ranges', () => {
    it('A..B is inclusive; a single seed is a range of one', () => {
      assert.deepEqual(parseSeedRange('1..200'), { from: 1, to: 200 });
      assert.deepEqual(parseSeedRange(' 7 '), { from: 7, to: 7 });
      assert.deepEqual(parseSeedRange('0..0'), { from: 0, to: 0 });
    });
    it('refuses what is not a range, an empty range, seeds beyond 32 bits and huge ranges', () => {
      assert.match(parseSeedRange('1-200') as string, /not a seed range: write FROM\.\.TO/);
      assert.match(parseSeedRange('9..2') as string, /is empty: write the smaller seed first/);
      assert.match(parseSeedRange('1..4294967296') as string, /32-bit/);
      assert.match(parseSeedRange(`1..${MAX_SEEDS + 1}`) as string, /too many for one search/);
    });
  });

  it('finds the seeds where the race breaks the assumption, each verdict as a run of that seed alone', () => {
    const p = program();
    const outcomes = [...searchSeeds(p, { from: 1, to: 40 })];
    assert.deepEqual(outcomes.map((o) => o.seed), Array.from({ length: 40 }, (_, i) => i + 1));
    const failing = outcomes.filter((o) => o.result.exitCode !== 0).map((o) => o.seed);
    assert.ok(failing.length > 0 && failing.length < 40, `some but not all seeds fail: ${failing.join(', ')}`);
    assert.ok(!failing.includes(1), 'the file\'s own seed passes');
    for (const seed of [failing[0], 1]) {
      const alone = runHeadless(createRun(p, { seed, onPrint: () => undefined }));
      assert.equal(alone.exitCode, outcomes[seed - 1].result.exitCode, `seed ${seed}`);
    }
    const text = failureText('seed-hunt.ksim', outcomes[failing[0] - 1].result);
    assert.match(text ?? '', /^seed-hunt\.ksim:15:5: expectation failed: r == 0: the left side is -1; errno is EALREADY \(LWP 1\.2, boot 0\)$/);
  });
});
