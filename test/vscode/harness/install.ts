// First-use installation of what the real-VS-Code harness needs, cached so later uses are
// instant:
//   - Debian packages `chromium` (for Playwright) and `ripgrep` (for code-server's search),
//     installed with apt-get when missing;
//   - code-server 4.96.4 from the npm registry into `.cache/code-server/`, following the recipe
//     of ../shared/spec/dap-and-vscode.md §4.3 (its own postinstall cannot run here).
// A stamp file written last records the version and recipe revision; a half-finished install
// (no stamp) is wiped and redone. A lock folder keeps two processes (say `npm start` and a test
// run) from installing at once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, Logger, retry, run, sleep, stderrLogger } from './exec';
import {
  CACHE_DIR, CHROMIUM_PATH, CODE_SERVER_DIR, CODE_SERVER_HOME, CODE_SERVER_STAMP,
  CODE_SERVER_VERSION, RECIPE_REVISION, RIPGREP_PATH,
} from './paths';

const STAMP = `code-server ${CODE_SERVER_VERSION} recipe ${RECIPE_REVISION}\n`;
const LOCK_DIR = path.join(CACHE_DIR, 'code-server.lock');
const NPM_ATTEMPTS = 3;

/** The native modules of VS Code's server that must be compiled for this Node. */
const VSCODE_NATIVE_MODULES = ['node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];

export interface InstallOptions {
  log?: Logger;
  /** Also make sure Chromium is there (tests need it; `npm start` does not). Default true. */
  chromium?: boolean;
}

/** True when the cached code-server install is complete and current. */
export function codeServerInstalled(): boolean {
  try {
    return fs.readFileSync(CODE_SERVER_STAMP, 'utf8') === STAMP &&
      fs.existsSync(path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js'));
  } catch {
    return false;
  }
}

/**
 * Makes sure the Debian packages are installed (when missing: `apt-get update` and
 * `apt-get install -y chromium ripgrep`, which needs root) and code-server is in the cache.
 * Returns the code-server package folder. Instant when everything is already there.
 */
export async function ensureInstalled(options: InstallOptions = {}): Promise<string> {
  const log = options.log ?? stderrLogger;
  await ensureSystemPackages(options.chromium ?? true, log);
  await ensureCodeServer(log);
  return CODE_SERVER_DIR;
}

/** Installs Debian's `chromium` and `ripgrep` when their binaries are missing. */
export async function ensureSystemPackages(chromium: boolean, log: Logger = stderrLogger): Promise<void> {
  const missing: string[] = [];
  if (chromium && !fs.existsSync(CHROMIUM_PATH)) {
    missing.push('chromium');
  }
  if (!fs.existsSync(RIPGREP_PATH)) {
    missing.push('ripgrep');
  }
  if (missing.length === 0) {
    return;
  }
  const manual = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `The real-VS-Code harness needs the Debian package(s) ${missing.join(', ')} ` +
      `(${missing.includes('chromium') ? CHROMIUM_PATH : RIPGREP_PATH} is missing) and is not root, ` +
      `so it cannot install them itself. Run:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
      'or set KSIM_CHROMIUM to another Chromium executable.');
  }
  if (!fs.existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing ${missing.join(', ')} and this machine has no apt-get; install them by hand.`);
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const logFile = path.join(CACHE_DIR, 'apt-install.log');
  const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const t0 = Date.now();
  log(`installing Debian package(s) ${missing.join(', ')} with apt-get (log: ${logFile})`);
  try {
    await retry('apt-get update', NPM_ATTEMPTS, log, () =>
      run('apt-get', ['update', '-q'], { cwd: CACHE_DIR, env, logFile, timeoutMs: 10 * 60_000 }));
    await retry('apt-get install', NPM_ATTEMPTS, log, () =>
      run('apt-get', ['install', '-y', '-q', ...missing],
        { cwd: CACHE_DIR, env, logFile, timeoutMs: 20 * 60_000 }));
  } catch (err) {
    throw new Error(`Could not install ${missing.join(', ')} with apt-get (try by hand: ${manual}).\n` +
      `${err instanceof Error ? err.message : String(err)}`);
  }
  if (chromium && !fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing`);
  }
  log(`apt-get done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Installs code-server into `.cache/code-server/` unless the stamp says it is there. */
export async function ensureCodeServer(log: Logger = stderrLogger): Promise<string> {
  if (codeServerInstalled()) {
    return CODE_SERVER_DIR;
  }
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const release = await acquireLock(log);
  try {
    if (codeServerInstalled()) {
      return CODE_SERVER_DIR; // another process finished it while we waited
    }
    await installCodeServer(log);
  } finally {
    release();
  }
  return CODE_SERVER_DIR;
}

async function installCodeServer(log: Logger): Promise<void> {
  const t0 = Date.now();
  const home = CODE_SERVER_HOME;
  const logFile = path.join(CACHE_DIR, 'code-server-install.log');
  log(`installing code-server ${CODE_SERVER_VERSION} from npm into ${home} (first use; a few minutes; log: ${logFile})`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(logFile, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  fs.writeFileSync(path.join(home, 'package.json'),
    JSON.stringify({ name: 'ksim-code-server-cache', private: true, description: 'made by test/vscode/harness/install.ts' }, null, 2));
  const env = cleanEnv();
  const npmFlags = ['--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];
  const step = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    const s = Date.now();
    try {
      await fn();
    } catch (err) {
      throw new Error(`Installing code-server failed at "${label}" (full log: ${logFile}).\n` +
        `${err instanceof Error ? err.message : String(err)}`);
    }
    log(`  ${label}: ${((Date.now() - s) / 1000).toFixed(1)} s`);
  };
  const vscodeDir = path.join(CODE_SERVER_DIR, 'lib', 'vscode');

  // 1. The package itself, without its postinstall (which cannot work offline-ish and as root).
  await step('npm install code-server', () => retry('npm install code-server', NPM_ATTEMPTS, log, () =>
    run('npm', ['install', '--ignore-scripts', '--no-package-lock', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`],
      { cwd: home, env, logFile })));

  // 2. VS Code's own dependencies; its shrinkwrap pins a git dependency, so it goes.
  await step('npm install lib/vscode', () => {
    fs.rmSync(path.join(vscodeDir, 'npm-shrinkwrap.json'), { force: true });
    return retry('npm install lib/vscode', NPM_ATTEMPTS, log, () =>
      run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', ...npmFlags], { cwd: vscodeDir, env, logFile }));
  });

  // 3. Native modules, compiled against this Node (node-gyp; Node's headers are on the machine).
  await step('npm rebuild native modules', () =>
    run('npm', ['rebuild', ...VSCODE_NATIVE_MODULES, ...npmFlags], { cwd: vscodeDir, env, logFile }));
  await step('npm rebuild argon2', () =>
    run('npm', ['rebuild', 'argon2', ...npmFlags], { cwd: home, env: { ...env, npm_config_build_from_source: 'true' }, logFile }));

  // 4. What code-server's postinstall.sh would have done: node_modules.asar and the bin links.
  await step('links and ripgrep', async () => {
    symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
    // @vscode/ripgrep's own postinstall downloads a binary; Debian's takes its place.
    const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(rgDir, { recursive: true });
    if (fs.existsSync(RIPGREP_PATH)) {
      fs.copyFileSync(RIPGREP_PATH, path.join(rgDir, 'rg'));
      fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
    } else {
      log(`  warning: ${RIPGREP_PATH} is missing (Debian package ripgrep); search in files will not work`);
    }
  });

  // 5. The built-in extensions' shared dependency (TypeScript).
  await step('npm install lib/vscode/extensions', () => retry('npm install extensions', NPM_ATTEMPTS, log, () =>
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-package-lock', ...npmFlags],
      { cwd: path.join(vscodeDir, 'extensions'), env, logFile })));

  // 6. Check the result before trusting it.
  await step('verify', async () => {
    const required = [
      path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js'),
      path.join(vscodeDir, 'out', 'server-main.js'),
      path.join(vscodeDir, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
      path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
      path.join(vscodeDir, 'node_modules', 'native-watchdog', 'build', 'Release', 'watchdog.node'),
    ];
    const missing = required.filter((f) => !fs.existsSync(f));
    if (missing.length > 0) {
      throw new Error(`missing after install:\n  ${missing.join('\n  ')}`);
    }
    await run(process.execPath, [path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js'), '--version'],
      { cwd: home, env, logFile, timeoutMs: 60_000 });
  });

  fs.writeFileSync(CODE_SERVER_STAMP, STAMP);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function symlink(target: string, linkPath: string): void {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync(target, linkPath);
}

/** A lock folder holding the owner's pid; a lock whose owner died is taken over. */
async function acquireLock(log: Logger): Promise<() => void> {
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
    }
    const owner = readLockOwner();
    const young = owner === undefined && lockAgeMs() < 10_000; // its owner is writing the pid
    if (!young && (owner === undefined || !processAlive(owner))) {
      log(`removing a stale install lock (${LOCK_DIR}, owner ${owner ?? 'unknown'} is gone)`);
      fs.rmSync(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (!told && owner !== undefined) {
      log(`waiting for process ${owner}, which is installing code-server`);
      told = true;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for the install lock ${LOCK_DIR} held by process ${owner}`);
    }
    await sleep(1000);
  }
}

function readLockOwner(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function lockAgeMs(): number {
  try {
    return Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
