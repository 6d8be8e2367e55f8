// The extension-host test suite's entry: the module that `extensionTestsPath` names, in
// code-server (test/vscode/ui/extensionHost.test.ts) and in desktop VS Code under
// @vscode/test-electron (test/vscode/electron/run.ts). VS Code loads it inside the extension
// host and calls run(); it runs every *.test.js beside it with mocha and
//   - writes a JSON report to $KSIM_EXTHOST_RESULTS (default: test-results/exthost-results.json),
//     which the code-server harness reads, since a browser workbench has no exit code to give;
//   - rejects when a test failed, which @vscode/test-electron turns into a failing exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface ExtensionHostTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface ExtensionHostReport {
  /** false until the run has ended (a report with done=false means it crashed mid-way). */
  done: boolean;
  passed: number;
  failed: number;
  pending: number;
  tests: ExtensionHostTestResult[];
  /** The host's VS Code version (`vscode.version`) and app name, for the record. */
  host: string;
}

function repoRoot(): string {
  // This file runs compiled as out/test/vscode/suite-PID/index.js.
  return path.resolve(__dirname, '..', '..', '..', '..');
}

export function reportPath(): string {
  return process.env.KSIM_EXTHOST_RESULTS ?? path.join(repoRoot(), 'test-results', 'exthost-results.json');
}

export async function run(): Promise<void> {
  const file = reportPath();
  const report: ExtensionHostReport = {
    done: false, passed: 0, failed: 0, pending: 0, tests: [], host: `${vscode.env.appName} ${vscode.version}`,
  };
  const save = (): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
  };
  save();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.KSIM_EXTHOST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  for (const f of fs.readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      save();
    });
    runner.on('fail', (t, err: unknown) => {
      report.failed++;
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      report.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error });
      save();
    });
    runner.on('pending', (t) => {
      report.pending++;
      report.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      save();
    });
  });
  report.done = true;
  save();
  if (report.failed > 0) {
    throw new Error(`${report.failed} extension-host test(s) failed`);
  }
}
