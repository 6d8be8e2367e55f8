import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listZip, type ZipEntry } from './zip-listing';

const repo = path.resolve(__dirname, '..', '..');

describe('packaging: npm run package makes a vsix with only what a user needs', function () {
  this.timeout(120_000);
  let dir: string;
  let vsix: string;
  let entries: ZipEntry[];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ksim-vsix-'));
    vsix = path.join(dir, 'ksim.vsix');
    execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links',
      '--allow-missing-repository', '--out', vsix], { cwd: repo, stdio: 'pipe' });
    entries = listZip(vsix);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is under 2 MB', () => {
    assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('holds the three bundles, the manifest, README and LICENSE', () => {
    const names = entries.map((e) => e.name);
    for (const want of ['extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt',
      'extension/dist/extension.js', 'extension/dist/debugAdapter.js', 'extension/dist/cli.js']) {
      assert.ok(names.includes(want), `${want} missing from ${names.join(', ')}`);
    }
  });

  it('holds no TypeScript sources, no node_modules, no tests', () => {
    const bad = entries.map((e) => e.name).filter((n) =>
      /\.ts$/.test(n) || n.includes('node_modules/') || /(^|\/)(test|kernel|scenario|bench)\//.test(n));
    assert.deepEqual(bad, []);
  });
});
