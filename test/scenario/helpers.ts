// Test helpers: check or run scenario source text in-process.
import { checkSource, compileSource } from '../../scenario/compile';
import type { Diagnostic } from '../../scenario/diagnostics';
import { createRun, runHeadless, type HeadlessResult } from '../../scenario/run';
import { memoryFiles } from '../../scenario/workspace-files';

export const FILES = memoryFiles('examples/test.ksim', {
  'examples/data/blob.bin': new Uint8Array([1, 2, 3, 4]),
  'README.md': 'readme',
});

/** Diagnostics of a source (errors and warnings). */
export function diagnose(source: string): Diagnostic[] {
  return checkSource(source, FILES).diagnostics;
}

/** The error codes a source produces, in order. */
export function codes(source: string): string[] {
  return diagnose(source).filter((d) => d.severity === 'error').map((d) => d.code);
}

export interface Ran extends HeadlessResult {
  out: string[];
}

/** Compiles and runs a source headless; throws with the diagnostics if it does not compile. */
export function run(source: string, opts: { seed?: number; maxSteps?: number } = {}): Ran {
  const c = compileSource(source, FILES);
  if (!c.program) throw new Error('does not compile:\n' + c.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  const out: string[] = [];
  const r = createRun(c.program, { seed: opts.seed, onPrint: (l) => out.push(l) });
  return { ...runHeadless(r, { maxSteps: opts.maxSteps }), out };
}

/** Runs `body` as the only process of a bsd machine (or the given header). */
export function runBody(body: string, header = 'machine { abi: "bsd", cpus: 1 }'): Ran {
  return run(`${header}\nprocess init {\n${body}\n}\n`);
}
