// Runs the extension-host suite (test/vscode/suite/) in desktop VS Code with
// @vscode/test-electron 2.x (3.x needs Node 22): the same suite that runs in code-server,
// loaded the same way (KSim as the development extension, the compiled suite as the tests
// module). It needs a machine where VS Code can be downloaded (or KSIM_VSCODE_EXECUTABLE
// pointing at an installed one) and a display (on Linux: `xvfb-run -a npm run test:vscode:electron`).
//
//   KSIM_VSCODE_VERSION     VS Code version to download (default 1.96.4, the one code-server is)
//   KSIM_VSCODE_EXECUTABLE  use this VS Code instead of downloading one
//   KSIM_EXTHOST_GREP       run only the tests whose title matches
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatReport, type ExtensionHostReport } from '../harness/exthost';
import { buildExtension, buildExtensionHostSuite } from '../harness/extension';
import { EXAMPLES_DIR, REPO_ROOT, RESULTS_DIR } from '../harness/paths';

async function main(): Promise<number> {
  await buildExtension();
  const suite = await buildExtensionHostSuite();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-vscode-electron-'));
  const report = path.join(RESULTS_DIR, 'exthost-electron-results.json');
  fs.rmSync(report, { force: true });
  const env: Record<string, string> = { KSIM_EXTHOST_RESULTS: report };
  if (process.env.KSIM_EXTHOST_GREP) {
    env.KSIM_EXTHOST_GREP = process.env.KSIM_EXTHOST_GREP;
  }
  const executable = process.env.KSIM_VSCODE_EXECUTABLE;
  let code: number;
  try {
    code = await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.KSIM_VSCODE_VERSION ?? '1.96.4' }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: env,
      launchArgs: [
        EXAMPLES_DIR,
        '--disable-extensions', // every other extension; the development one still loads
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(profile, 'user-data')}`,
        `--extensions-dir=${path.join(profile, 'extensions')}`,
      ],
    });
  } catch (err) {
    process.stderr.write(`@vscode/test-electron failed: ${err instanceof Error ? err.message : String(err)}\n` +
      'It downloads VS Code from the internet unless KSIM_VSCODE_EXECUTABLE names an installed one; ' +
      'where neither works, use the code-server route: npm run test:vscode\n');
    return 1;
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (fs.existsSync(report)) {
    process.stdout.write(`${formatReport(JSON.parse(fs.readFileSync(report, 'utf8')) as ExtensionHostReport)}\n`);
  }
  return code;
}

main().then((code) => {
  process.exitCode = code;
}, (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
