// Every example runs through the ksim command (in-process) and must pass; together they use
// every system call of both ABIs.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ksim } from '../../cli/ksim';
import { compileSource } from '../../scenario/compile';
import { syscallsOf } from '../../kernel/abi/syscalls';
import { loadScenario, processIo } from '../../cli/io';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ksim')).sort();

function ksimRun(file: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = ksim(['run', `examples/${file}`], { cwd: ROOT, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('examples', () => {
  it('there are at least 12', () => assert.ok(EXAMPLES.length >= 12, EXAMPLES.join(' ')));

  for (const f of EXAMPLES) {
    it(`ksim run examples/${f} exits 0`, () => {
      const r = ksimRun(f);
      assert.equal(r.err, '');
      assert.equal(r.code, 0);
      assert.ok(r.out.length > 0, 'prints what happened');
    });
  }

  it('ksim check finds nothing to say about any of them', () => {
    for (const f of EXAMPLES) {
      let out = '';
      const code = ksim(['check', `examples/${f}`], { cwd: ROOT, stdout: (t) => (out += t), stderr: (t) => (out += t) });
      assert.deepEqual([f, code, out], [f, 0, '']);
    }
  });

  it('together they call every system call of both ABIs', () => {
    const used = { bsd: new Set<string>(), linux: new Set<string>() };
    for (const f of EXAMPLES) {
      const loaded = loadScenario({ ...processIo, cwd: ROOT }, `examples/${f}`);
      assert.ok(typeof loaded !== 'string');
      const c = compileSource(loaded.source, loaded.files);
      assert.ok(c.program, f);
      for (const s of c.program.syscalls) used[s.abi].add(s.name);
    }
    for (const abi of ['bsd', 'linux'] as const) {
      assert.deepEqual(syscallsOf(abi).map((s) => s.name).filter((n) => !used[abi].has(n)), [], `${abi} syscalls no example calls`);
    }
  });

  it('each example starts with a comment telling its story', () => {
    for (const f of EXAMPLES) assert.match(readFileSync(path.join(ROOT, 'examples', f), 'utf8'), /^\/\/ \S/, f);
  });

  it('the bundled dist/cli.js runs an example as a real process (when built)', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) this.skip();
    const r = spawnSync(process.execPath, [cli, 'run', 'examples/language-tour.ksim'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^tour:/);
  });
});
