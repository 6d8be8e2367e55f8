// A Playwright driver for the VS Code web workbench that code-server serves, in Debian's
// headless Chromium. It does what a user does (keyboard shortcuts, Quick Open, the command
// palette, clicks in the gutter) and reads what a user sees (the call stack, variables, tree
// views, notifications) through the workbench's DOM. Every test gets a screenshot under
// test-results/; a failing one also keeps the browser console log and the server log there.
//
//   const server = await startCodeServer({ vsix: [vsix] });
//   const wb = await Workbench.open(server.workbenchUrl({ folder: EXAMPLES_DIR }), { name: 'f5 stops' });
//   await wb.openFile('park-unpark-race.ksim');
//   await wb.toggleBreakpointInGutter(12);
//   await wb.pressF5();
//   await wb.waitForDebugStopped();
//   assert.match((await wb.callStack())[1], /main/);
//   await wb.screenshot();
//   ...  afterEach: await wb.finish(this.currentTest, server);
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { sleep } from './exec';
import { CHROMIUM_PATH, RESULTS_DIR } from './paths';

/** The flags this machine's closed network needs (else Chromium retries Google's hosts). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface OpenOptions {
  /** The test's name: screenshots and logs are saved as test-results/<name>.png/.console.log. */
  name: string;
  viewport?: { width: number; height: number };
  /** How long to wait for the workbench (default 90 s). */
  readyTimeoutMs?: number;
  /** Show the browser (needs a display; default: headless). */
  headed?: boolean;
}

/** One row of a tree or list in the workbench. */
export interface TreeRow {
  /** The row's visible text: its leaf elements' texts joined by spaces ("add app.js 2:15"). */
  text: string;
  /** The row's accessible label, which often carries more (e.g. a variable's value). */
  ariaLabel: string;
  /** 1 for top-level rows. */
  level: number;
  /** true/false for a collapsible row, undefined for a leaf. */
  expanded: boolean | undefined;
}

/**
 * The little of the DOM that the in-page functions below use (the project compiles without the
 * DOM library, so they are typed against this).
 */
