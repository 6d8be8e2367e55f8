// Where a name of the scenario is used, for rename, find references and highlights: a fn,
// program or kernel image is one name for the whole file; a parameter or a `let` / `for`
// variable belongs to the fn, process or program that declares it (one name there, however
// many blocks declare it again). Syscalls, constants, built-ins and struct fields are the
// ABI's and the language's, not the file's, and are left alone. Positions are 1-based.

import { DiagnosticList } from '../../scenario/diagnostics';
import type { Token } from '../../scenario/lexer';
import { KEYWORDS, parse } from '../../scenario/parser';
import { isField, itemOf, localsOf, spanOf, tokensOf, type BodyItem, type SourceSpan } from './scenarioNames';

export type Occurrences =
  | { name: string; scope: string; spans: SourceSpan[]; declaration: SourceSpan }
  | { refused: string };

/** Every use of the name at (line, col), or why it cannot be renamed; undefined off a name. */
export function occurrencesAt(src: string, line: number, col: number): Occurrences | undefined {
  const tokens = tokensOf(src);
  const at = tokens.findIndex((t) => t.kind === 'ident' && t.pos.line === line && col >= t.pos.col && col <= t.pos.col + t.length);
  if (at < 0) return undefined;
  const word = tokens[at];
  if (KEYWORDS.has(word.text)) return { refused: `'${word.text}' is a keyword` };
  if (isField(tokens, at)) return { refused: `'${word.text}' is a struct field: its name comes from the C struct` };
  const file = parse(src, new DiagnosticList());
  // Each item's locals, worked out once however many uses of the name lie in it.
  const localsCache = new Map<BodyItem, Map<string, Token>>();
  const localsIn = (it: BodyItem): Map<string, Token> => {
    let m = localsCache.get(it);
    if (!m) localsCache.set(it, (m = localsOf(it, tokens)));
    return m;
  };
  const home = itemOf(file.items, word);
  const uses = (from: BodyItem | null): SourceSpan[] => tokens
    .filter((t, i) => t.kind === 'ident' && t.text === word.text && !isField(tokens, i))
    .filter((t) => {
      const it = itemOf(file.items, t);
      if (from) return it === from;
      // A file-wide name is shadowed inside an item that declares a local of that name.
      return !it || !localsIn(it).has(word.text);
    })
    .map(spanOf);
  const local = home ? localsIn(home).get(word.text) : undefined;
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
  const tokens = tokensOf(src);
  const used = tokens.some((t, i) => {
    if (t.kind !== 'ident' || t.text !== newName || isField(tokens, i)) return false;
    if (found.scope === 'this file') return true;
    const it = itemOf(file.items, t);
    return it !== undefined && `${it.k} ${it.name}` === found.scope;
  });
  return used ? `'${newName}' is already used in ${found.scope}` : undefined;
}
