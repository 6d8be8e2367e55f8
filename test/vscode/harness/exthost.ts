// Running the extension-host test suite (test/vscode/suite/) inside code-server: the workbench
// URL names the repository as the development extension and the compiled suite as the tests
// module; the server's extension host runs it and the suite writes its report to the file
// named by KSIM_EXTHOST_RESULTS, which this module waits for and reads. A browser has to open
// the workbench, since the extension host starts only for a connected window.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { Workbench } from './driver';
import { Logger, sleep, stderrLogger } from './exec';
import { buildExtension, buildExtensionHostSuite } from './extension';
import { ensureInstalled } from './install';
import { EXAMPLES_DIR, REPO_ROOT, RESULTS_DIR } from './paths';
import type { ExtensionHostReport } from '../suite/index';

export type { ExtensionHostReport };

export interface ExtensionHostRunOptions {
  /** Folder the workbench opens (default: examples/). */
  folder?: string;
  /** Only tests whose full title matches (mocha grep). */
  grep?: string;
  /** Give up after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Skip `npm run build` (the caller built dist/ already). */
  skipBuild?: boolean;
  log?: Logger;
}

/**
 * Installs what is missing, builds KSim and the suite, starts code-server, opens the workbench
 * with KSim as the development extension and the suite as extensionTestsPath, and returns the
 * suite's report once it is done. Saves a screenshot (test-results/exthost.png) and, when a
 * test failed or the run timed out, the console and server logs.
 */
export async function runExtensionHostSuite(options: ExtensionHostRunOptions = {}): Promise<ExtensionHostReport> {
  const log = options.log ?? stderrLogger;
  await ensureInstalled({ log });
  if (!options.skipBuild) {
    await buildExtension(log);
  }
  const suiteEntry = await buildExtensionHostSuite(log);
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-exthost-'));
  const reportFile = path.join(reportDir, 'report.json');
  const env: Record<string, string> = { KSIM_EXTHOST_RESULTS: reportFile };
  if (options.grep) {
    env.KSIM_EXTHOST_GREP = options.grep;
  }
  const server = await startCodeServer({ env, log });
  let wb: Workbench | undefined;
  let ok = false;
  try {
    const url = server.workbenchUrl({
      folder: options.folder ?? EXAMPLES_DIR,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suiteEntry,
    });
    wb = await Workbench.open(url, { name: 'exthost' });
    log(`workbench ready ${(wb.readyMs / 1000).toFixed(1)} s after navigation; waiting for the extension-host suite`);
    const report = await waitForReport(reportFile, options.timeoutMs ?? 5 * 60_000, () => server.running);
    ok = report.failed === 0;
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, 'exthost-results.json'), JSON.stringify(report, null, 2));
    return report;
  } finally {
    if (wb !== undefined) {
      await wb.finish({ state: ok ? 'passed' : 'failed', title: 'exthost' }, () => server.readLog());
    } else if (!ok) {
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, 'exthost.code-server.log'), server.readLog());
    }
    await server.stop();
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

async function waitForReport(file: string, timeoutMs: number, serverRunning: () => boolean): Promise<ExtensionHostReport> {
  const deadline = Date.now() + timeoutMs;
  // The suite writes its first report as soon as run() is called; if nothing comes within a
  // minute the extension host did not load it, and waiting longer will not help.
  const startDeadline = Date.now() + Math.min(timeoutMs, 60_000);
  let last: ExtensionHostReport | undefined;
  for (;;) {
    try {
      last = JSON.parse(fs.readFileSync(file, 'utf8')) as ExtensionHostReport;
      if (last.done) {
        return last;
      }
    } catch {
      // not written yet, or caught mid-write
    }
    if (!serverRunning()) {
      throw new Error('code-server exited before the extension-host suite finished');
    }
    if (Date.now() > (last === undefined ? startDeadline : deadline)) {
      throw new Error(last === undefined
        ? 'the extension-host suite wrote no report within a minute: the extension host did not load it or run() threw before it started (see test-results/exthost.console.log)'
        : `the extension-host suite did not finish within ${timeoutMs} ms; so far: ${last.passed} passed, ${last.failed} failed`);
    }
    await sleep(250);
  }
}

/** The report as mocha-like lines, for printing. */
export function formatReport(report: ExtensionHostReport): string {
  const lines = [`extension-host suite in ${report.host}:`];
  for (const t of report.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    lines.push(`  ${mark} ${t.title}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) {
      lines.push(...t.error.split('\n').slice(0, 12).map((l) => `      ${l}`));
    }
  }
  // mocha's words, not "N passed, N failed", which CI would take for the run's closing line.
  lines.push(`  ${report.passed} passing, ${report.failed} failing${report.pending > 0 ? `, ${report.pending} pending` : ''}`);
  return lines.join('\n');
}
