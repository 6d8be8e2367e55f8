// Document outline and go to definition for `.ksim` files, from the parser's syntax tree:
// machine, kernel images, functions, processes and programs. Positions are 1-based as in the
// AST; extension/language/ turns them into VS Code ranges.

import type { Item, ScenarioFile } from '../../scenario/ast';

export type OutlineKind = 'machine' | 'image' | 'fn' | 'process' | 'program';

export interface OutlineSymbol {
  readonly kind: OutlineKind;
  readonly name: string;
  readonly detail: string;
  /** Whole item: from its first token to the start of the next item (or its block end). */
  readonly start: { line: number; col: number };
  readonly end: { line: number; col: number };
  /** The name itself (what go to definition jumps to). */
  readonly nameStart: { line: number; col: number };
  readonly nameLength: number;
}

function itemName(it: Item): string {
  return it.k === 'machine' ? 'machine' : it.name;
}

function detail(it: Item): string {
  switch (it.k) {
    case 'machine': return it.fields.map((f) => f.name).join(', ');
    case 'image': return 'kernel_image';
    case 'fn': return `fn(${it.params.map((p) => p.name).join(', ')})`;
    case 'process': return 'process';
    case 'program': return 'program';
  }
}

/** One symbol per top-level item, in source order. */
export function outline(file: ScenarioFile, lastLine: number): OutlineSymbol[] {
  const items = [...file.items].sort((a, b) => a.pos.offset - b.pos.offset);
  return items.map((it, i) => {
    const next = items[i + 1];
    let end = next ? { line: next.pos.line, col: 1 } : { line: lastLine, col: 1 };
    if (it.k === 'fn' || it.k === 'process' || it.k === 'program') end = { line: it.body.end.line, col: it.body.end.col + 1 };
    if (end.line < it.pos.line) end = { line: it.pos.line, col: it.pos.col + 1 };
    const namePos = it.k === 'machine' ? it.pos : it.namePos;
    return {
      kind: it.k, name: itemName(it), detail: detail(it),
      start: { line: it.pos.line, col: it.pos.col }, end,
      nameStart: { line: namePos.line, col: namePos.col }, nameLength: itemName(it).length,
    };
  });
}

/** The definition of a function, program or kernel image named `word`, if the file has one. */
export function findDefinition(file: ScenarioFile, word: string): OutlineSymbol | undefined {
  return outline(file, 1).find((s) => s.kind !== 'machine' && s.name === word);
}

/** The word (identifier) at a 0-based character of a line, with its 0-based start. */
export function wordAt(lineText: string, ch: number): { word: string; start: number } | undefined {
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (ch >= m.index && ch <= m.index + m[0].length) return { word: m[0], start: m.index };
  }
  return undefined;
}
