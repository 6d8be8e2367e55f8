// The parser: tokens → syntax tree, recovering from errors. Each statement with an error is
// reported once (the first problem in it) and skipped to its end, so every broken statement of
// the file is reported in one pass. The parser never throws and always terminates: every loop
// consumes at least one token per turn, and nesting deeper than MAX_DEPTH is refused.
import type { AssignOp, BinaryOp, Block, Expr, Field, Item, ScenarioFile, Stmt } from './ast';
import { DiagnosticList, Pos } from './diagnostics';
import { lex, Token } from './lexer';

const MAX_DEPTH = 200;

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

/** Words that cannot name a variable, function, process, program or image. */
export const KEYWORDS = new Set([
  'let', 'if', 'else', 'while', 'for', 'return', 'break', 'continue', 'expect', 'fn',
  'process', 'program', 'machine', 'kernel_image', 'null', 'true', 'false',
]);

const ITEM_WORDS = new Set(['machine', 'kernel_image', 'fn', 'process', 'program']);

export function parse(src: string, diags: DiagnosticList): ScenarioFile {
  return new Parser(lex(src, diags), diags).file();
}

/**
 * Parses one expression (the debugger's watches, conditions and console). Newlines are
 * ignored; anything after the expression is an error.
 */
export function parseExpression(src: string, diags: DiagnosticList): Expr {
  const p = new Parser(lex(src, diags), diags);
  return p.wholeExpression();
}

class Parser {
  private p = 0;
  /** > 0 while inside ( ), [ ] or a struct literal's { }: newlines do not end anything there. */
  private nlSkip = 0;
  /** Set by the first error of a statement; later errors in it are not reported. */
  private panicking = false;
  private depth = 0;

  constructor(private readonly toks: Token[], private readonly diags: DiagnosticList) {}

  // ---- token access -------------------------------------------------------------------------

  private peek(): Token {
    if (this.nlSkip > 0) {
      while (this.toks[this.p].kind === 'newline') this.p++;
    }
    return this.toks[this.p];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.p++;
    return t;
  }

  private prevLine(): number {
    for (let i = this.p - 1; i >= 0; i--) {
      if (this.toks[i].kind !== 'newline') return this.toks[i].pos.line;
    }
    return 0;
  }

