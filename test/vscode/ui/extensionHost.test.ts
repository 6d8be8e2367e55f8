// Runs the extension-host suite (test/vscode/suite/*.test.ts) inside code-server with KSim as
// the development extension, and fails when any of its tests failed.
import * as assert from 'node:assert/strict';
import { formatReport, runExtensionHostSuite } from '../harness/exthost';
import { INSTALL_TIMEOUT_MS } from '../harness/mocha';

describe('real VS Code: the extension-host suite in code-server', function () {
  this.timeout(INSTALL_TIMEOUT_MS);

  it('passes (KSim loaded as extensionDevelopmentPath, the suite as extensionTestsPath)', async () => {
    const report = await runExtensionHostSuite();
    process.stderr.write(`${formatReport(report)}\n`);
    assert.ok(report.passed > 0, 'the suite ran no test');
    assert.equal(report.failed, 0, formatReport(report));
  });
});
