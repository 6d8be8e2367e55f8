// Creates kernel hosts from a scenario path: reads the file and its workspace files (relative
// to the scenario's folder), compiles it, and reports every diagnostic when it has errors.

import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { compileSource } from '../../scenario/compile';
import type { FileAccessor } from '../../scenario/workspace-files';
import type { Diagnostic, HostFactory, HostOptions, SimHost } from '../engine/sim-host';
import { KernelHost } from './kernel-host';

/** Workspace files for a scenario: paths relative to the scenario's folder, never outside. */
export function folderFiles(program: string): FileAccessor {
  const root = path.dirname(path.resolve(program));
  return {
    scenarioPath: path.basename(program),
    read(rel: string): Uint8Array | undefined {
      const full = path.resolve(root, rel);
      if (!full.startsWith(root + path.sep)) return undefined;
      if (!existsSync(full) || !statSync(full).isFile()) return undefined;
      return new Uint8Array(readFileSync(full));
    },
  };
}

export function compileHost(options: HostOptions): { host: SimHost } | { diagnostics: Diagnostic[] } {
  let source = options.source;
  if (source === undefined) {
    try {
      source = readFileSync(options.program, 'utf8');
    } catch (e) {
      return { diagnostics: [{ file: options.program, line: 1, column: 1, severity: 'error', message: `cannot read the scenario: ${(e as Error).message}` }] };
    }
  }
  const files = folderFiles(options.program);
  const r = compileSource(source, files, options.program);
  if (!r.program) {
    return {
      diagnostics: r.diagnostics.map((d) => ({
        file: options.program, line: d.line, column: d.col, severity: d.severity,
        message: d.hint ? `${d.message} (${d.hint})` : d.message,
      })),
    };
  }
  return { host: new KernelHost(r.program, { seed: options.seed, abi: options.abi }) };
}

export const kernelHostFactory: HostFactory = {
  create: (options) => Promise.resolve(compileHost(options)),
};
