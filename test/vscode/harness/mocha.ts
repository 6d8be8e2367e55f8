// Mocha fixtures for real-VS-Code tests (test/vscode/ui/*.test.ts):
//
//   describe('LWP view', function () {
//     const vs = useCodeServer({ load: 'vsix' });          // before: install, build, start; after: stop
//     const ui = useWorkbench(vs, { folder: EXAMPLES_DIR }); // per test: Chromium on the workbench
//     it('lists the LWPs', async () => {
//       await ui.wb.openFile('park-unpark-race.ksim');
//       ...
//     });                                                  // afterEach: screenshot (+ logs on failure)
//   });
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServer, CodeServerOptions, startCodeServer, WorkbenchUrlOptions } from './codeServer';
import { stderrLogger } from './exec';
import { buildExtension, buildExtensionHostSuite, packageVsix } from './extension';
import { ensureInstalled } from './install';
import { artefactName, Workbench } from './driver';
import { REPO_ROOT, RESULTS_DIR } from './paths';

/** Time a `before` hook may take: a first install downloads and compiles code-server. */
export const INSTALL_TIMEOUT_MS = 20 * 60_000;

let built: Promise<void> | undefined;
let vsix: Promise<string> | undefined;
let suite: Promise<string> | undefined;

/** `npm run build`, once per test process. */
export function buildOnce(): Promise<void> {
  built ??= buildExtension();
  return built;
}

/** The packaged vsix (built and packaged once per test process). */
export function vsixOnce(): Promise<string> {
  vsix ??= buildOnce().then(() => packageVsix());
  return vsix;
}

/** The compiled extension-host suite's entry (compiled once per test process). */
export function suiteOnce(): Promise<string> {
  suite ??= buildExtensionHostSuite();
  return suite;
}

export interface UseCodeServerOptions extends Omit<CodeServerOptions, 'vsix'> {
  /**
   * How KSim gets in: 'vsix' packages and installs it (as a user has it); 'development' only
   * builds dist/, for workbench URLs that name the repository as extensionDevelopmentPath;
   * 'none' leaves it out.
   */
  load: 'vsix' | 'development' | 'none';
}

export interface CodeServerFixture {
  /** The running server (set once the `before` hook has run). */
  readonly server: CodeServer;
  /** The workbench URL for `options`; in 'development' mode the repository is the development extension. */
  url(options?: WorkbenchUrlOptions): string;
}

/** Registers before/after hooks that install what is missing, build KSim and run one code-server. */
export function useCodeServer(options: UseCodeServerOptions): CodeServerFixture {
  let server: CodeServer | undefined;
  before(async function () {
    this.timeout(INSTALL_TIMEOUT_MS);
    await ensureInstalled();
    const files: string[] = [];
    if (options.load === 'vsix') {
      files.push(await vsixOnce());
    } else if (options.load === 'development') {
      await buildOnce();
    }
    server = await startCodeServer({ ...options, vsix: files });
  });
  after(async function () {
    this.timeout(30_000);
    await server?.stop();
  });
  return {
    get server(): CodeServer {
      if (server === undefined) {
        throw new Error('code-server is not running (did its before hook fail?)');
      }
      return server;
    },
    url(urlOptions: WorkbenchUrlOptions = {}): string {
      const s = this.server;
      return options.load === 'development'
        ? s.workbenchUrl({ extensionDevelopmentPath: REPO_ROOT, ...urlOptions })
        : s.workbenchUrl(urlOptions);
    },
  };
}

export interface WorkbenchFixture {
  /** The current test's workbench (opened in beforeEach). */
  readonly wb: Workbench;
}

/**
 * Registers beforeEach/afterEach hooks: each test gets a fresh Chromium on the workbench URL
 * (named after the test, for its screenshot), and after it a screenshot in test-results/,
 * plus the console and server logs when it failed.
 */
export function useWorkbench(vs: CodeServerFixture, urlOptions: WorkbenchUrlOptions = {}): WorkbenchFixture {
  let wb: Workbench | undefined;
  beforeEach(async function () {
    this.timeout(180_000);
    const title = this.currentTest?.fullTitle() ?? 'test';
    try {
      wb = await Workbench.open(vs.url(urlOptions), { name: title });
    } catch (err) {
      // No page to photograph; keep the server's side of the story.
      fs.mkdirSync(RESULTS_DIR, { recursive: true });
      fs.writeFileSync(path.join(RESULTS_DIR, `${artefactName(title)}.code-server.log`), vs.server.readLog());
      throw err;
    }
    stderrLogger(`workbench ready ${(wb.readyMs / 1000).toFixed(1)} s after navigation`);
  });
  afterEach(async function () {
    this.timeout(60_000);
    await wb?.finish(this.currentTest, () => vs.server.readLog());
    wb = undefined;
  });
  return {
    get wb(): Workbench {
      if (wb === undefined) {
        throw new Error('no workbench (did beforeEach fail?)');
      }
      return wb;
    },
  };
}

/** A fresh temporary folder for a test's workspace, with the given files; removed at exit. */
export function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-workspace-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}
