// What the editor asks the debugger about while a session is stopped, worked out from the
// scenario's tokens: the expression under the mouse for the debug hover (`ts.tv_nsec`, not
// just `tv_nsec`), and the locals to show inline after the lines run so far. Positions are
// 1-based lines and columns, as in the lexer; extension/language/ makes VS Code ranges of them.

import { DiagnosticList } from '../../scenario/diagnostics';
import type { Token } from '../../scenario/lexer';
import { KEYWORDS, parse } from '../../scenario/parser';
import { hasBody, isField, isPunct, localsOf, tokensOf, type SourceSpan } from './scenarioNames';

export interface HoverExpression extends SourceSpan {
  text: string;
}

/** Index of the `[` that opens the `]` at `close`, on the same line, or -1. */
function openingBracket(tokens: Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0 && tokens[i].pos.line === tokens[close].pos.line; i--) {
    if (isPunct(tokens[i], ']')) depth++;
    else if (isPunct(tokens[i], '[') && --depth === 0) return i;
  }
  return -1;
}

/**
 * The expression a debug hover at (line, col) should evaluate: the variable or constant under
 * the mouse with the fields and elements before it (`ts.tv_nsec`, `segs[0].mem`). Nothing for
 * keywords and called names (a syscall's hover is its documentation, not a value).
 */
export function hoverExpressionAt(src: string, line: number, col: number): HoverExpression | undefined {
  const tokens = tokensOf(src);
  const at = tokens.findIndex((t) => t.kind === 'ident' && t.pos.line === line && col >= t.pos.col && col < t.pos.col + t.length);
  if (at < 0) return undefined;
  const word = tokens[at];
  // A keyword, a called name, or a field name in a struct literal (`{ tv_sec: 0 }`).
  if (KEYWORDS.has(word.text) || isPunct(tokens[at + 1], '(') || isPunct(tokens[at + 1], ':')) return undefined;
  let first = at;
  // Walk left over `.field` and `[index]` to the chain's first name.
  while (isPunct(tokens[first - 1], '.') && tokens[first - 1].pos.line === line) {
    let prev = first - 2;
    while (isPunct(tokens[prev], ']')) {
      const open = openingBracket(tokens, prev);
      if (open < 0) break;
      prev = open - 1;
    }
    if (tokens[prev]?.kind !== 'ident' || tokens[prev].pos.line !== line) break;
    first = prev;
  }
  if (tokens[first].kind !== 'ident' || KEYWORDS.has(tokens[first].text)) return undefined;
  const start = tokens[first].pos;
  const endOffset = word.pos.offset + word.length;
  return { text: src.slice(start.offset, endOffset), line, col: start.col, endCol: word.pos.col + word.length };
}

export interface InlineValueSpot extends SourceSpan {
  name: string;
}

/**
 * Where to show locals inline when stopped at `stoppedLine`: in the fn, process or program
 * that holds that line, every use of a parameter or of a `let` / `for` variable declared
 * before it, from the item's first line to the stopped line, once per name and line.
 */
export function inlineValueSpots(src: string, stoppedLine: number): InlineValueSpot[] {
  const file = parse(src, new DiagnosticList());
  const item = file.items.find((it) => hasBody(it) && it.pos.line <= stoppedLine && stoppedLine <= it.body.end.line);
  if (!item || !hasBody(item)) return [];
  const all = tokensOf(src);
  const locals = localsOf(item, all);
  const tokens = all.filter((t) => t.pos.line >= item.pos.line && t.pos.line <= stoppedLine);
  const spots: InlineValueSpot[] = [];
  const seen = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.kind !== 'ident') return;
    // A local from its declaration on; not a field of that name, not a call.
    const decl = locals.get(t.text);
    if (!decl || decl.pos.offset > t.pos.offset || isField(tokens, i) || isPunct(tokens[i + 1], '(')) return;
    const key = `${t.pos.line}:${t.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    spots.push({ name: t.text, line: t.pos.line, col: t.pos.col, endCol: t.pos.col + t.length });
  });
  return spots;
}
