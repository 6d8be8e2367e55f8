import { strict as assert } from 'node:assert';
import type { Expr, Stmt } from '../../scenario/ast';
import { DiagnosticList } from '../../scenario/diagnostics';
import { parse } from '../../scenario/parser';

function parseOk(src: string): ReturnType<typeof parse> {
  const d = new DiagnosticList();
  const f = parse(src, d);
  assert.deepEqual(d.items.map((x) => `${x.line}:${x.col} ${x.message}`), []);
  return f;
}
function body(stmts: string): Stmt[] {
  const f = parseOk(`process p {\n${stmts}\n}`);
  const item = f.items[0];
  assert.equal(item.k, 'process');
  return item.k === 'process' ? item.body.stmts : [];
}
function expr(src: string): Expr {
  const s = body(`let x = ${src}`)[0];
  assert.equal(s.k, 'let');
  return s.k === 'let' ? s.value : { k: 'error', pos: { line: 0, col: 0, offset: 0 } };
}
/** The expression in fully parenthesized form, to test precedence. */
function show(e: Expr): string {
  switch (e.k) {
    case 'int': return String(e.value);
    case 'name': return e.name;
    case 'binary': return `(${show(e.l)} ${e.op} ${show(e.r)})`;
    case 'unary': return `(${e.op}${show(e.e)})`;
    case 'call': return `${e.callee}(${e.args.map(show).join(', ')})`;
    case 'index': return `${show(e.e)}[${show(e.index)}]`;
    case 'field': return `${show(e.e)}.${e.name}`;
    case 'addr': return `&${show(e.e)}`;
    case 'str': return JSON.stringify(e.value);
    case 'array': return `[${e.items.map(show).join(', ')}]`;
    case 'struct': return `{${e.fields.map((f) => `${f.name}: ${show(f.value)}`).join(', ')}}`;
    default: return e.k;
  }
}
function errors(src: string): string[] {
  const d = new DiagnosticList();
  parse(src, d);
  return d.sorted().map((x) => `${x.line}:${x.col}`);
}

describe('scenario parser', () => {
  it('parses every kind of item', () => {
    const f = parseOk(`machine { abi: "bsd", cpus: 2, }
kernel_image next { banner: "x", entry: 0x200000, size: 64K, init: two }
fn f(a, b) { return a + b }
process one(uid: 1000) { f(1, 2) }
program two { print("hi") }`);
    assert.deepEqual(f.items.map((i) => i.k), ['machine', 'image', 'fn', 'process', 'program']);
  });
  it('parses let, assignment, compound assignment and expression statements', () => {
    assert.deepEqual(body('let a = 1\na = 2\na += 3; a <<= 1\nprint(a)').map((s) => s.k), ['let', 'assign', 'assign', 'assign', 'expr']);
  });
  it('parses expect and expect ... fails ERRNO', () => {
    const s = body('expect 1 == 1\nexpect _lwp_wait(1, null) fails EDEADLK');
    assert.equal(s[0].k, 'expect');
    assert.equal(s[1].k, 'expectFails');
    if (s[1].k === 'expectFails') assert.equal(s[1].errno, 'EDEADLK');
  });
  it('parses if / else if / else, with else on the next line too', () => {
    const s = body('if a { b() } else if c { d() } else { e() }\nif x { y() }\nelse { z() }');
    assert.equal(s.length, 2);
    assert.ok(s[0].k === 'if' && s[0].else !== null && s[0].else.stmts[0].k === 'if');
    assert.ok(s[1].k === 'if' && s[1].else !== null);
  });
  it('parses while, for .. in, break, continue and return', () => {
    const s = body('while x < 3 { break }\nfor i in 0..10 { continue }\nreturn\nreturn 5');
    assert.deepEqual(s.map((x) => x.k), ['while', 'for', 'return', 'return']);
  });
  it("follows C's precedence", () => {
    assert.equal(show(expr('1 + 2 * 3 << 1 < 4 == 1 & 2 ^ 3 | 4 && 5 || 6')),
      '((((((((1 + (2 * 3)) << 1) < 4) == 1) & 2) ^ 3) | 4) && 5) || 6)'.replace(/^/, '('));
  });
  it('applies unary operators tighter than binary ones, and folds negative literals', () => {
    assert.equal(show(expr('-a * ~b + !c')), '(((-a) * (~b)) + (!c))');
    assert.deepEqual(expr('-9223372036854775808'), { k: 'int', pos: expr('-9223372036854775808').pos, value: -9223372036854775808n });
  });
  it('parses calls, indexing, fields, &x, arrays and struct literals', () => {
    assert.equal(show(expr('f(&x, a[1].b, [1, 2], { tv_sec: 1, tv_nsec: 2 })')), 'f(&x, a[1].b, [1, 2], {tv_sec: 1, tv_nsec: 2})');
  });
  it('lets newlines inside ( ), [ ] and { } continue the statement, and trailing commas', () => {
    const s = body('let segs = [\n  { buf: b,\n    bufsz: 4K,\n  },\n]\nf(1,\n  2,\n)');
    assert.deepEqual(s.map((x) => x.k), ['let', 'expr']);
  });
  it('continues an expression after a binary operator at the end of a line', () => {
    assert.equal(show(expr('1 +\n 2')), '(1 + 2)');
  });
  it('separates struct fields by line breaks as well as commas', () => {
    assert.equal(show(expr('{ a: 1\n b: 2 }')), '{a: 1, b: 2}');
  });
  it('ends statements at ; as well as newlines', () => {
    assert.equal(body('a = 1; b = 2; c = 3').length, 3);
  });
  it('reports every broken statement, not only the first', () => {
    assert.deepEqual(errors('process p {\n  let = 1\n  ok()\n  x = = 2\n  y )\n  ok()\n}'), ['2:7', '4:7', '5:5']);
  });
  it('recovers at the next item after a broken one', () => {
    const d = new DiagnosticList();
    const f = parse('bogus stuff here\nfn f() { }\n$ \nprocess p { }', d);
    assert.deepEqual(f.items.map((i) => i.k), ['fn', 'process']);
    assert.equal(d.items.length, 2);
  });
  it('reports a missing closing brace at the end of the file', () => {
    assert.deepEqual(errors('process p {\n  f()\n'), ['3:1']);
  });
  it('reports a missing brace before the next item without swallowing it', () => {
    const d = new DiagnosticList();
    const f = parse('process p {\n  f()\nprogram q { g() }', d);
    assert.deepEqual(f.items.map((i) => i.k), ['process', 'program']);
    assert.equal(d.items.length, 1);
  });
  it('refuses reserved words as names', () => {
    assert.deepEqual(errors('process p { let while = 1 }'), ['1:17']);
  });
  it('refuses expression nesting deeper than 200 levels without overflowing', () => {
    const deep = '('.repeat(5000) + '1' + ')'.repeat(5000);
    assert.ok(errors(`process p { let x = ${deep} }`).length >= 1);
  });
  it('says an assignment target must be a variable, element or field', () => {
    const d = new DiagnosticList();
    parse('process p { f() = 1 }', d);
    assert.deepEqual(d.items.map((x) => x.code), ['not-assignable']);
  });
  it('says expect ... fails needs a call', () => {
    const d = new DiagnosticList();
    parse('process p { expect 1 fails EINVAL }', d);
    assert.deepEqual(d.items.map((x) => x.code), ['fails-needs-call']);
  });
});
