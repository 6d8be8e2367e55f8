// The scenario's tokens as the editor features read them: which names are struct fields,
// which fn, process or program a token is in, and the locals each of those declares. Shared
// by the debug hover and inline values (debugExpressions.ts) and by rename, references and
// highlights (symbols.ts). Positions are 1-based, as in the lexer.

import type { Item } from '../../scenario/ast';
import { DiagnosticList } from '../../scenario/diagnostics';
import { lex, type Token } from '../../scenario/lexer';

export interface SourceSpan {
  line: number;
  /** First column (1-based) and the column just after the last character. */
  col: number;
  endCol: number;
}

/** An item with a body of statements: a fn, a process or a program. */
export type BodyItem = Extract<Item, { body: unknown }>;

export function hasBody(it: Item): it is BodyItem {
  return it.k === 'fn' || it.k === 'process' || it.k === 'program';
}

/** The tokens of a source without line ends and the end marker; never throws. */
export function tokensOf(src: string): Token[] {
  return lex(src, new DiagnosticList()).filter((t) => t.kind !== 'newline' && t.kind !== 'eof');
}

export function isPunct(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

export function spanOf(t: Token): SourceSpan {
  return { line: t.pos.line, col: t.pos.col, endCol: t.pos.col + t.length };
}

/** A name token that is a struct field (`ts.tv_sec`, `{ tv_sec: 0 }`), not a variable. */
export function isField(tokens: Token[], i: number): boolean {
  return isPunct(tokens[i - 1], '.') || (isPunct(tokens[i + 1], ':') && (isPunct(tokens[i - 1], '{') || isPunct(tokens[i - 1], ',')));
}

/** The fn, process or program that holds token `t`, if any. */
export function itemOf(items: Item[], t: Token): BodyItem | undefined {
  return items.find((it): it is BodyItem => hasBody(it) && it.pos.offset <= t.pos.offset && t.pos.line <= it.body.end.line);
}

/** The first declaration of each local of an item: parameters, `let x`, `for x in`. */
export function localsOf(it: BodyItem, tokens: Token[]): Map<string, Token> {
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
