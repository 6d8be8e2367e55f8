// What the ksim command touches outside itself, so tests can run it in-process.
import { readFileSync, existsSync, statSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { CompiledScenario } from '../scenario/bytecode';
import { compileSource } from '../scenario/compile';
import { formatDiagnostic } from '../scenario/diagnostics';
import type { FileAccessor } from '../scenario/workspace-files';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The current directory (the default workspace root). */
  cwd: string;
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

export interface LoadedScenario {
  source: string;
  /** The path as the user gave it (used in FILE:LINE:COL messages). */
  shownPath: string;
  files: FileAccessor;
}

/**
 * Reads a scenario. The workspace is `workspace` when given, else the current directory when
 * the file lies inside it, else the file's own directory; file() and open() paths may not leave it.
 */
export function loadScenario(io: CliIo, file: string, workspace?: string): LoadedScenario | string {
  const abs = path.resolve(io.cwd, file);
  if (!existsSync(abs)) return `no such file: ${file}`;
  if (!statSync(abs).isFile()) return `${file} is ${statSync(abs).isDirectory() ? 'a directory' : 'not a regular file'}, not a scenario: name a .ksim file`;
  let source: string;
  try {
    source = readFileSync(abs, 'utf8');
  } catch (e) {
    return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  const real = realpathSync(abs);
  let root = workspace ? realpathSync(path.resolve(io.cwd, workspace)) : realpathSync(io.cwd);
  if (path.relative(root, real).startsWith('..') || path.isAbsolute(path.relative(root, real))) root = path.dirname(real);
  const scenarioPath = path.relative(root, real).split(path.sep).join('/');
  return {
    source,
    shownPath: file,
    files: {
      scenarioPath,
      read(workspacePath: string): Uint8Array | undefined {
        const p = path.join(root, ...workspacePath.split('/'));
        try {
          // Symbolic links may not lead out of the workspace either.
          const r = realpathSync(p);
          if (path.relative(root, r).startsWith('..')) return undefined;
          return statSync(r).isFile() ? new Uint8Array(readFileSync(r)) : undefined;
        } catch {
          return undefined;
        }
      },
    },
  };
}

/**
 * The scenario named by a command's single FILE argument (with --workspace), or null after
 * printing the usage or the problem to standard error.
 */
export function loadScenarioArg(io: CliIo, positional: readonly string[], workspace: string | true | undefined, usage: string): LoadedScenario | null {
  const file = positional[0];
  if (file === undefined || positional.length > 1) {
    io.stderr(`usage: ${usage}\n`);
    return null;
  }
  const loaded = loadScenario(io, file, typeof workspace === 'string' ? workspace : undefined);
  if (typeof loaded === 'string') {
    io.stderr(`ksim: ${loaded}\n`);
    return null;
  }
  return loaded;
}

/**
 * The scenario named by a command's FILE argument, compiled; its diagnostics go to standard
 * error. Null (after printing why) when it cannot be read or does not compile.
 */
export function compileScenarioArg(io: CliIo, positional: readonly string[], workspace: string | true | undefined, usage: string): { program: CompiledScenario; shownPath: string } | null {
  const loaded = loadScenarioArg(io, positional, workspace, usage);
  if (!loaded) return null;
  const compiled = compileSource(loaded.source, loaded.files, loaded.shownPath);
  for (const d of compiled.diagnostics) io.stderr(formatDiagnostic(loaded.shownPath, d) + '\n');
  return compiled.program ? { program: compiled.program, shownPath: loaded.shownPath } : null;
}
