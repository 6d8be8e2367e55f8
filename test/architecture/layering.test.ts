import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkLayering } from './layering';

const repo = path.resolve(__dirname, '..', '..');

describe('architecture: imports point one way (docs/architecture.md)', () => {
  it('the project tree has no forbidden import', () => {
    const found = checkLayering(repo).map((v) => `${v.file}:${v.line}: ${v.specifier}: ${v.rule}`);
    assert.deepEqual(found, []);
  });

  describe('the check catches each kind of forbidden import', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'ksim-layers-'));
      for (const d of ['kernel/sched', 'scenario', 'debug-adapter', 'extension', 'cli']) {
        mkdirSync(path.join(root, d), { recursive: true });
      }
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const cases: Array<[string, string, RegExp]> = [
      ['kernel/sched/runq.ts', "import * as vscode from 'vscode';", /kernel\/ must not import vscode/],
      ['kernel/sched/runq.ts', "import { DebugSession } from '@vscode/debugadapter';", /kernel\/ must not import vscode/],
      ['kernel/sched/runq.ts', "import { readFileSync } from 'node:fs';", /Node I\/O/],
      ['kernel/sched/runq.ts', "import { parse } from '../../scenario/parser';", /kernel\/ must not import scenario/],
      ['scenario/run.ts', "const v = require('vscode');", /scenario\/ must not import vscode/],
      ['scenario/run.ts', "export { x } from '@vscode/debugprotocol';", /scenario\/ must not import vscode/],
      ['scenario/run.ts', "import type { Foo } from '../debug-adapter/session';", /scenario\/ must not import debug-adapter/],
      ['debug-adapter/session.ts', "import * as vscode from 'vscode';", /debug-adapter\/ must not import vscode/],
      ['debug-adapter/session.ts', "const m = await import('../extension/main');", /debug-adapter\/ must not import extension/],
    ];
    for (const [file, source, rule] of cases) {
      it(`${file}: ${source}`, () => {
        writeFileSync(path.join(root, file), `${source}\nexport const x = 1;\n`);
        const found = checkLayering(root);
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.match(found[0].rule, rule);
        assert.equal(found[0].line, 1);
      });
    }

    it('allowed imports pass: kernel→kernel, scenario→kernel, adapter→@vscode/debugadapter, extension→vscode', () => {
      writeFileSync(path.join(root, 'kernel/sched/runq.ts'), "import { x } from './sleepq';\n");
      writeFileSync(path.join(root, 'scenario/run.ts'), "import { x } from '../kernel/sched/runq';\n");
      writeFileSync(path.join(root, 'debug-adapter/session.ts'), "import { DebugSession } from '@vscode/debugadapter';\n");
      writeFileSync(path.join(root, 'extension/main.ts'), "import * as vscode from 'vscode';\n");
      assert.deepEqual(checkLayering(root), []);
    });

    it('an import that only appears in a comment is not a violation', () => {
      writeFileSync(path.join(root, 'kernel/sched/runq.ts'), "// import * as vscode from 'vscode';\n/* require('fs') */\n");
      assert.deepEqual(checkLayering(root), []);
    });
  });
});