interface DomElement {
  readonly textContent: string | null;
  readonly className: string;
  readonly parentElement: DomElement | null;
  readonly classList: { contains(name: string): boolean };
  readonly style: { readonly top: string };
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { readonly top: number; readonly left: number; readonly width: number; readonly height: number };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Makes a test title safe as a file name. */
export function artefactName(title: string): string {
  return title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'test';
}

/** A headless Chromium showing the VS Code workbench. */
export class Workbench {
  /** Every console message and page error, as `[type] text`. */
  readonly consoleLines: string[] = [];
  /** Milliseconds from navigation until waitReady() returned. */
  readyMs = 0;
  readonly name: string;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    name: string,
    private readonly userDataDir: string,
  ) {
    this.name = artefactName(name);
    page.on('console', (m) => this.consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
    page.on('crash', () => this.consoleLines.push('[crash] the page crashed'));
  }

  /** Launches Chromium, opens `url` (from CodeServer.workbenchUrl) and waits for the workbench. */
  static async open(url: string, options: OpenOptions): Promise<Workbench> {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} is missing: run ensureInstalled() first (Debian package chromium)`);
    }
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-chromium-'));
    // A persistent context is how Playwright takes a fresh --user-data-dir of our own.
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: !options.headed,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1400, height: 900 },
      timeout: 60_000,
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      const wb = new Workbench(context, page, options.name, userDataDir);
      const t0 = Date.now();
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await wb.waitReady(options.readyTimeoutMs ?? 90_000);
      wb.readyMs = Date.now() - t0;
      return wb;
    } catch (err) {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Waits until the workbench is usable: its parts are laid out, the remote connection and the
   * extension host are up (the status bar's progress and the "Opening remote..." state are gone)
   * and nothing is still loading in the window.
   */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const left = (): number => Math.max(1000, deadline - Date.now());
    const p = this.page;
    await p.locator('.monaco-workbench').waitFor({ state: 'attached', timeout: left() });
    await p.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: left() });
    await p.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: left() });
    await p.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: left() });
    // The extension host is connected once the status bar shows no remote-connecting item
    // and no window progress ("Activating Extensions...") is left.
    await p.waitForFunction(() => {
      const document = (globalThis as unknown as { document: DomElement }).document;
      const busy = document.querySelector(
        '.statusbar-item .codicon-loading, .statusbar-item .codicon-sync.codicon-modifier-spin, .part.statusbar .codicon-modifier-spin');
      const remote = document.querySelector('#status\\.host');
      const connecting = remote !== null && /Opening Remote|Reconnecting|Disconnected/i.test(remote.textContent ?? '');
      return busy === null && !connecting;
    }, undefined, { timeout: left(), polling: 250 });
    await sleep(500);
  }

  /**
   * Polls `read` (e.g. `() => wb.variables()`) until `ok` holds for what it returns, and returns
   * that; throws after `timeoutMs` with `what` and the last value read. Views fill in
   * asynchronously, so read them through this rather than once.
   */
  async waitFor<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) {
        return value;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`);
      }
      await sleep(200);
    }
  }

  // ---- artefacts -------------------------------------------------------------------------

  /** Saves a screenshot as test-results/<name>.png (default: the test's name); returns its path. */
  async screenshot(name: string = this.name): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${artefactName(name)}.png`);
    await this.page.screenshot({ path: file, timeout: 30_000 });
    return file;
  }

  /** Writes the browser console log as test-results/<name>.console.log; returns its path. */
  saveConsoleLog(name: string = this.name): string {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${artefactName(name)}.console.log`);
    fs.writeFileSync(file, `${this.consoleLines.join('\n')}\n`);
    return file;
  }

  /**
   * For an afterEach hook: always a screenshot; when the test failed also the console log and
   * the server's log (`serverLog`, e.g. CodeServer.readLog()); then closes the browser.
   */
  async finish(test: { state?: string; title: string } | undefined, serverLog?: () => string): Promise<void> {
    try {
      await this.screenshot().catch(() => undefined);
      if (test?.state === 'failed') {
        this.saveConsoleLog();
        if (serverLog) {
          fs.writeFileSync(path.join(RESULTS_DIR, `${this.name}.code-server.log`), serverLog());
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Closes Chromium and removes its profile. */
  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }

  // ---- keyboard, Quick Open, command palette ----------------------------------------------

  /** Presses a key or chord in the workbench (Playwright names: 'F5', 'Control+Shift+P'). */
  async press(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
  }

  /** Gives the workbench keyboard focus without clicking anything that acts. */
  async focusWorkbench(): Promise<void> {
    const editor = this.page.locator('.part.editor .monaco-editor textarea').first();
    if (await editor.count() > 0 && await editor.isVisible()) {
      await editor.focus();
    } else {
      await this.page.locator('.monaco-workbench').focus();
    }
  }

  /** The quick input widget (Quick Open and the command palette). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private async openQuickInput(keys: string, prefix: string): Promise<Locator> {
    await this.focusWorkbench();
    await this.press(keys);
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(prefix);
    return input;
  }

  /**
   * Opens a file with Quick Open (Ctrl+P): types `fileName` (a name or a relative path) and picks
   * the first match, then waits for its editor tab.
   */
  async openFile(fileName: string): Promise<void> {
    const input = await this.openQuickInput('Control+P', '');
    await input.fill(fileName);
    const base = path.basename(fileName);
    const row = this.quickInput.locator('.quick-input-list .monaco-list-row').filter({ hasText: base }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await this.page.locator(`.part.editor .tab[aria-label*="${cssString(base)}"], .part.editor .tab:has(.label-name:text-is("${cssString(base)}"))`)
      .first().waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.locator('.part.editor .editor-instance .monaco-editor').first().waitFor({ state: 'visible', timeout: 15_000 });
  }

  /**
   * Runs a command from the palette (F1) by its label as shown there ("Debug: Start Debugging",
   * "KSim: Run Syscall..."): types it, waits for a row whose label matches exactly (or, failing
   * that, starts with it) and presses Enter.
   */
  async runCommand(label: string, timeoutMs = 15_000): Promise<void> {
    const input = await this.openQuickInput('F1', '>');
    await input.fill(`>${label}`);
    const rows = this.quickInput.locator('.quick-input-list .monaco-list-row');
    const deadline = Date.now() + timeoutMs;
    // A row shows "Category: Title" in its label or only "Title" with the category apart, and
    // its aria-label may carry both; try exact matches first, then prefixes.
    const bare = label.replace(/^[^:]+:\s*/, '');
    for (;;) {
      const rowsSeen = await rows.evaluateAll((els: DomElement[]) => els.map((e) => ({
        name: (e.querySelector('.label-name')?.textContent ?? '').trim(),
        aria: (e.getAttribute('aria-label') ?? '').trim(),
      })));
      const tests: ((r: { name: string; aria: string }) => boolean)[] = [
        (r) => r.name === label || r.aria === label,
        (r) => r.aria.startsWith(`${label},`) || r.aria.startsWith(`${label} `),
        (r) => r.name === bare,
        (r) => r.name.startsWith(label) || r.aria.startsWith(label),
      ];
      let index = -1;
      for (const t of tests) {
        index = rowsSeen.findIndex(t);
        if (index >= 0) {
          break;
        }
      }
      const labels = rowsSeen.map((r) => r.name || r.aria);
      if (index >= 0) {
        await rows.nth(index).click();
        return;
      }
      if (Date.now() > deadline) {
        await this.press('Escape');
        throw new Error(`no command "${label}" in the palette; it offered: ${labels.join(' | ') || 'nothing'}`);
      }
      await sleep(200);
    }
  }

  /** Answers an open quick pick / input box: types `text` and presses Enter. */
  async answerQuickInput(text: string): Promise<void> {
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(text);
    await sleep(150);
    await input.press('Enter');
  }

  /** The rows an open quick pick offers (their labels); waits for the first one. */
  async quickPickItems(): Promise<string[]> {
    await this.quickInput.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
    return this.quickInput.locator('.quick-input-list .monaco-list-row').evaluateAll((els: DomElement[]) =>
      els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.getAttribute('aria-label') ?? '').trim()));
  }

  // ---- editor and breakpoints ---------------------------------------------------------------

  /** The active editor. */
  get activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** Moves the cursor to `line` (Ctrl+G) so that it is on screen. */
  async goToLine(line: number): Promise<void> {
    await this.activeEditor.locator('textarea').first().focus();
    await this.press('Control+G');
    const input = this.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`:${line}`);
    await sleep(100);
    await input.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /**
   * Moves the mouse onto the `occurrence`-th `word` of the active editor's line that shows
   * `lineText` (as for a hover). Monaco splits a line into spans by token, so the word's place
   * is found character by character across the spans (the font is monospaced).
   */
  async hoverWord(lineText: string, word: string, occurrence = 0): Promise<void> {
    const line = this.activeEditor.locator('.view-line').filter({ hasText: lineText }).first();
    await line.waitFor({ state: 'visible', timeout: 15_000 });
    const point = await line.evaluate((el: DomElement, a: { word: string; occurrence: number }) => {
      const text = el.textContent ?? '';
      let at = -1;
      for (let i = 0; i <= a.occurrence; i++) at = text.indexOf(a.word, at + 1);
      if (at < 0) return null;
      const target = at + Math.floor(a.word.length / 2);
      let seen = 0;
      for (const span of Array.from(el.querySelectorAll('span')).filter((n) => n.children.length === 0)) {
        const t = span.textContent ?? '';
        if (target < seen + t.length) {
          const r = span.getBoundingClientRect();
          return { x: r.left + (target - seen + 0.5) * (r.width / t.length), y: r.top + r.height / 2 };
        }
        seen += t.length;
      }
      return null;
    }, { word, occurrence });
    if (!point) throw new Error(`no "${word}" (occurrence ${occurrence}) on the line "${lineText}"`);
    await this.page.mouse.move(point.x, point.y, { steps: 3 });
  }

  /**
   * The debug hover's text for a word of the active editor, as a user gets it: the mouse rests
   * on the word until VS Code shows the hover. A hover can fail to open when the mouse arrives
   * while the editor is still busy, so the mouse leaves and comes back, a few times at most.
   */
  async debugHover(lineText: string, word: string, occurrence = 0, attempts = 5): Promise<string> {
    const hover = this.page.locator('.debug-hover-widget').first();
    for (let i = 1; ; i++) {
      await this.page.mouse.move(5, 5);
      await hover.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      await this.hoverWord(lineText, word, occurrence);
      try {
        await hover.waitFor({ state: 'visible', timeout: 4_000 });
        // The widget opens before the value arrives: wait for some text.
        return await this.waitFor(`the debug hover of ${word}`, async () => (await hover.innerText()).trim(), (t) => t !== '', 5_000);
      } catch (e) {
        if (i >= attempts) throw e;
      }
    }
  }

  /**
   * Sets (or removes) a breakpoint as a user does: a click in the gutter (the glyph margin) of
   * the active editor beside `line`; then waits until the line's breakpoint glyph has appeared
   * (or gone). The language must allow breakpoints (a debugger's `breakpoints` contribution).
   */
  async toggleBreakpointInGutter(line: number): Promise<void> {
    await this.goToLine(line);
    const had = (await this.breakpointGlyphLines()).includes(line);
    const editor = this.activeEditor;
    const lineNumber = editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${line}\\s*$`) }).first();
    await lineNumber.waitFor({ state: 'visible', timeout: 10_000 });
    const lineBox = await lineNumber.boundingBox();
    const glyph = editor.locator('.margin .glyph-margin').first();
    const glyphBox = await glyph.boundingBox();
    const marginBox = await editor.locator('.margin').first().boundingBox();
    if (lineBox === null || marginBox === null) {
      throw new Error(`line ${line} is not on screen`);
    }
    // The glyph margin is the margin's left strip; without one, VS Code takes clicks left of
    // the line number ("line decorations"), which also toggle breakpoints.
    const x = glyphBox !== null && glyphBox.width > 0 ? glyphBox.x + glyphBox.width / 2 : marginBox.x + 4;
    const y = lineBox.y + lineBox.height / 2;
    await this.page.mouse.move(x, y);
    await sleep(100);
    await this.page.mouse.click(x, y);
    await this.page.mouse.move(x + 400, y); // away, so the hint glyph does not linger
    await this.waitFor(`the breakpoint glyph on line ${line} to ${had ? 'go' : 'appear'}`,
      () => this.breakpointGlyphLines(), (lines) => lines.includes(line) !== had, 10_000);
  }

  /** Sets (or removes) a breakpoint with the keyboard: Ctrl+G to `line`, then F9. */
  async toggleBreakpointWithF9(line: number): Promise<void> {
    await this.goToLine(line);
    await this.press('F9');
  }

  /** The lines of the active editor that show a breakpoint glyph. */
  async breakpointGlyphLines(): Promise<number[]> {
    return this.activeEditor.evaluate((root: DomElement) => {
      const lineTops = new Map<number, number>();
      for (const el of Array.from(root.querySelectorAll('.margin-view-overlays .line-numbers'))) {
        const parent = el.parentElement;
        if (parent) {
          lineTops.set(Math.round(parent.getBoundingClientRect().top), Number(el.textContent?.trim()));
        }
      }
      const lines = new Set<number>();
      for (const g of Array.from(root.querySelectorAll('[class*="codicon-debug-breakpoint"]'))) {
        if (g.className.includes('hint')) {
          continue; // the faint hint that follows the mouse
        }
        const top = Math.round(g.getBoundingClientRect().top);
        for (const [t, n] of lineTops) {
          if (Math.abs(t - top) <= 2) {
            lines.add(n);
          }
        }
      }
      return Array.from(lines).sort((a, b) => a - b);
    });
  }

  // ---- debugging ------------------------------------------------------------------------

  /**
   * Adds a function breakpoint as a user does (Run and Debug view, Breakpoints, "+"): the
   * command "Debug: Add Function Breakpoint", the function's name typed into the inline box,
   * Enter. Waits for its row in the Breakpoints view.
   */
  async addFunctionBreakpoint(name: string): Promise<void> {
    await this.openViewContainer('Run and Debug');
    await this.runCommand('Debug: Add Function Breakpoint');
    const input = this.page.locator('.debug-breakpoints .monaco-inputbox input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(name);
    await input.press('Enter');
    await this.waitFor(`the function breakpoint ${name} in the Breakpoints view`, () => this.breakpoints(),
      (rows) => rows.some((r) => r.text.includes(name)));
  }

  /** Starts debugging with F5 (focus goes to the editor first, as a user's would be). */
  async pressF5(): Promise<void> {
    await this.focusWorkbench();
    await this.press('F5');
  }

  /** The floating debug toolbar (visible while a session runs). */
  get debugToolbar(): Locator {
    return this.page.locator('.debug-toolbar');
  }

  /** Clicks a debug toolbar button by its label: Continue, Pause, Step Over, Step Into, Step Out, Step Back, Restart, Stop. */
  async debugAction(label: string): Promise<void> {
    await this.debugToolbar.waitFor({ state: 'visible', timeout: 30_000 });
    await this.debugToolbar.locator(`.action-label[aria-label^="${cssString(label)}"]`).first().click();
  }

  /**
   * Waits until a debug session is paused: the toolbar is up and a session or thread in the
   * call stack shows a state other than "Running" (VS Code shows the adapter's stop reason
   * there: "Paused on breakpoint", "Breakpoint at line 8", or just "Paused" for the other
   * threads). Returns the most telling state: the first that is not a bare "Paused".
   */
  async waitForDebugStopped(timeoutMs = 60_000): Promise<string> {
    await this.debugToolbar.waitFor({ state: 'visible', timeout: timeoutMs });
    // With several threads the stop's description is on the thread's row; with one thread VS
    // Code hides the session and thread rows and shows it in the Call Stack's header instead.
    const states = await this.waitFor('a paused session or thread in the call stack', () => this.page.locator(
      '.debug-call-stack .state.label, .debug-call-stack .state-label, .pane-header .call-stack-state-message:not([hidden]) .label',
    ).allTextContents(), (texts) => texts.some((t) => t.trim() !== '' && !/^running$/i.test(t.trim())), timeoutMs);
    const stopped = states.map((t) => t.trim()).filter((t) => t !== '' && !/^running$/i.test(t));
    return stopped.find((t) => !/^paused$/i.test(t)) ?? stopped[0];
  }

  /** Waits until no debug session runs (the toolbar is gone). */
  async waitForDebugEnded(timeoutMs = 60_000): Promise<void> {
    await this.debugToolbar.waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** The rows of the Call Stack view (sessions, threads, frames) as shown. */
  async callStack(): Promise<TreeRow[]> {
    return readRows(this.page.locator('.debug-call-stack'));
  }

  /** The rows of the Variables view as shown (expand scopes first with expandTreeRow). */
  async variables(): Promise<TreeRow[]> {
    return readRows(this.page.locator('.debug-variables'));
  }

  /**
   * Right-clicks the first row of `container` whose text matches `row` and picks `item` from
   * the context menu that opens (the workbench draws its own menus in the browser).
   */
  async contextMenu(container: Locator, row: string | RegExp, item: string): Promise<void> {
    const target = container.locator('.monaco-list-row').filter({ hasText: row }).first();
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    await target.click({ button: 'right' });
    await this.pickMenuItem(item);
  }

  /** Picks `item` from the open context menu. */
  async pickMenuItem(item: string): Promise<void> {
    const entry = this.page.locator('.context-view .monaco-menu .action-item').filter({
      has: this.page.locator(`.action-label:text-is("${cssString(item)}")`),
    }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    // Hover to focus the entry, then Enter: the menu ignores a mouse-up that comes too soon
    // after it opened (so that releasing the right button does not pick the entry under it).
    await entry.hover();
    await this.page.keyboard.press('Enter');
    await entry.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** The rows of the Breakpoints view. */
  async breakpoints(): Promise<TreeRow[]> {
    return readRows(this.page.locator('.debug-breakpoints'));
  }

  // ---- views ----------------------------------------------------------------------------

  /**
   * Opens a view container from the activity bar by its title ("Run and Debug", "Explorer",
   * "Kernel"), unless it is already showing.
   */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.part.activitybar .action-item a[aria-label^="${cssString(title)}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    const checked = await item.locator('xpath=..').getAttribute('aria-checked') ??
      await item.locator('xpath=..').getAttribute('aria-selected');
    const active = await item.locator('xpath=..').evaluate((el: DomElement) => el.classList.contains('checked'));
    if (!active && checked !== 'true') {
      // The action item, not its label: a badge ("1 active session") covers part of the label.
      await item.locator('xpath=..').click();
    }
  }

  /**
   * The pane of a view in the side bar or panel, found by its header title ("LWPs", "Call
   * Stack"); expands it when collapsed.
   */
  async view(title: string): Promise<Locator> {
    const pane = this.page.locator('.pane').filter({
      has: this.page.locator(`.pane-header:has(h3.title:text-is("${cssString(title)}")), .pane-header[aria-label^="${cssString(title)}"]`),
    }).first();
    await pane.waitFor({ state: 'visible', timeout: 30_000 });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') {
      await header.click();
    }
    return pane;
  }

  /** The rows of a tree view by its title (see view()). */
  async treeView(title: string): Promise<TreeRow[]> {
    const pane = await this.view(title);
    return readRows(pane);
  }

  /** Expands (or collapses) the first row of `container` whose text contains `text`. */
  async expandTreeRow(container: Locator, text: string | RegExp, expand = true): Promise<void> {
    const row = container.locator('.monaco-list-row').filter({ hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const expanded = await row.getAttribute('aria-expanded');
    if ((expanded === 'false' && expand) || (expanded === 'true' && !expand)) {
      await row.locator('.monaco-tl-twistie').first().click();
    }
  }

  /** The messages of the visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
  }

  /** Waits for a notification whose message matches; returns its text. */
  async waitForNotification(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const item = this.page.locator('.notifications-toasts .notification-list-item-message').filter({ hasText: text }).first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await item.textContent() ?? '').trim();
  }

  /** The status bar items' texts. */
  async statusBar(): Promise<string[]> {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((els: DomElement[]) =>
      els.map((e) => (e.textContent ?? '').trim()).filter((t) => t !== ''));
  }
}

/** Reads the rendered rows of the list/tree inside `container` (only rows on screen exist). */
export async function readRows(container: Locator): Promise<TreeRow[]> {
  await container.first().waitFor({ state: 'attached', timeout: 15_000 });
  return container.first().locator('.monaco-list-row').evaluateAll((els: DomElement[]) =>
    els
      .map((e) => ({
        top: Number.parseFloat(e.style.top || '0'),
        // The leaves' texts joined by spaces ("add  app.js  2:15"), not run together.
        text: Array.from(e.querySelectorAll('*'))
          .filter((n) => n.children.length === 0)
          .map((n) => (n.textContent ?? '').trim())
          .filter((t) => t !== '')
          .join(' ')
          .replace(/\s+/g, ' '),
        ariaLabel: e.getAttribute('aria-label') ?? '',
        level: Number(e.getAttribute('aria-level') ?? '1'),
        expanded: e.getAttribute('aria-expanded') === null ? undefined : e.getAttribute('aria-expanded') === 'true',
      }))
      .sort((a, b) => a.top - b.top)
      .map(({ text, ariaLabel, level, expanded }) => ({ text, ariaLabel, level, expanded })));
}

function cssString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
