// Debugging KSim scenarios in a real VS Code, as a user does it: KSim installed from its vsix,
// the examples/ folder open, everything done with the mouse, the keyboard and the palette, and
// checked by what the workbench shows (call stack, Kernel views, editors, notifications, the
// debug console). Each test saves a screenshot under test-results/ (named below).
import * as assert from 'node:assert/strict';
import type { TreeRow, Workbench } from '../harness/driver';
import { useCodeServer, useWorkbench } from '../harness/mocha';
import { EXAMPLES_DIR } from '../harness/paths';

/** detach-zombie.ksim: `expect _lwp_create(&uc, LWP_DETACHED, &d) == 0`, which writes d. */
const DETACH_CREATE_LINE = 22;
/** detach-zombie.ksim: `expect _lwp_detach(_lwp_self()) == 0`, two syscalls on one line. */
const DETACH_SELF_LINE = 32;
/** park-unpark-race.ksim: `expect _lwp_unpark(b, null) == 0`, reached once both sleepers have parked. */
const RACE_UNPARK_B_LINE = 32;
/** park-unpark-race.ksim: sleeper's first `___lwp_park60(...)`. */
const RACE_SLEEPER_PARK_LINE = 8;
/** crash-kernel.ksim: `print("crash kernel loaded; panicking")`, the crash image staged. */
const CRASH_LOADED_LINE = 20;
/** freebsd-kexec.ksim: `reboot(RB_KEXEC)`. */
const KEXEC_REBOOT_LINE = 37;
/** freebsd-kexec.ksim: stage2's first statement, the new generation's init. */
const KEXEC_STAGE2_LINE = 42;

/** Opens an example, sets a gutter breakpoint, presses F5 and waits for the stop on that line. */
async function debugToLine(wb: Workbench, file: string, line: number): Promise<void> {
  await wb.openFile(file);
  await wb.toggleBreakpointInGutter(line);
  await wb.pressF5(); // no launch.json: KSim's configuration provider debugs the open file
  assert.match(await wb.waitForDebugStopped(), /breakpoint/i);
  await wb.waitFor(`the frame on line ${line} of ${file}`, () => wb.callStack(),
    (rows) => rows.some((r) => r.text.includes(`${file} ${line}:`)), 30_000);
}

/** Ends the session from the toolbar, as a user would, so that no run outlives its test. */
async function stopDebugging(wb: Workbench): Promise<void> {
  await wb.debugAction('Stop');
  await wb.waitForDebugEnded();
}

/**
 * The Call Stack's rows; when VS Code offers "Load More Stack Frames" for the stopped thread
 * (it fetches the top frame first and the rest later), clicks it as a user would.
 */
async function callStackLoaded(wb: Workbench): Promise<TreeRow[]> {
  const rows = await wb.callStack();
  if (rows.some((r) => r.text === 'Load More Stack Frames')) {
    // VS Code may load them itself meanwhile and drop the row: then there is nothing to click.
    await wb.page.locator('.debug-call-stack .monaco-list-row').filter({ hasText: 'Load More Stack Frames' }).first()
      .click({ timeout: 2_000 }).catch(() => undefined);
  }
  return rows;
}

/**
 * Drags the side bar's edge (its sash) so that it is `width` pixels wide, as a user makes room
 * for the Kernel views' descriptions; waits until the side bar has that width (within a few px).
 */
