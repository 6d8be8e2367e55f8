// The first real-VS-Code UI test: KSim packaged as a vsix and installed into code-server, the
// examples/ folder opened in the web workbench in headless Chromium, a screenshot taken.
import * as assert from 'node:assert/strict';
import { useCodeServer, useWorkbench } from '../harness/mocha';
import { EXAMPLES_DIR } from '../harness/paths';

describe('real VS Code: smoke (KSim installed from its vsix)', function () {
  this.timeout(120_000);
  const vs = useCodeServer({ load: 'vsix' });
  const ui = useWorkbench(vs, { folder: EXAMPLES_DIR });

  it('opens the examples folder in the workbench', async () => {
    const wb = ui.wb;
    await wb.openViewContainer('Explorer');
    const explorer = wb.page.locator('.explorer-folders-view, .explorer-viewlet').first();
    await explorer.waitFor({ state: 'visible' });
    const title = await wb.page.title();
    assert.match(title, /examples/i, `window title: ${title}`);
    const shot = await wb.screenshot('smoke-workbench');
    process.stderr.write(`screenshot: ${shot}\n`);
  });

  it('lists KSim among the installed extensions', async () => {
    const wb = ui.wb;
    await wb.focusWorkbench();
    await wb.press('Control+Shift+X'); // the Extensions view
    const search = wb.page.locator('.extensions-viewlet .suggest-input-container .monaco-editor textarea').first();
    await search.waitFor({ state: 'visible', timeout: 30_000 });
    await search.focus();
    await wb.page.keyboard.type('@installed ksim');
    const ksim = wb.page.locator('.extensions-viewlet .extension-list-item').filter({ hasText: 'KSim' }).first();
    await ksim.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await ksim.innerText(), /KSim/);
    await wb.screenshot('smoke-installed-extensions');
  });

  it('stops at a gutter breakpoint in an example after F5', async () => {
    const wb = ui.wb;
    await wb.openFile('park-unpark-race.ksim');
    await wb.toggleBreakpointInGutter(8);
    await wb.pressF5(); // no launch.json: KSim's configuration provider debugs the open file
    assert.match(await wb.waitForDebugStopped(), /breakpoint/i);
    await wb.waitFor('a frame on line 8 of the example', () => wb.callStack(),
      (rows) => rows.some((r) => /park-unpark-race\.ksim 8:/.test(r.text)));
    await wb.screenshot('smoke-f5-gutter-breakpoint');
    await wb.debugAction('Stop');
    await wb.waitForDebugEnded();
  });
});

describe('real VS Code: smoke (KSim as the development extension)', function () {
  this.timeout(120_000);
  const vs = useCodeServer({ load: 'development' });
  const ui = useWorkbench(vs, { folder: EXAMPLES_DIR });

  it('shows the Kernel views from the working tree', async () => {
    const wb = ui.wb;
    assert.match(await wb.page.title(), /Extension Development Host/);
    await wb.openViewContainer('Kernel');
    const panes = await wb.waitFor('the Kernel view container\'s views', () =>
      wb.page.locator('.part.sidebar .pane-header h3.title').allTextContents(), (t) => t.includes('LWPs'));
    assert.ok(panes.includes('Boots'), panes.join(', '));
    await wb.screenshot('smoke-development-kernel-views');
  });
});
