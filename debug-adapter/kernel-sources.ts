// The simulated kernel's own TypeScript, served to the client by sourceReference, and the
// mapping of JavaScript stack positions back to kernel source lines.

import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { EMBEDDED_KERNEL_SOURCES } from './kernel-sources.embedded';

let sources: Map<string, string> | null = null;

function repoRoot(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'kernel')) && existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return undefined;
}

function readTree(root: string, rel: string, out: Map<string, string>): void {
  for (const name of readdirSync(path.join(root, rel))) {
    const r = `${rel}/${name}`;
    const full = path.join(root, r);
    if (statSync(full).isDirectory()) readTree(root, r, out);
    else if (name.endsWith('.ts')) out.set(r, readFileSync(full, 'utf8'));
  }
}

/** Kernel sources by repository-relative path ("kernel/kern/kernel.ts"). */
export function kernelSources(): Map<string, string> {
  if (sources) return sources;
  sources = new Map();
  if (EMBEDDED_KERNEL_SOURCES) {
    for (const [k, v] of Object.entries(EMBEDDED_KERNEL_SOURCES)) sources.set(k, v);
  } else {
    const root = repoRoot();
    if (root) readTree(root, 'kernel', sources);
  }
  return sources;
}

/** Names of every kernel point `kp(k, 'name')` in the kernel sources. */
export function kernelPointNames(): string[] {
  const names = new Set<string>();
  for (const text of kernelSources().values()) {
    for (const m of text.matchAll(/\bkp\(\s*\w+\s*,\s*'([A-Za-z0-9_]+)'\s*\)/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** Stable sourceReference numbers for kernel files (1-based index in sorted order). */
export function sourceReferenceOf(file: string): number {
  const keys = [...kernelSources().keys()].sort();
  const i = keys.indexOf(file);
  return i < 0 ? 0 : i + 1;
}

export function sourceOfReference(ref: number): { path: string; text: string } | undefined {
  const keys = [...kernelSources().keys()].sort();
  const p = keys[ref - 1];
  return p === undefined ? undefined : { path: p, text: kernelSources().get(p) ?? '' };
}

export interface JsFrame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

/** Parses V8 stack lines "at fn (file:line:col)" / "at file:line:col". */
export function parseStack(stack: string): JsFrame[] {
  const out: JsFrame[] = [];
  for (const raw of stack.split('\n')) {
    const m = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/.exec(raw);
    if (!m) continue;
    out.push({ fn: m[1] ?? '<anonymous>', file: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return out;
}

const maps = new Map<string, SourceMap | null>();

function mapFor(file: string): SourceMap | null {
  let m = maps.get(file);
  if (m !== undefined) return m;
  m = null;
  try {
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) m = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
  } catch {
    m = null;
  }
  maps.set(file, m);
  return m;
}

/** Repository-relative kernel path of a source path, or undefined when not kernel code. */
export function kernelRelative(p: string): string | undefined {
  const norm = p.replace(/\\/g, '/');
  const i = norm.lastIndexOf('/kernel/');
  if (i >= 0) return norm.slice(i + 1);
  if (norm.startsWith('kernel/')) return norm;
  if (norm.startsWith('../kernel/')) return norm.slice(3);
  return undefined;
}

/** A JS frame mapped to its TypeScript origin: kernel frames only. */
export function toKernelFrame(f: JsFrame): { fn: string; file: string; line: number; column: number } | undefined {
  let file = f.file.replace(/^file:\/\//, '');
  let line = f.line;
  let column = f.column;
  if (file.endsWith('.js')) {
    const map = mapFor(file);
    if (!map) {
      // A bundle shipped without its source map: kernel functions keep their names
      // (esbuild keepNames), so find them by name, at their kernel point or definition.
      if (f.fn.includes('.') || f.fn.includes(' ')) return undefined;
      const loc = kernelLocation(f.fn);
      return loc.file ? { fn: f.fn, file: loc.file, line: loc.line, column: loc.column } : undefined;
    }
    const entry = map.findEntry(line - 1, column - 1);
    if (!('originalSource' in entry) || !entry.originalSource) return undefined;
    file = entry.originalSource;
    line = entry.originalLine + 1;
    column = entry.originalColumn + 1;
  }
  const rel = kernelRelative(file);
  if (!rel) return undefined;
  const fn = f.fn.replace(/^Object\./, '').replace(/^async /, '');
  return { fn, file: rel, line, column };
}

const locationCache = new Map<string, { file: string | null; line: number; column: number }>();

/**
 * Where a kernel function is: the line of its kernel point `kp(k, 'fn')` when it has one, else
 * of its definition (frames derived from a resume point, bundles without a source map).
 */
export function kernelLocation(fn: string): { file: string | null; line: number; column: number } {
  const hit = locationCache.get(fn);
  if (hit) return hit;
  let found: { file: string | null; line: number; column: number } = { file: null, line: 0, column: 0 };
  const name = fn.replace(/[^A-Za-z0-9_]/g, '');
  const def = new RegExp(`function ${name}\\s*\\(`);
  for (const [file, text] of kernelSources()) {
    const m = def.exec(text);
    if (!m) continue;
    const point = text.indexOf(`kp(k, '${name}')`, m.index);
    const after = /\n(?:export\s+)?function\s/g;
    after.lastIndex = m.index + 1;
    const next = after.exec(text)?.index ?? -1;
    const at = point >= 0 && (next < 0 || point < next) ? point : m.index;
    found = { file, line: text.slice(0, at).split('\n').length, column: 1 };
    break;
  }
  locationCache.set(fn, found);
  return found;
}
