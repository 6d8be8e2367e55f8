// Child processes for the harness: run a command to completion with its output captured (and
// kept in a log file), retry flaky network steps, and give the child an environment that an
// outer `npm test` or a VS Code terminal cannot confuse.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export type Logger = (line: string) => void;

/** The default logger: progress lines on stderr, so mocha's and the CLI's stdout stay clean. */
export const stderrLogger: Logger = (line) => {
  process.stderr.write(`[ksim-vscode] ${line}\n`);
};

/**
 * The environment for child processes. Removes what an enclosing `npm run` exports (its
 * `npm_config_local_prefix` would make a nested `npm install` write into the project itself)
 * and what an enclosing VS Code or Electron sets (IPC hooks that would make code-server talk to
 * the wrong window).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const k = key.toLowerCase();
    const drop =
      k === 'npm_config_local_prefix' || k === 'npm_config_prefix' || k === 'npm_config_offline' ||
      k === 'npm_config_dry_run' || k === 'npm_config_omit' || k === 'npm_config_include' ||
      k === 'npm_config_production' || k === 'npm_config_ignore_scripts' ||
      k.startsWith('npm_config_workspace') || k.startsWith('npm_package_') ||
      k.startsWith('npm_lifecycle_') || k === 'npm_command' || k === 'init_cwd' ||
      k.startsWith('vscode_') || k === 'electron_run_as_node';
    if (!drop && value !== undefined) {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Appended to (created if missing); the command line and all its output go there. */
  logFile?: string;
  /** Kill the command after this long (default 20 minutes). */
  timeoutMs?: number;
}

export interface RunResult {
  output: string;
}

/** Thrown when a command fails; `output` holds its last lines. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Runs `command args` to completion; rejects with a CommandError carrying the output's tail. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const line = `$ (cd ${options.cwd} && ${command} ${args.join(' ')})`;
  if (options.logFile) {
    fs.appendFileSync(options.logFile, `\n${line}\n`);
  }
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: string[] = [];
    const onData = (data: Buffer): void => {
      const text = data.toString('utf8');
      chunks.push(text);
      if (options.logFile) {
        fs.appendFileSync(options.logFile, text);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timeoutMs = options.timeoutMs ?? 20 * 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new CommandError(`${line}\n  could not start: ${err.message}`, ''));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = chunks.join('');
      if (code === 0) {
        resolve({ output });
      } else {
        const why = signal ? `was killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exited with ${code}`;
        reject(new CommandError(`${line}\n  ${why}; last output:\n${tail(output, 25)}`, output));
      }
    });
  });
}

/**
 * Runs `step` up to `attempts` times, waiting 5 s, 10 s, ... between tries; for steps that
 * reach the network (npm, apt), where a dropped connection should not fail a CI run.
 */
export async function retry<T>(label: string, attempts: number, log: Logger, step: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 1; i <= attempts; i++) {
    try {
      return await step();
    } catch (err) {
      last = err;
      if (i < attempts) {
        const waitMs = 5000 * i;
        log(`${label}: attempt ${i}/${attempts} failed (${firstLine(err)}); retrying in ${waitMs / 1000} s`);
        await sleep(waitMs);
      }
    }
  }
  throw last;
}

/** One line that says why a command failed: its first error line, else the exit status. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const error = lines.find((l) => /\b(error|ERR!|E:)\b/.test(l) && !/Unknown user config/.test(l));
  return error ?? (lines.length > 1 ? lines[1] : (lines[0] ?? ''));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