  private is(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  private eat(text: string): boolean {
    if (this.is(text)) {
      this.next();
      return true;
    }
    return false;
  }

  private skipNewlines(): void {
    while (this.toks[this.p].kind === 'newline' || (this.toks[this.p].kind === 'punct' && this.toks[this.p].text === ';')) this.p++;
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return 'the end of the file';
    if (t.kind === 'newline') return 'the end of the line';
    if (t.kind === 'str') return `the string ${t.text}`;
    return `'${t.text}'`;
  }

  private error(at: Token | Pos, message: string, hint: string, length?: number): void {
    if (this.panicking) return;
    this.panicking = true;
    const pos = 'kind' in at ? at.pos : at;
    const len = length ?? ('kind' in at ? at.length : 1);
    this.diags.error('syntax', pos, len, message, hint);
  }

  private expect(text: string, hint: string): boolean {
    if (this.eat(text)) return true;
    const t = this.peek();
    this.error(t, `expected '${text}' but found ${this.describe(t)}`, hint);
    return false;
  }

  private ident(what: string, hint: string): { name: string; pos: Pos } | null {
    const t = this.peek();
    if (t.kind === 'ident' && !KEYWORDS.has(t.text)) {
      this.next();
      return { name: t.text, pos: t.pos };
    }
    const extra = t.kind === 'ident' ? ` ('${t.text}' is a reserved word)` : '';
    this.error(t, `expected ${what} but found ${this.describe(t)}${extra}`, hint);
    return null;
  }

  /** Skips to the end of the current statement: a newline or ';' outside brackets, or a '}' that closes the enclosing block (left in place). */
  private syncStatement(): void {
    const saved = this.nlSkip;
    this.nlSkip = 0;
    let depth = 0;
    for (;;) {
      const t = this.toks[this.p];
      if (t.kind === 'eof') break;
      if (depth === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === ';'))) break;
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') {
          if (depth === 0 && t.text === '}') break;
          if (depth > 0) depth--;
        }
      }
      this.p++;
    }
    this.nlSkip = saved;
    this.panicking = false;
  }

  // ---- items --------------------------------------------------------------------------------

  file(): ScenarioFile {
    const items: Item[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.toks[this.p];
      if (t.kind === 'eof') break;
      const start = this.p;
      const item = this.item();
      if (item) items.push(item);
      this.panicking = false;
      if (this.p === start) this.p++;
    }
    return { items };
  }

  private item(): Item | null {
    const t = this.next();
    if (t.kind !== 'ident' || !ITEM_WORDS.has(t.text)) {
      this.error(t, `expected machine, kernel_image, fn, process or program but found ${this.describe(t)}`,
        'statements go inside a fn, process or program block, e.g. process init { ... }');
      this.syncItem();
      return null;
    }
    switch (t.text) {
      case 'machine': {
        const fields = this.fieldBlock('{', '}');
        return { k: 'machine', pos: t.pos, fields };
      }
      case 'kernel_image': {
        const name = this.ident('the image name', 'write kernel_image NAME { banner: "...", entry: ..., size: ..., init: PROGRAM }');
        const fields = this.fieldBlock('{', '}');
        return name ? { k: 'image', pos: t.pos, name: name.name, namePos: name.pos, fields } : null;
      }
      case 'fn': {
        const name = this.ident('the function name', 'write fn NAME(arg, ...) { ... }');
        const params: { name: string; pos: Pos }[] = [];
        if (this.expect('(', 'write fn NAME(arg, ...) { ... }')) {
          this.nlSkip++;
          while (!this.is(')') && this.peek().kind !== 'eof') {
            const before = this.p;
            const prm = this.ident('a parameter name', 'parameters are plain names separated by commas');
            if (prm) params.push(prm);
            if (!this.eat(',')) break;
            if (this.p === before) break;
          }
          this.expect(')', 'close the parameter list with )');
          this.nlSkip--;
        }
        const body = this.block();
        return name ? { k: 'fn', pos: t.pos, name: name.name, namePos: name.pos, params, body } : null;
      }
      case 'process': {
        const name = this.ident('the process name', 'write process NAME { ... } or process NAME(uid: 1000) { ... }');
        const fields = this.is('(') ? this.fieldBlock('(', ')') : [];
        const body = this.block();
        return name ? { k: 'process', pos: t.pos, name: name.name, namePos: name.pos, fields, body } : null;
      }
      default: {
        const name = this.ident('the program name', 'write program NAME { ... }');
        const body = this.block();
        return name ? { k: 'program', pos: t.pos, name: name.name, namePos: name.pos, body } : null;
      }
    }
  }

  /** Skips to the next line that starts with an item keyword outside any braces. */
  private syncItem(): void {
    let depth = 0;
    for (;;) {
      const t = this.toks[this.p];
      if (t.kind === 'eof') return;
      if (t.kind === 'punct') {
        if (t.text === '{' || t.text === '(' || t.text === '[') depth++;
        else if ((t.text === '}' || t.text === ')' || t.text === ']') && depth > 0) depth--;
      }
      if (t.kind === 'newline' && depth === 0) {
        const n = this.toks[this.p + 1];
        if (n.kind === 'ident' && ITEM_WORDS.has(n.text)) {
          this.p++;
          return;
        }
      }
      this.p++;
    }
  }

  /** `{ name: expr, ... }` (or with parentheses): commas or line breaks separate fields. */
  private fieldBlock(open: string, close: string): Field[] {
    const fields: Field[] = [];
    if (!this.expect(open, `write ${open} name: value, ... ${close}`)) return fields;
    this.nlSkip++;
    this.fieldsUntil(close, fields);
    this.nlSkip--;
    return fields;
  }

  private fieldsUntil(close: string, fields: Field[]): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        this.error(t, `expected '${close}' before the end of the file`, `close the field list with ${close}`);
        return;
      }
      if (this.eat(close)) return;
      const before = this.p;
      const name = this.ident('a field name', 'fields are written name: value');
      if (name) {
        this.expect(':', `write ${name.name}: value`);
        const value = this.expr();
        fields.push({ name: name.name, pos: name.pos, value });
      }
      if (this.eat(',')) continue;
      if (this.is(close)) continue;
      const n = this.peek();
      if (n.kind !== 'eof' && n.pos.line > this.prevLine() && !this.panicking) continue;
      this.error(n, `expected ',' or '${close}' but found ${this.describe(n)}`, `separate fields with commas and close with ${close}`);
      // Skip to the closing bracket of this field list.
      let depth = 0;
      while (this.peek().kind !== 'eof') {
        const x = this.next();
        if (x.text === '(' || x.text === '[' || x.text === '{') depth++;
        else if (x.text === ')' || x.text === ']' || x.text === '}') {
          if (depth === 0) {
            if (x.text !== close) this.p--;
            break;
          }
          depth--;
        }
      }
      if (this.p === before) this.next();
      this.panicking = false;
      return;
    }
  }

  // ---- statements ---------------------------------------------------------------------------

  private block(): Block {
    const open = this.peek();
    const stmts: Stmt[] = [];
    if (!this.eat('{')) {
      this.error(open, `expected '{' but found ${this.describe(open)}`, 'a block is { statements }');
      return { pos: open.pos, stmts, end: open.pos };
    }
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.error(open, 'blocks are nested too deeply', `nest at most ${MAX_DEPTH} levels; move code into a fn`);
      this.skipBalanced();
      return { pos: open.pos, stmts, end: open.pos };
    }
    const saved = this.nlSkip;
    this.nlSkip = 0;
    for (;;) {
      this.skipNewlines();
      const t = this.toks[this.p];
      if (t.kind === 'eof') {
        this.error(t, "expected '}' before the end of the file", `close the block opened at line ${open.pos.line} with }`);
        break;
      }
      if (t.kind === 'punct' && t.text === '}') {
        this.p++;
        break;
      }
      if (t.kind === 'ident' && ITEM_WORDS.has(t.text) && t.text !== 'fn' && this.toks[this.p + 1].kind === 'ident') {
        // A missing '}' before the next item: report it here rather than eat the whole item.
        this.error(t, `expected '}' before '${t.text}'`, `close the block opened at line ${open.pos.line} with }`);
        this.panicking = false;
        break;
      }
      const start = this.p;
      const s = this.statement();
      if (s) stmts.push(s);
      this.endStatement();
      if (this.p === start) this.p++;
    }
    this.nlSkip = saved;
    this.depth--;
    return { pos: open.pos, stmts, end: this.toks[Math.max(0, this.p - 1)].pos };
  }

  /** Skips a balanced { ... } whose '{' was just consumed. */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0 && this.toks[this.p].kind !== 'eof') {
      const t = this.toks[this.p++];
      if (t.text === '{') depth++;
      else if (t.text === '}') depth--;
    }
    this.panicking = false;
  }

  private endStatement(): void {
    const t = this.toks[this.p];
    if (this.panicking) {
      this.syncStatement();
      return;
    }
    if (t.kind === 'newline' || t.kind === 'eof' || (t.kind === 'punct' && (t.text === ';' || t.text === '}'))) return;
    // A statement that ends with a block (if, while, for) needs no separator after its '}'.
    const prev = this.toks[this.p - 1];
    if (prev && prev.kind === 'punct' && prev.text === '}') return;
    this.error(t, `expected the end of the statement but found ${this.describe(t)}`,
      'put one statement per line, or separate statements with ;');
    this.syncStatement();
  }

  private statement(): Stmt | null {
    const t = this.peek();
    if (t.kind === 'ident') {
      switch (t.text) {
        case 'let': {
          this.next();
          const name = this.ident('a variable name', 'write let NAME = value');
          if (!name) return null;
          if (!this.expect('=', `write let ${name.name} = value`)) return null;
          const value = this.expr();
          return { k: 'let', pos: t.pos, name: name.name, namePos: name.pos, value };
        }
        case 'expect': {
          this.next();
          const e = this.expr();
          const f = this.peek();
          if (f.kind === 'ident' && f.text === 'fails') {
            this.next();
            const errno = this.peek();
            if (errno.kind !== 'ident') {
              this.error(errno, `expected an errno name after 'fails' but found ${this.describe(errno)}`, 'write expect call(...) fails EINVAL');
              return null;
            }
            this.next();
            if (e.k !== 'call') {
              this.diags.error('fails-needs-call', e.pos, 1, "'expect ... fails' needs a call on its left",
                'write expect some_syscall(args) fails ERRNO');
            }
            return { k: 'expectFails', pos: t.pos, call: e, errno: errno.text, errnoPos: errno.pos };
          }
          return { k: 'expect', pos: t.pos, e };
        }
        case 'if':
          this.next();
          return this.ifRest(t.pos);
        case 'while': {
          this.next();
          const cond = this.expr();
          const body = this.block();
          return { k: 'while', pos: t.pos, cond, body };
        }
        case 'for': {
          this.next();
          const name = this.ident('the loop variable', 'write for i in 0..10 { ... }');
          if (!name) return null;
          if (!this.eat('in')) {
            const x = this.peek();
            this.error(x, `expected 'in' but found ${this.describe(x)}`, `write for ${name.name} in FROM..TO { ... }`);
            return null;
          }
          const from = this.expr();
          if (!this.expect('..', `write for ${name.name} in FROM..TO { ... } (TO is excluded)`)) return null;
          const to = this.expr();
          const body = this.block();
          return { k: 'for', pos: t.pos, name: name.name, namePos: name.pos, from, to, body };
        }
        case 'return': {
          this.next();
          const n = this.toks[this.p];
          const bare = n.kind === 'newline' || n.kind === 'eof' || (n.kind === 'punct' && (n.text === ';' || n.text === '}'));
          return { k: 'return', pos: t.pos, value: bare ? null : this.expr() };
        }
        case 'break':
          this.next();
          return { k: 'break', pos: t.pos };
        case 'continue':
          this.next();
          return { k: 'continue', pos: t.pos };
        case 'else':
          this.next();
          this.error(t, "'else' without an 'if'", 'write else on the same line as the } that closes the if block');
          return null;
        default:
          break;
      }
    }
    const e = this.expr();
    const op = this.peek();
    if (op.kind === 'punct' && ASSIGN_OPS.has(op.text)) {
      this.next();
      const value = this.expr();
      if (e.k !== 'name' && e.k !== 'index' && e.k !== 'field' && e.k !== 'error' && !this.panicking) {
        this.diags.error('not-assignable', e.pos, 1, 'the left side of this assignment cannot be assigned',
          'assign to a variable, an element a[i] or a field s.f');
      }
      return { k: 'assign', pos: e.pos, op: op.text as AssignOp, target: e, value };
    }
    return { k: 'expr', pos: e.pos, e };
  }

  private ifRest(pos: Pos): Stmt {
    const cond = this.expr();
    const then = this.block();
    let els: Block | null = null;
    // `else` may follow the closing brace on the same line or on the next one.
    let q = this.p;
    while (this.toks[q].kind === 'newline') q++;
    const e = this.toks[q];
    if (e.kind === 'ident' && e.text === 'else') {
      this.p = q + 1;
      const n = this.peek();
      if (n.kind === 'ident' && n.text === 'if') {
        this.next();
        const nested = this.ifRest(n.pos);
        els = { pos: n.pos, stmts: [nested], end: n.pos };
      } else {
        els = this.block();
      }
    }
    return { k: 'if', pos, cond, then, else: els };
  }

  // ---- expressions --------------------------------------------------------------------------

  wholeExpression(): Expr {
    this.nlSkip++;
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') this.error(t, `unexpected ${this.describe(t)} after the expression`, 'write one expression');
    return e;
  }

  expr(): Expr {
    return this.binary(1);
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return left;
      const prec = BINARY_PRECEDENCE[t.text];
      if (prec === undefined || prec < minPrec) return left;
      this.next();
      // A line may end after a binary operator; the expression continues on the next line.
      while (this.toks[this.p].kind === 'newline') this.p++;
      const right = this.binary(prec + 1);
      left = { k: 'binary', pos: left.pos, op: t.text as BinaryOp, l: left, r: right };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '-' || t.text === '!' || t.text === '~' || t.text === '&')) {
      if (++this.depth > MAX_DEPTH) {
        this.depth--;
        this.error(t, 'expression nested too deeply', `nest at most ${MAX_DEPTH} levels; use let for parts`);
        return { k: 'error', pos: t.pos };
      }
      this.next();
      const e = this.unary();
      this.depth--;
      if (t.text === '&') return { k: 'addr', pos: t.pos, e };
      // Fold a negative literal so that -9223372036854775808 is exact.
      if (t.text === '-' && e.k === 'int') {
        return { k: 'int', pos: t.pos, value: typeof e.value === 'number' ? 0 - e.value : negBig(e.value) };
      }
      return { k: 'unary', pos: t.pos, op: t.text as '-' | '!' | '~', e };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.toks[this.p];
      if (t.kind !== 'punct') return e;
      if (t.text === '[') {
        this.next();
        this.nlSkip++;
        const index = this.expr();
        this.expect(']', 'close the index with ]');
        this.nlSkip--;
        e = { k: 'index', pos: e.pos, e, index };
      } else if (t.text === '.') {
        this.next();
        const n = this.peek();
        if (n.kind !== 'ident') {
          this.error(n, `expected a field name after '.' but found ${this.describe(n)}`, 'write value.field');
          return e;
        }
        this.next();
        e = { k: 'field', pos: e.pos, e, name: n.text, namePos: n.pos };
      } else if (t.text === '(') {
        this.error(t, 'only a function, built-in or syscall name can be called', 'call by name: name(args)');
        return e;
      } else {
        return e;
      }
    }
  }

  /** Comma-separated expressions up to (not including) `close`; a trailing comma is fine. */
  private exprList(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.is(close) && this.peek().kind !== 'eof') {
      const before = this.p;
      items.push(this.expr());
      if (!this.eat(',') || this.p === before) break;
    }
    return items;
  }

  private primary(): Expr {
    const t = this.peek();
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      this.error(t, 'expression nested too deeply', `nest at most ${MAX_DEPTH} levels; use let for parts`);
      return { k: 'error', pos: t.pos };
    }
    try {
      return this.primaryInner(t);
    } finally {
      this.depth--;
    }
  }

  private primaryInner(t: Token): Expr {
    switch (t.kind) {
      case 'int':
        this.next();
        return { k: 'int', pos: t.pos, value: t.value as number | bigint };
      case 'str':
        this.next();
        return { k: 'str', pos: t.pos, value: t.value as string };
      case 'ident': {
        if (t.text === 'null') {
          this.next();
          return { k: 'null', pos: t.pos };
        }
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { k: 'bool', pos: t.pos, value: t.text === 'true' };
        }
        if (KEYWORDS.has(t.text)) {
          this.error(t, `expected a value but found the keyword '${t.text}'`, `'${t.text}' starts a statement; it cannot be used as a value`);
          return { k: 'error', pos: t.pos };
        }
        this.next();
        if (this.toks[this.p].kind === 'punct' && this.toks[this.p].text === '(') {
          this.next();
          this.nlSkip++;
          const args = this.exprList(')');
          const end = this.peek();
          this.expect(')', `close the call to ${t.text} with )`);
          this.nlSkip--;
          return { k: 'call', pos: t.pos, callee: t.text, args, end: end.pos };
        }
        return { k: 'name', pos: t.pos, name: t.text };
      }
      case 'punct':
        if (t.text === '(') {
          this.next();
          this.nlSkip++;
          const e = this.expr();
          this.expect(')', 'close the parenthesis with )');
          this.nlSkip--;
          return e;
        }
        if (t.text === '[') {
          this.next();
          this.nlSkip++;
          const items = this.exprList(']');
          this.expect(']', 'close the array with ]');
          this.nlSkip--;
          return { k: 'array', pos: t.pos, items };
        }
        if (t.text === '{') {
          this.next();
          this.nlSkip++;
          const fields: Field[] = [];
          this.fieldsUntil('}', fields);
          this.nlSkip--;
          return { k: 'struct', pos: t.pos, fields };
        }
        break;
      default:
        break;
    }
    this.error(t, `expected a value but found ${this.describe(t)}`, 'write a number, string, name, call, [array] or { struct }');
    return { k: 'error', pos: t.pos };
  }
}

function negBig(v: bigint): number | bigint {
  const r = BigInt.asIntN(64, -v);
  return r >= BigInt(Number.MIN_SAFE_INTEGER) && r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
}
