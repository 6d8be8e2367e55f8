import { strict as assert } from 'node:assert';
import { DiagnosticList } from '../../scenario/diagnostics';
import { lex } from '../../scenario/lexer';

function tokens(src: string): { kind: string; text: string; value: unknown }[] {
  return lex(src, new DiagnosticList()).map((t) => ({ kind: t.kind, text: t.text, value: t.value }));
}
function values(src: string): unknown[] {
  return tokens(src).filter((t) => t.kind === 'int' || t.kind === 'str').map((t) => t.value);
}
function errors(src: string): string[] {
  const d = new DiagnosticList();
  lex(src, d);
  return d.items.map((x) => x.code);
}

describe('scenario lexer', () => {
  it('reads decimal and hex integers', () => {
    assert.deepEqual(values('42 0x2A 0X2a'), [42, 42, 42]);
  });
  it('applies K, M and G suffixes as powers of 1024', () => {
    assert.deepEqual(values('64K 512M 1G 0x10K'), [65536, 536870912, 1073741824, 16384]);
  });
  it('keeps integers beyond 2^53 exact as bigints and wraps 2^63.. to negative 64-bit values', () => {
    assert.deepEqual(values('9007199254740993 0xffffffffffffffff'), [9007199254740993n, -1]);
  });
  it('accepts _ separators and 0b binary', () => {
    assert.deepEqual(values('1_000_000 0b1010'), [1000000, 10]);
  });
  it('reads character literals as their byte value', () => {
    assert.deepEqual(values("'A' '\\n' '\\x41'"), [65, 10, 65]);
  });
  it('reads strings with escapes', () => {
    assert.deepEqual(values('"a\\tb\\n\\"c\\" \\x41\\0"'), ['a\tb\n"c" A\0']);
  });
  it('skips // and /* */ comments, and a multi-line comment still ends the statement', () => {
    const t = tokens('a // x\nb /* y\n z */ c').map((x) => x.kind);
    assert.deepEqual(t, ['ident', 'newline', 'ident', 'newline', 'ident', 'eof']);
  });
  it('reads multi-character operators', () => {
    assert.deepEqual(tokens('<<= >>= << >> <= >= == != && || .. += &').filter((x) => x.kind === 'punct').map((x) => x.text),
      ['<<=', '>>=', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '..', '+=', '&']);
  });
  it('ignores a byte-order mark and CR of CRLF line ends', () => {
    assert.deepEqual(errors('\ufeffa = 1\r\nb = 2\r\n'), []);
    assert.deepEqual(tokens('\ufeffa\r\n').map((t) => t.kind), ['ident', 'newline', 'eof']);
  });
  it('reports a malformed number', () => assert.deepEqual(errors('0xZZ 12abc 64KB'), ['bad-number', 'bad-number', 'bad-number']));
  it('reports a number beyond 64 bits', () => assert.deepEqual(errors('0x1ffffffffffffffff'), ['bad-number']));
  it('reports an unterminated string', () => assert.deepEqual(errors('"abc\n'), ['unterminated-string']));
  it('reports an unknown escape', () => assert.deepEqual(errors('"\\q"'), ['bad-escape']));
  it('reports an unterminated comment', () => assert.deepEqual(errors('/* abc'), ['unterminated-comment']));
  it('reports a stray character and goes on', () => {
    assert.deepEqual(errors('a @ b # c'), ['bad-character', 'bad-character']);
  });
  it('reports a bad character literal', () => assert.deepEqual(errors("'ab'"), ['bad-character']));

  function diagnostics(src: string): { code: string; line: number; col: number; length: number; message: string; hint: string }[] {
    const d = new DiagnosticList();
    lex(src, d);
    return d.items.map(({ code, line, col, length, message, hint }) => ({ code, line, col, length, message, hint }));
  }

  it('reports a file that is not text once, at its first NUL byte, and reads no tokens from it', () => {
    const elf = '\x7fELF\x02\x01\x01\0\0\0' + '\x90'.repeat(4000);
    const d = diagnostics(elf);
    assert.equal(d.length, 1);
    assert.equal(d[0].code, 'not-text');
    assert.equal(d[0].message, 'this is not a text file: it has a NUL byte at line 1, column 8');
    assert.match(d[0].hint, /UTF-8 text/);
    assert.deepEqual(tokens(elf).map((t) => t.kind), ['eof']);
    assert.equal(diagnostics('let a = 1\nlet b\0 = 2')[0].message, 'this is not a text file: it has a NUL byte at line 2, column 6');
  });

  it('reports a run of stray characters as one diagnostic covering the run', () => {
    const d = diagnostics('a = 1 @@@# + 2');
    assert.equal(d.length, 1);
    assert.deepEqual([d[0].col, d[0].length], [7, 4]);
    assert.equal(d[0].message, "4 unexpected characters, starting with '@'");
  });

  it('names invisible and look-alike characters by code point, with a hint to retype them', () => {
    const nbsp = diagnostics('let\u00a0a = 1')[0];
    assert.equal(nbsp.message, 'unexpected character U+00A0 (no-break space)');
    assert.match(nbsp.hint, /invisible or only looks like ASCII/);
    const quote = diagnostics('print(\u201chi\u201d)')[0];
    assert.equal(quote.message, 'unexpected character U+201C (left double quotation mark)');
    assert.equal(quote.hint, 'use straight double quotes (") around strings');
    assert.equal(diagnostics('a = \u2212 1')[0].hint, 'use the ASCII minus sign (-)');
    assert.equal(diagnostics('a = \x01')[0].message, 'unexpected character U+0001');
    assert.equal(diagnostics('a = \ufffd')[0].message, 'unexpected character U+FFFD (replacement character: the file is not valid UTF-8 here)');
  });
});
