// Where a name of the scenario is used, for rename, find references and highlights: a fn,
// program or kernel image is one name for the whole file; a parameter or a `let` / `for`
// variable belongs to the fn, process or program that declares it (one name there, however
// many blocks declare it again). Syscalls, constants, built-ins and struct fields are the
// ABI's and the language's, not the file's, and are left alone. Positions are 1-based.

import { DiagnosticList } from '../../scenario/diagnostics';
import { lex, type Token } from '../../scenario/lexer';
import { KEYWORDS, parse } from '../../scenario/parser';
import type { Item } from '../../scenario/ast';
import type { SourceSpan } from './debugExpressions';

export type Occurrences =
  | { name: string; scope: string; spans: SourceSpan[]; declaration: SourceSpan }
  | { refused: string };

type Body = Extract<Item, { body: unknown }>;

function hasBody(it: Item): it is Body {
  return it.k === 'fn' || it.k === 'process' || it.k === 'program';
}

function isPunct(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

function spanOf(t: Token): SourceSpan {
  return { line: t.pos.line, col: t.pos.col, endCol: t.pos.col + t.length };
}

/** A name token that is a struct field (`ts.tv_sec`, `{ tv_sec: 0 }`), not a variable. */
function isField(tokens: Token[], i: number): boolean {
  return isPunct(tokens[i - 1], '.') || (isPunct(tokens[i + 1], ':') && (isPunct(tokens[i - 1], '{') || isPunct(tokens[i - 1], ',')));
}

/** The first declaration of each local of an item: parameters, `let x`, `for x in`. */
function localsOf(it: Body, tokens: Token[]): Map<string, Token> {
  const out = new Map<string, Token>();
  const inside = tokens.filter((t) => t.pos.offset >= it.pos.offset && t.pos.line <= it.body.end.line);
  if (it.k === 'fn') {
    for (const p of it.params) {
      const t = inside.find((x) => x.kind === 'ident' && x.pos.offset === p.pos.offset);
      if (t && !out.has(p.name)) out.set(p.name, t);
    }
  }
  inside.forEach((t, i) => {
    const prev = inside[i - 1];
    if (t.kind === 'ident' && prev?.kind === 'ident' && (prev.text === 'let' || prev.text === 'for') && !out.has(t.text)) out.set(t.text, t);
  });
  return out;
}

function itemOf(items: Item[], t: Token): Body | undefined {
  return items.find((it): it is Body => hasBody(it) && it.pos.offset <= t.pos.offset && t.pos.line <= it.body.end.line);
}

/** Every use of the name at (line, col), or why it cannot be renamed; undefined off a name. */
export function occurrencesAt(src: string, line: number, col: number): Occurrences | undefined {
  const tokens = lex(src, new DiagnosticList()).filter((t) => t.kind !== 'newline' && t.kind !== 'eof');
  const at = tokens.findIndex((t) => t.kind === 'ident' && t.pos.line === line && col >= t.pos.col && col <= t.pos.col + t.length);
  if (at < 0) return undefined;
  const word = tokens[at];
  if (KEYWORDS.has(word.text)) return { refused: `'${word.text}' is a keyword` };
  if (isField(tokens, at)) return { refused: `'${word.text}' is a struct field: its name comes from the C struct` };
  const file = parse(src, new DiagnosticList());
  const home = itemOf(file.items, word);
  const locals = home ? localsOf(home, tokens) : new Map<string, Token>();
  const uses = (from: Body | null): SourceSpan[] => tokens
    .filter((t, i) => t.kind === 'ident' && t.text === word.text && !isField(tokens, i))
    .filter((t) => {
      const it = itemOf(file.items, t);
      if (from) return it === from;
      // A file-wide name is shadowed inside an item that declares a local of that name.
      return !it || !localsOf(it, tokens).has(word.text);
    })
    .map(spanOf);
  const local = locals.get(word.text);
  if (home && local) return { name: word.text, scope: `${home.k} ${home.name}`, spans: uses(home), declaration: spanOf(local) };
  const item = file.items.find((it) => it.k !== 'machine' && it.name === word.text);
  if (item && item.k !== 'machine') {
    const decl = tokens.find((t) => t.pos.offset === item.namePos.offset);
    if (decl) return { name: word.text, scope: 'this file', spans: uses(null), declaration: spanOf(decl) };
  }
  return { refused: `'${word.text}' is not a fn, program, kernel image or variable of this file (a syscall, constant or built-in keeps its name)` };
}

/** Why `newName` cannot replace the name found by occurrencesAt, or undefined when it can. */
export function renameProblem(src: string, found: Extract<Occurrences, { spans: unknown }>, newName: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return `'${newName}' is not a name: a letter or _ first, then letters, digits or _`;
  if (KEYWORDS.has(newName)) return `'${newName}' is a keyword`;
  if (newName === found.name) return undefined;
  const file = parse(src, new DiagnosticList());
  const named = file.items.find((it) => it.k !== 'machine' && it.name === newName);
  if (named) return `'${newName}' already names a ${named.k === 'image' ? 'kernel image' : named.k} of this file`;
  // Any other use of the new name where the renamed one is visible would change meaning.
  const tokens = lex(src, new DiagnosticList()).filter((t) => t.kind !== 'newline' && t.kind !== 'eof');
  const used = tokens.some((t, i) => {
    if (t.kind !== 'ident' || t.text !== newName || isField(tokens, i)) return false;
    if (found.scope === 'this file') return true;
    const it = itemOf(file.items, t);
    return it !== undefined && `${it.k} ${it.name}` === found.scope;
  });
  return used ? `'${newName}' is already used in ${found.scope}` : undefined;
}
