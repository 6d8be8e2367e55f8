// The import rule of docs/architecture.md, as a function over a source tree, so that the test
// can run it on the real tree and on a small tree that breaks it on purpose.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

interface LayerRule {
  layer: string;
  forbid: (specifier: string, target: string | undefined) => string | undefined;
}

const NODE_IO = new Set(['fs', 'fs/promises', 'net', 'child_process', 'http', 'https', 'dgram', 'tls',
  'worker_threads', 'cluster', 'readline', 'os', 'process']);

function isVscode(spec: string): boolean {
  return spec === 'vscode' || spec.startsWith('@vscode/');
}

function nodeModuleName(spec: string): string | undefined {
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  return NODE_IO.has(bare) ? bare : undefined;
}

const RULES: LayerRule[] = [
  {
    layer: 'kernel',
    forbid: (spec, target) => {
      if (isVscode(spec)) return 'kernel/ must not import vscode or @vscode/*';
      if (nodeModuleName(spec)) return 'kernel/ must not do Node I/O: files reach it as bytes';
      if (target && target !== 'kernel') return `kernel/ must not import ${target}/`;
      return undefined;
    },
  },
  {
    layer: 'scenario',
    forbid: (spec, target) => {
      if (isVscode(spec)) return 'scenario/ must not import vscode or @vscode/*';
      if (target && !['scenario', 'kernel'].includes(target)) return `scenario/ must not import ${target}/`;
      return undefined;
    },
  },
  {
    layer: 'debug-adapter',
    forbid: (spec, target) => {
      if (spec === 'vscode') return 'debug-adapter/ must not import vscode';
      if (target && ['extension', 'cli'].includes(target)) return `debug-adapter/ must not import ${target}/`;
      return undefined;
    },
  },
  {
    layer: 'cli',
    forbid: (spec, target) => {
      if (isVscode(spec)) return 'cli/ must not import vscode or @vscode/*';
      if (target && ['extension', 'debug-adapter'].includes(target)) return `cli/ must not import ${target}/`;
      return undefined;
    },
  },
];

const IMPORT_RE = /(?:\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bexport\s+[^'";]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

function* sourceFiles(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.(ts|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

/** Removes comments so that an import written in a comment is not taken for one. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every import in `root`'s layers that breaks the rule. */
export function checkLayering(root: string): Violation[] {
  const violations: Violation[] = [];
  for (const rule of RULES) {
    const layerDir = path.join(root, rule.layer);
    for (const file of sourceFiles(layerDir)) {
      const text = stripComments(readFileSync(file, 'utf8'));
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = m[1];
        let target: string | undefined;
        if (spec.startsWith('.')) {
          const resolved = path.relative(root, path.resolve(path.dirname(file), spec));
          target = resolved.split(path.sep)[0];
        }
        const why = rule.forbid(spec, target);
        if (why) {
          const line = text.slice(0, m.index).split('\n').length;
          violations.push({ file: path.relative(root, file), line, specifier: spec, rule: why });
        }
      }
    }
  }
  return violations;
}
