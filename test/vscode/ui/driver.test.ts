// Proves the driver's helpers against a debugger that VS Code ships (the built-in JavaScript
// debugger on a two-line Node.js program), so that a failure in a KSim UI test points at KSim
// and not at the harness: Quick Open, a gutter click, F5 and the pick of a debugger, the stop
// on the line, and reading the call stack, variables and breakpoints.
import * as assert from 'node:assert/strict';
import { tempWorkspace, useCodeServer, useWorkbench } from '../harness/mocha';

const PROGRAM = [
  'function add(a, b) {',
  '  const sum = a + b;',
  '  return sum;',
  '}',
  "console.log('total', add(2, 3));",
  '',
].join('\n');

describe('real VS Code: the driver on the built-in JavaScript debugger', function () {
  this.timeout(120_000);
  const folder = tempWorkspace({ 'app.js': PROGRAM });
  const vs = useCodeServer({ load: 'none' });
  const ui = useWorkbench(vs, { folder });

  it('stops at a gutter breakpoint after F5 and shows the stack and variables', async () => {
    const wb = ui.wb;
    await wb.openFile('app.js');
    await wb.toggleBreakpointInGutter(2);
    assert.deepEqual(await wb.breakpointGlyphLines(), [2]);
    await wb.pressF5();
    // With no launch.json VS Code asks which debugger to use.
    assert.ok((await wb.quickPickItems()).includes('Node.js'));
    await wb.answerQuickInput('Node.js');
    assert.match(await wb.waitForDebugStopped(), /breakpoint/i);
    await wb.waitFor('the frame of add() on line 2', () => wb.callStack(),
      (rows) => rows.some((r) => /add/.test(r.text) && /app\.js 2:/.test(r.text)));
    await wb.waitFor('a = 2 among the locals', () => wb.variables(),
      (rows) => rows.some((r) => r.ariaLabel === 'a, value 2'));
    await wb.waitFor('the breakpoint on app.js line 2', () => wb.breakpoints(),
      (rows) => rows.some((r) => /app\.js 2/.test(r.ariaLabel)));
    await wb.screenshot();
    await wb.debugAction('Stop');
    await wb.waitForDebugEnded();
  });

  it('adds a function breakpoint from the Breakpoints view', async () => {
    const wb = ui.wb;
    await wb.addFunctionBreakpoint('add');
    const rows = await wb.breakpoints();
    assert.ok(rows.some((r) => r.text.includes('add')), JSON.stringify(rows));
  });

  it('runs a command from the palette', async () => {
    const wb = ui.wb;
    await wb.runCommand('View: Toggle Terminal');
    await wb.page.locator('.part.panel .terminal-wrapper, .part.panel .xterm').first().waitFor({ state: 'visible', timeout: 30_000 });
  });
});