async function widenSideBar(wb: Workbench, width: number): Promise<void> {
  const bar = wb.page.locator('.part.sidebar').first();
  const box = await bar.boundingBox();
  if (box === null || box.width >= width) {
    return;
  }
  const y = box.y + box.height / 2;
  await wb.page.mouse.move(box.x + box.width, y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(box.x + width, y, { steps: 5 });
  await wb.page.mouse.up();
  await wb.waitFor(`a side bar ${width} px wide`, async () => (await bar.boundingBox())?.width ?? 0, (w) => Math.abs(w - width) <= 8);
}

/** The visible text of the active editor, its lines joined by newlines (Monaco uses NBSPs). */
async function activeEditorText(wb: Workbench): Promise<string> {
  const lines = await wb.activeEditor.locator('.view-lines .view-line').evaluateAll((els: { textContent: string | null; style: { top: string } }[]) =>
    els.map((e) => ({ top: Number.parseFloat(e.style.top || '0'), text: e.textContent ?? '' }))
      .sort((a, b) => a.top - b.top).map((l) => l.text));
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

describe('real VS Code: debugging KSim scenarios (KSim installed from its vsix)', function () {
  this.timeout(180_000);
  const vs = useCodeServer({ load: 'vsix' });
  const ui = useWorkbench(vs, { folder: EXAMPLES_DIR });

  it('a function breakpoint on _lwp_park from the Breakpoints view stops in the syscall', async () => {
    const wb = ui.wb;
    await wb.openFile('park-unpark-race.ksim');
    await widenSideBar(wb, 420);
    // libc's name, as a user types it; the adapter maps it to the syscall ___lwp_park60.
    await wb.addFunctionBreakpoint('_lwp_park');
    await wb.pressF5();
    // VS Code shows the adapter's description of the stop: the syscall the name stands for.
    const state = await wb.waitForDebugStopped();
    assert.match(state, /Syscall ___lwp_park60/i);
    const stack = await wb.waitFor('the parking LWP with its syscall frame and the sleeper frame', () => callStackLoaded(wb),
      (rows) => rows.some((r) => /^\d+\.\d+ init\b/.test(r.text)) &&
        rows.some((r) => /^syscall syscall\.ts\b/.test(r.text)) &&
        rows.some((r) => r.text.includes(`park-unpark-race.ksim ${RACE_SLEEPER_PARK_LINE}:`)), 30_000);
    // The thread that stopped is an LWP of init other than its first (a sleeper), named pid.lid name.
    const thread = stack.find((r) => /^\d+\.\d+ init\b/.test(r.text) && /___lwp_park60/i.test(r.text));
    assert.ok(thread, `a thread row says why it stopped: ${stack.map((r) => r.text).join(' / ')}`);
    assert.match(thread.text, /^1\.[2-9]\d* init/);
    // The breakpoint is verified as the syscall it names.
    const bp = await wb.waitFor('the _lwp_park breakpoint row', () => wb.breakpoints(), (rows) => rows.some((r) => r.text.includes('_lwp_park')));
    assert.ok(bp.some((r) => r.text.includes('_lwp_park')));
    await wb.screenshot('ksim-ui-function-breakpoint-lwp-park');
    await stopDebugging(wb);
  });

  it('the LWPs view lists the LWPs with their states at a breakpoint', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'park-unpark-race.ksim', RACE_UNPARK_B_LINE);
    await wb.openViewContainer('Kernel');
    await widenSideBar(wb, 520);
    const rows = await wb.waitFor('init on CPU and its two sleepers parked', () => wb.treeView('LWPs'),
      (r) => r.some((x) => /^1 init\b.*3 LWPs/.test(x.text)) &&
        r.some((x) => /^1 .*◀.*LSONPROC/.test(x.text)) &&
        r.filter((x) => /LSSLEEP · parked · in ___lwp_park60/.test(x.text)).length === 2, 30_000);
    const lwps = rows.filter((r) => /LS[A-Z]+/.test(r.text));
    assert.deepEqual(lwps.map((r) => r.text.split(' ')[0]), ['1', '2', '3'], rows.map((r) => r.text).join(' / '));
    await wb.screenshot('ksim-ui-lwps-view');
    await stopDebugging(wb);
  });

  it('"Display as Hex" in the Variables view\'s context menu shows integers in hex, "Display as Decimal" undoes it', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'park-unpark-race.ksim', RACE_UNPARK_B_LINE);
    await wb.openViewContainer('Run and Debug');
    const variables = wb.page.locator('.debug-variables');
    const decimal = /^[a-z_]\w* = \d+$/;
    const before = await wb.waitFor('a local with a plain integer', () => wb.variables(), (rows) => rows.some((r) => decimal.test(r.text)));
    const local = before.find((r) => decimal.test(r.text))!;
    const name = local.text.split(' = ')[0];
    const value = BigInt(local.text.split(' = ')[1]);
    await wb.contextMenu(variables, new RegExp(`^\\s*${name}\\s*=`), 'Display as Hex');
    await wb.waitFor(`${name} in hex`, () => wb.variables(), (rows) => rows.some((r) => r.text === `${name} = 0x${value.toString(16)}`));
    await wb.screenshot('ksim-ui-variables-hex');
    await wb.contextMenu(variables, new RegExp(`^\\s*${name}\\s*=`), 'Display as Decimal');
    await wb.waitFor(`${name} in decimal again`, () => wb.variables(), (rows) => rows.some((r) => r.text === `${name} = ${value}`));
    await stopDebugging(wb);
  });

  it('shows the locals inline, and a debug hover over a field evaluates the whole access', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'park-unpark-race.ksim', RACE_UNPARK_B_LINE);
    // VS Code puts each local's value after the lines that use it, up to the stopped line.
    const text = await wb.waitFor('inline values after the lines that ran', () => activeEditorText(wb),
      (t) => /let b = spawn\(sleeper, 0\)\s+b = 3/.test(t), 30_000);
    assert.match(text, /expect _lwp_continue\(a\) == 0\s+a = 2/);
    assert.match(text, /let ts = \{ tv_sec: 0, tv_nsec: 50000000 \}\s+ts = struct \{ tv_sec: 0, tv_nsec: 0 \}/);
    // Hovering `tv_nsec` in `ts.tv_nsec` evaluates ts.tv_nsec: the remaining time written back.
    const line = 'expect ts.tv_sec == 0 && ts.tv_nsec == 0';
    assert.equal(await wb.debugHover(line, 'tv_nsec'), '0');
    await wb.screenshot('ksim-ui-inline-values-hover');
    // Hovering the struct shows it whole, with its fields.
    assert.match(await wb.debugHover(line, 'ts'), /tv_sec[\s\S]*tv_nsec/);
    await stopDebugging(wb);
  });

  it('"Break on Value Change" on a local stops after the syscall that writes it through &d', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'detach-zombie.ksim', DETACH_CREATE_LINE);
    await wb.openViewContainer('Run and Debug');
    await wb.waitFor('d in Locals', () => wb.variables(), (rows) => rows.some((r) => r.text === 'd = 0'));
    await wb.contextMenu(wb.page.locator('.debug-variables'), /^\s*d\s*=/, 'Break on Value Change');
    await wb.toggleBreakpointInGutter(DETACH_CREATE_LINE); // off: the data breakpoint alone now
    await wb.debugAction('Continue');
    await wb.waitFor('the data breakpoint\'s stop', () => wb.waitForDebugStopped(),
      (state) => /d in init \(LWP 1\.1\) changed: 0 → \d+/i.test(state) || /data breakpoint/i.test(state), 30_000);
    await wb.waitFor('the stop on the next line', () => wb.callStack(),
      (rows) => rows.some((r) => r.text.includes(`detach-zombie.ksim ${DETACH_CREATE_LINE + 1}:`)), 30_000);
    await wb.waitFor('d\'s new value in Variables', () => wb.variables(), (rows) => rows.some((r) => /^d = [1-9]\d*$/.test(r.text)), 30_000);
    const bps = await wb.breakpoints();
    assert.ok(bps.some((r) => /d in init/.test(r.text)), bps.map((r) => r.text).join(' | '));
    await wb.page.mouse.move(5, 5);
    await wb.screenshot('ksim-ui-data-breakpoint-local');
    await stopDebugging(wb);
  });

  it('"Step Into Target" offers both syscalls of a line and enters the one picked', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'detach-zombie.ksim', DETACH_SELF_LINE);
    await wb.runCommand('Debug: Step Into Target');
    // VS Code offers the targets in a quick pick, in the order they run.
    const items = await wb.quickPickItems();
    assert.deepEqual(items, ['_lwp_self', '_lwp_detach']);
    await wb.screenshot('ksim-ui-step-into-target');
    await wb.answerQuickInput('_lwp_detach');
    // _lwp_self ran as if stepped over; the stop is at _lwp_detach's entry into the kernel.
    await wb.waitFor('the stop at _lwp_detach\'s entry', () => wb.waitForDebugStopped(), (state) => /Step into _lwp_detach/i.test(state), 30_000);
    await wb.waitFor('the kernel frames of _lwp_detach above the scenario line', () => callStackLoaded(wb),
      (rows) => rows.some((r) => /^syscall syscall\.ts\b/.test(r.text)) && rows.some((r) => r.text.includes(`detach-zombie.ksim ${DETACH_SELF_LINE}:`)), 30_000);
    await wb.screenshot('ksim-ui-step-into-target-entered');
    await stopDebugging(wb);
  });

  it('Step Over on reboot(RB_KEXEC) enters the new generation in the same session', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'freebsd-kexec.ksim', KEXEC_REBOOT_LINE);
    await wb.debugAction('Step Over');
    // The new kernel's init, stopped at the first statement of the image's program. It is the
    // only thread, so VS Code shows its frame without a thread row; its LWP is in the scopes.
    await wb.waitFor('generation 1\'s init at stage2\'s first statement', () => wb.callStack(),
      (rows) => rows.some((r) => r.text.startsWith(`program stage2 freebsd-kexec.ksim ${KEXEC_STAGE2_LINE}:`)) &&
        !rows.some((r) => /process (init|user)/.test(r.text)), 60_000);
    await wb.waitFor('the scopes of LWP 1.1 of the new generation', () => wb.variables(),
      (rows) => rows.some((r) => r.text === 'LWP 1.1') && rows.some((r) => r.text === 'Process 1'));
    assert.ok((await wb.statusBar()).some((t) => /gen 1 · 1 LWP\b/.test(t)), 'the status bar shows generation 1');
    // The debug console has the new kernel's banner.
    const repl = wb.page.locator('.repl .monaco-list-rows').first();
    if (!await repl.isVisible()) {
      await wb.runCommand('View: Toggle Debug Console');
    }
    await wb.waitFor('the new kernel\'s banner in the debug console', async () => (await repl.innerText()).replace(/\u00a0/g, ' '),
      (t) => /generation 1 booted: KSim second 2\.0/.test(t));
    // The Boots view lists both generations, generation 1 current.
    await wb.openViewContainer('Kernel');
    await widenSideBar(wb, 480);
    await wb.waitFor('generations 0 and 1 in the Boots view', () => wb.treeView('Boots'),
      (rows) => rows.some((r) => /^generation 0\b.*kexec/i.test(r.text)) &&
        rows.some((r) => /^generation 1 ◀.*KSim second 2\.0/.test(r.text)), 30_000);
    await wb.screenshot('ksim-ui-kexec-new-generation');
    // Run and Debug's Loaded Scripts lists the new generation's image beside the first one's.
    await wb.openViewContainer('Run and Debug');
    const loaded = await wb.view('Loaded Scripts');
    await wb.expandTreeRow(loaded, /^boots$/);
    const scripts = await wb.waitFor('both generations\' images in Loaded Scripts', () => wb.treeView('Loaded Scripts'),
      (rows) => rows.some((r) => /^generation 0: /.test(r.text)) && rows.some((r) => /^generation 1: KSim second 2\.0/.test(r.text)), 30_000);
    assert.ok(scripts.some((r) => r.text.endsWith('freebsd-kexec.ksim')), scripts.map((r) => r.text).join(' | '));
    // Opening the old image shows how its generation ended.
    await loaded.locator('.monaco-list-row').filter({ hasText: /^generation 0: / }).first().click();
    await wb.waitFor('generation 0\'s image in an editor', async () => (await wb.activeEditor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '),
      (t) => /state: +ended by reboot\(RB_KEXEC\) into the staged image/.test(t), 30_000);
    await wb.screenshot('ksim-ui-kexec-loaded-scripts');
    await stopDebugging(wb);
  });

  it('"Show in Memory" on a staged segment opens a hex dump of its bytes', async () => {
    const wb = ui.wb;
    // A Linux crash kernel is loaded straight into the reserved region, so its segments' bytes
    // are at their destinations as soon as kexec_file_load returns.
    await debugToLine(wb, 'crash-kernel.ksim', CRASH_LOADED_LINE);
    await wb.openViewContainer('Kernel');
    await widenSideBar(wb, 480);
    const lwps = await wb.view('LWPs');
    if (await lwps.locator('.pane-header').first().getAttribute('aria-expanded') === 'true') {
      await lwps.locator('.pane-header').first().click(); // room for the Kexec view
    }
    const kexec = await wb.view('Kexec');
    await wb.waitFor('the crash image and its purgatory segment in the Kexec view', () => wb.treeView('Kexec'),
      (rows) => rows.some((r) => /^Crash image entry 0x7ffff000 · 4 segments · kexec_file_load/.test(r.text)) &&
        rows.some((r) => r.text === 'banner Linux version 6.1.0-kdump') &&
        rows.some((r) => /^segment 1 0x7ffff000–0x80000000/.test(r.text)), 30_000);
    const segment = kexec.locator('.monaco-list-row').filter({ hasText: /^segment 1/ }).first();
    await segment.hover(); // the inline action shows on hover
    await segment.locator('.actions .action-label[aria-label="Show in Memory"]').click();
    // No Hex Editor in code-server: a read-only dump of the same readMemory bytes opens.
    await wb.page.locator('.part.editor .tab').filter({ hasText: 'crash-segment-1@0x7ffff000' }).first()
      .waitFor({ state: 'visible', timeout: 30_000 });
    const text = await wb.waitFor('the dump of the segment', () => activeEditorText(wb),
      (t) => t.includes('000000007ffff000'));
    assert.match(text, /^crash-segment-1@0x7ffff000 — 4096 bytes from 0x7ffff000$/m);
    // KSim's purgatory: its magic, then the kernel entry, boot_params and the kernel's version.
    assert.match(text, /^000000007ffff000 {2}4b 53 49 4d 50 55 52 47 [0-9a-f ]+ {2}\|KSIMPURG/m);
    assert.match(text, /^000000007ffff020 {2}30 2d 6b 64 75 6d 70 [0-9a-f ]+ {2}\|0-kdump/m);
    await wb.screenshot('ksim-ui-segment-memory-dump');
    await stopDebugging(wb);
  });

  it('runs _lwp_wakeup from the command palette on the live session and shows its result', async () => {
    const wb = ui.wb;
    await debugToLine(wb, 'park-unpark-race.ksim', RACE_UNPARK_B_LINE);
    await wb.openViewContainer('Kernel');
    await widenSideBar(wb, 520);
    await wb.waitFor('LWP 2 parked', () => wb.treeView('LWPs'), (r) => r.some((x) => /^2 .*LSSLEEP · parked/.test(x.text)), 30_000);
    await wb.runCommand('KSim: Run Syscall...', 30_000);
    const items = await wb.quickPickItems();
    assert.ok(items.some((i) => i.includes('_lwp_wakeup')), items.join(' | '));
    await wb.answerQuickInput('_lwp_wakeup');
    // The target is picked from the live LWPs.
    const lwps = await wb.quickPickItems();
    assert.ok(lwps.includes('2') && lwps.includes('3'), `the runner offers the live LWPs: ${lwps.join(' | ')}`);
    await wb.answerQuickInput('2');
    const note = await wb.waitForNotification(/_lwp_wakeup\(2\) = /);
    assert.match(note, /^_lwp_wakeup\(2\) = 0\b/);
    // The LWPs view follows: LWP 2 is no longer parked.
    await wb.waitFor('LWP 2 woken in the LWPs view', () => wb.treeView('LWPs'),
      (r) => r.some((x) => /^2 /.test(x.text) && !/parked/.test(x.text)), 30_000);
    await wb.screenshot('ksim-ui-run-syscall-result');
    await stopDebugging(wb);
  });
});
