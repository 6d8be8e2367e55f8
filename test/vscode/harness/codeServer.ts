// Starting and stopping code-server (VS Code 1.96's server and web workbench) on 127.0.0.1, with
// its own user-data and extensions folders, and loading KSim into it either as an installed vsix
// or as an extension development path (with an extension-host test suite) given in the
// workbench URL.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanEnv, Logger, run, sleep, stderrLogger } from './exec';
import { ensureCodeServer } from './install';
import { CODE_SERVER_DIR } from './paths';
import { killGroup, trackGroup, untrackGroup } from './processGroups';

/** User settings that keep the workbench quiet and deterministic for tests. */
export const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  // Named, so the "try the new default theme" toast does not cover the lower right corner.
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'workbench.editor.restoreViewState': false,
};

export interface CodeServerOptions {
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  /** Bind address; default 127.0.0.1 (`npm start` lets KSIM_HOST change it). */
  host?: string;
  /** User-data folder; default: a fresh temp folder, removed by stop(). */
  userDataDir?: string;
  /** Extensions folder; default: `extensions` inside the user-data folder. */
  extensionsDir?: string;
  /** vsix files to install (`--install-extension FILE --force`) before the server starts. */
  vsix?: readonly string[];
  /** Merged over DEFAULT_USER_SETTINGS into User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for the server and so for its extension hosts. */
  env?: Record<string, string>;
  /** Where the server's output goes; default: `code-server.log` in the user-data folder. */
  logFile?: string;
  log?: Logger;
  /** How long to wait for the server to answer; default 60 s. */
  startTimeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  /** Folder to open (an absolute path on this machine). */
  folder?: string;
  /** Extension development folder(s): loaded as if by `code --extensionDevelopmentPath`. */
  extensionDevelopmentPath?: string | readonly string[];
  /** An extension-host test module (exports `run()`), as `code --extensionTestsPath`. */
  extensionTestsPath?: string;
}

/** A running code-server. */
export class CodeServer {
  private exited = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    readonly logFile: string,
    private readonly removeOnStop: readonly string[],
    private readonly log: Logger,
  ) {
    if (child.pid !== undefined) {
      trackGroup(child.pid);
    }
    child.once('exit', () => {
      this.exited = true;
    });
  }

  /** `http://127.0.0.1:PORT/` */
  get url(): string {
    return `http://${this.host}:${this.port}/`;
  }

  /** The remote authority the web workbench gives this server (`host:port`). */
  get authority(): string {
    return `${this.host}:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** A `vscode-remote://` URI for a path on this machine, as the web workbench expects. */
  remoteUri(fsPath: string): string {
    const p = path.resolve(fsPath).split(path.sep).map(encodeURIComponent).join('/');
    return `vscode-remote://${this.authority}${p}`;
  }

  /**
   * The workbench URL: `?folder=` opens a folder, and `&payload=` carries what desktop VS Code
   * takes as `--extensionDevelopmentPath` / `--extensionTestsPath` (the web workbench reads them
   * from the payload as URIs; the server's extension host then loads the development extension
   * and runs the test module).
   */
  workbenchUrl(options: WorkbenchUrlOptions = {}): string {
    const params: string[] = [];
    if (options.folder !== undefined) {
      params.push(`folder=${encodeURIComponent(path.resolve(options.folder))}`);
    } else {
      params.push('ew=true');
    }
    const payload: [string, string][] = [];
    const dev = options.extensionDevelopmentPath;
    for (const p of dev === undefined ? [] : typeof dev === 'string' ? [dev] : dev) {
      payload.push(['extensionDevelopmentPath', this.remoteUri(p)]);
    }
    if (options.extensionTestsPath !== undefined) {
      payload.push(['extensionTestsPath', this.remoteUri(options.extensionTestsPath)]);
    }
    if (payload.length > 0) {
      params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
    }
    return `${this.url}?${params.join('&')}`;
  }

  /** The server's output so far (for failure reports). */
  readLog(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /**
   * Stops the server and everything it started (extension hosts, terminals): SIGTERM to its
   * process group, SIGKILL after 5 s; then removes the temp folders it was given.
   */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.exited) {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (!this.exited && Date.now() < deadline) {
        await sleep(100);
      }
      if (!this.exited) {
        this.log(`code-server ${pid} did not stop on SIGTERM; killing it`);
      }
      killGroup(pid, 'SIGKILL'); // whatever of the group is left (an extension host, a pty)
      untrackGroup(pid);
    }
    for (const dir of this.removeOnStop) {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not get a free port'));
        }
      });
    });
  });
}

/** True when something answers on host:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/**
 * Writes User/settings.json. A settings file already there (a kept profile, as `npm start`'s)
 * wins over `settings` key by key, so a user's own changes survive; one that is not plain JSON
 * (VS Code allows comments) is left alone.
 */
function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, 'User');
  const file = path.join(dir, 'settings.json');
  fs.mkdirSync(dir, { recursive: true });
  let existing: Record<string, unknown> = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return;
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...existing }, null, 2));
}

function serverArgs(userDataDir: string, extensionsDir: string, configFile: string): string[] {
  return [
    path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js'),
    '--config', configFile,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
}

/**
 * Installs vsix files into an extensions folder with code-server's CLI
 * (`--install-extension FILE --force`).
 */
export async function installVsix(
  vsix: readonly string[], userDataDir: string, extensionsDir: string, log: Logger = stderrLogger,
): Promise<void> {
  const configFile = ensureConfigFile(userDataDir);
  for (const file of vsix) {
    const t0 = Date.now();
    await run(process.execPath, [...serverArgs(userDataDir, extensionsDir, configFile), '--install-extension', path.resolve(file), '--force'],
      { cwd: userDataDir, env: cleanEnv(), timeoutMs: 120_000 });
    log(`installed ${path.basename(file)} into ${extensionsDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

/** An empty config file of our own, so code-server does not write ~/.config/code-server/. */
function ensureConfigFile(userDataDir: string): string {
  const file = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(userDataDir, { recursive: true });
    fs.writeFileSync(file, '# written by the KSim harness; the other options are on the command line\nauth: none\n');
  }
  return file;
}

/**
 * Installs code-server if needed, installs the given vsix files, starts the server and waits
 * until it answers. Call `stop()` on the result (in an `after` hook) to end it.
 */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const log = options.log ?? stderrLogger;
  await ensureCodeServer(log);
  const host = options.host ?? '127.0.0.1';
  const removeOnStop: string[] = [];
  let userDataDir = options.userDataDir;
  if (userDataDir === undefined) {
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksim-code-server-'));
    removeOnStop.push(userDataDir);
  }
  fs.mkdirSync(userDataDir, { recursive: true });
  const extensionsDir = options.extensionsDir ?? path.join(userDataDir, 'extensions');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, { ...DEFAULT_USER_SETTINGS, ...(options.userSettings ?? {}) });
  if (options.vsix && options.vsix.length > 0) {
    await installVsix(options.vsix, userDataDir, extensionsDir, log);
  }
  const port = options.port ?? (await freePort(host));
  const logFile = options.logFile ?? path.join(userDataDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const args = [
    ...serverArgs(userDataDir, extensionsDir, ensureConfigFile(userDataDir)),
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const child = spawn(process.execPath, args, {
    cwd: userDataDir,
    env: cleanEnv(options.env ?? {}),
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so stop() ends its extension hosts too
  });
  fs.closeSync(out);
  const server = new CodeServer(child, host, port, userDataDir, extensionsDir, logFile, removeOnStop, log);
  const t0 = Date.now();
  const deadline = t0 + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (!server.running) {
        throw new Error(`code-server exited before it served; its log (${logFile}):\n${server.readLog().slice(-4000)}`);
      }
      if ((await httpStatus(`${server.url}healthz`)) === 200) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`code-server did not answer on ${server.url} within ${options.startTimeoutMs ?? 60_000} ms; its log:\n${server.readLog().slice(-4000)}`);
      }
      await sleep(100);
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  log(`code-server (pid ${child.pid}) serving ${server.url} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return server;
}
