// The lexer: source text → tokens. It never throws; malformed input becomes a diagnostic and
// the lexer carries on, so the parser still sees the rest of the file.
import { DiagnosticList, Pos } from './diagnostics';
import { fromBigInt, MAX_U64 } from './int64';

export type TokenKind = 'int' | 'str' | 'ident' | 'punct' | 'newline' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The token's text: the identifier, the punctuator, or the literal as written. */
  text: string;
  /** The value of an `int` (number when it is a safe integer, else bigint) or `str` token. */
  value: number | bigint | string | null;
  pos: Pos;
  length: number;
}

const PUNCTS3 = ['<<=', '>>='];
const PUNCTS2 = ['||', '&&', '==', '!=', '<=', '>=', '<<', '>>', '..', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='];
const PUNCTS1 = '{}()[],:;.=+-*/%<>!~&|^';

const SUFFIX: Record<string, bigint> = { K: 1024n, M: 1024n * 1024n, G: 1024n * 1024n * 1024n };

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Whether the lexer starts a token (or skips blank space) at `i`: where a run of stray characters ends. */
function isTokenStart(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  return c === 10 || c === 32 || c === 9 || c === 13 || c === 34 || c === 39 ||
    isIdentStart(c) || isDigit(c) || PUNCTS1.includes(src[i]);
}

/** Names for the invisible or look-alike characters that get into source by copy and paste. */
const CHARACTER_NAMES: Record<number, string> = {
  0xa0: 'no-break space', 0x200b: 'zero-width space', 0x200c: 'zero-width non-joiner', 0x200d: 'zero-width joiner',
  0x2060: 'word joiner', 0xfeff: 'zero-width no-break space', 0x2018: 'left single quotation mark',
  0x2019: 'right single quotation mark', 0x201c: 'left double quotation mark', 0x201d: 'right double quotation mark',
  0x2013: 'en dash', 0x2014: 'em dash', 0x2212: 'minus sign', 0xfffd: 'replacement character: the file is not valid UTF-8 here',
};

/** A character as a message can show it: itself when printable, else its code point (and name). */
export function describeCharacter(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[cp];
  if (name) return `${hex} (${name})`;
  const printable = cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
  return printable ? `'${String.fromCodePoint(cp)}'` : hex;
}

function badCharacterHint(cp: number): string {
  if (cp === 0x201c || cp === 0x201d) return 'use straight double quotes (") around strings';
  if (cp === 0x2018 || cp === 0x2019) return "use straight single quotes (') around a character literal";
  if (cp === 0x2013 || cp === 0x2014 || cp === 0x2212) return 'use the ASCII minus sign (-)';
  if (CHARACTER_NAMES[cp] !== undefined) return 'delete it: it is invisible or only looks like ASCII (often pasted from a web page or a PDF)';
  return 'remove it; strings go between double quotes';
}

/**
 * Where a file that is not text (an executable, an image, a kernel) shows it: its first NUL
 * byte. Such a file is reported once instead of as thousands of unexpected characters.
 */
function binaryOffset(src: string): number {
  return src.indexOf('\0');
}

export function lex(src: string, diags: DiagnosticList): Token[] {
  const out: Token[] = [];
  const nul = binaryOffset(src);
  if (nul >= 0) {
    const before = src.slice(0, nul);
    const line = before.split('\n').length;
    const col = nul - (before.lastIndexOf('\n') + 1) + 1;
    diags.error('not-text', { line, col, offset: nul }, 1, `this is not a text file: it has a NUL byte at line ${line}, column ${col}`,
      'a scenario is UTF-8 text; to load a binary file (a kernel image) into a scenario, use file("PATH") from a scenario instead');
    return [{ kind: 'eof', text: '', value: null, pos: { line: 1, col: 1, offset: 0 }, length: 0 }];
  }
  // A byte-order mark (some Windows editors write one) is not part of the program.
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = src.length;
  const here = (offset: number): Pos => ({ line, col: offset - lineStart + 1, offset });
  const push = (kind: TokenKind, start: number, end: number, value: Token['value'], pos?: Pos): void => {
    out.push({ kind, text: src.slice(start, end), value, pos: pos ?? here(start), length: end - start });
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 10) {
      push('newline', i, i + 1, null);
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 47) {
      while (i < n && src.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const start = here(i);
      const close = src.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      // A comment spanning lines still ends the statement it sits in, as a newline would.
      let sawNewline = false;
      for (let j = i; j < end; j++) {
        if (src.charCodeAt(j) === 10) {
          sawNewline = true;
          line++;
          lineStart = j + 1;
        }
      }
      if (close < 0) {
        diags.error('unterminated-comment', start, 2, 'this /* comment is never closed', 'end the comment with */');
      }
      if (sawNewline) out.push({ kind: 'newline', text: '\n', value: null, pos: here(end), length: 1 });
      i = end;
      continue;
    }
    if (isIdentStart(c)) {
      const start = i;
      while (i < n && isIdentPart(src.charCodeAt(i))) i++;
      push('ident', start, i, null);
      continue;
    }
    if (isDigit(c)) {
      i = lexNumber(src, i, here(i), out, diags);
      continue;
    }
    if (c === 34) {
      i = lexString(src, i, here(i), out, diags);
      continue;
    }
    if (c === 39) {
      i = lexChar(src, i, here(i), out, diags);
      continue;
    }
    const n1 = src.charCodeAt(i + 1);
    // Only these characters start a multi-character operator: < > | & = ! . + - * / % ^
    if (n1 === 61 || n1 === 60 || n1 === 62 || n1 === 124 || n1 === 38 || n1 === 46) {
      const three = src.slice(i, i + 3);
      if (PUNCTS3.includes(three)) {
        push('punct', i, i + 3, null);
        i += 3;
        continue;
      }
      const two = src.slice(i, i + 2);
      if (PUNCTS2.includes(two)) {
        push('punct', i, i + 2, null);
        i += 2;
        continue;
      }
    }
    if (PUNCTS1.includes(src[i])) {
      push('punct', i, i + 1, null);
      i++;
    } else {
      // One diagnostic for a run of stray characters, named by the first.
      const start = i;
      const cp = src.codePointAt(i) ?? c;
      let count = 0;
      while (i < n && !isTokenStart(src, i)) {
        i += String.fromCodePoint(src.codePointAt(i) ?? 0).length;
        count++;
      }
      const what = describeCharacter(cp);
      const message = count === 1 ? `unexpected character ${what}` : `${count} unexpected characters, starting with ${what}`;
      diags.error('bad-character', here(start), i - start, message, badCharacterHint(cp));
    }
  }
  out.push({ kind: 'eof', text: '', value: null, pos: here(n), length: 0 });
  return out;
}

function lexNumber(src: string, start: number, pos: Pos, out: Token[], diags: DiagnosticList): number {
  let i = start;
  // Fast path: a short plain decimal (the common case) needs no bigint.
  let j = start;
  while (j < src.length && isDigit(src.charCodeAt(j))) j++;
  if (j - start <= 15 && (j >= src.length || (!isIdentPart(src.charCodeAt(j)) && src[j] !== '_'))) {
    out.push({ kind: 'int', text: src.slice(start, j), value: Number(src.slice(start, j)), pos, length: j - start });
    return j;
  }
  let digits = '';
  let hex = false;
  let bin = false;
  if (src[i] === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
    hex = true;
    i += 2;
    while (i < src.length && (isHexDigit(src.charCodeAt(i)) || src[i] === '_')) {
      if (src[i] !== '_') digits += src[i];
      i++;
    }
  } else if (src[i] === '0' && (src[i + 1] === 'b' || src[i + 1] === 'B')) {
    bin = true;
    i += 2;
    while (i < src.length && (src[i] === '0' || src[i] === '1' || src[i] === '_')) {
      if (src[i] !== '_') digits += src[i];
      i++;
    }
  } else {
    while (i < src.length && (isDigit(src.charCodeAt(i)) || src[i] === '_')) {
      if (src[i] !== '_') digits += src[i];
      i++;
    }
  }
  let mult = 1n;
  const s = src[i];
  if (s === 'K' || s === 'M' || s === 'G') {
    mult = SUFFIX[s];
    i++;
  }
  let bad = digits === '';
  // Letters or digits glued to the literal (`12abc`, `64KB`) are a typo, not two tokens.
  const tailStart = i;
  while (i < src.length && isIdentPart(src.charCodeAt(i))) i++;
  if (i > tailStart) bad = true;
  const text = src.slice(start, i);
  let value: bigint = 0n;
  if (bad) {
    diags.error('bad-number', pos, i - start, `malformed number '${text}'`,
      'write a decimal or 0x hex integer with an optional K, M or G suffix, e.g. 64K or 0x200000');
  } else {
    value = BigInt((hex ? '0x' : bin ? '0b' : '') + digits) * mult;
    if (value > MAX_U64) {
      diags.error('bad-number', pos, i - start, `the number '${text}' does not fit in 64 bits`,
        'integers hold 64 bits; use a value below 2^64');
      value = 0n;
    }
  }
  out.push({ kind: 'int', text, value: fromBigInt(value), pos, length: i - start });
  return i;
}

/** 'c': a character literal is the integer value of its byte ('A' == 65, '\n' == 10). */
function lexChar(src: string, start: number, pos: Pos, out: Token[], diags: DiagnosticList): number {
  let i = start + 1;
  let value = -1;
  if (src[i] === '\\') {
    const e = src[i + 1];
    const map: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };
    if (e !== undefined && map[e] !== undefined) {
      value = map[e];
      i += 2;
    } else if (e === 'x' && isHexDigit(src.charCodeAt(i + 2)) && isHexDigit(src.charCodeAt(i + 3))) {
      value = parseInt(src.slice(i + 2, i + 4), 16);
      i += 4;
    }
  } else if (i < src.length && src[i] !== "'" && src[i] !== '\n' && src.charCodeAt(i) < 128) {
    value = src.charCodeAt(i);
    i++;
  }
  if (value < 0 || src[i] !== "'") {
    while (i < src.length && src[i] !== "'" && src[i] !== '\n') i++;
    if (src[i] === "'") i++;
    diags.error('bad-character', pos, Math.max(1, i - start), 'a character literal holds one ASCII character',
      "write 'a', '\\n' or '\\x41'; strings go between double quotes");
    out.push({ kind: 'int', text: src.slice(start, i), value: 0, pos, length: i - start });
    return i;
  }
  i++;
  out.push({ kind: 'int', text: src.slice(start, i), value, pos, length: i - start });
  return i;
}

function lexString(src: string, start: number, pos: Pos, out: Token[], diags: DiagnosticList): number {
  let i = start + 1;
  let value = '';
  for (;;) {
    if (i >= src.length || src[i] === '\n') {
      diags.error('unterminated-string', pos, i - start, 'this string is never closed', 'end the string with " on the same line');
      break;
    }
    const ch = src[i];
    if (ch === '"') {
      i++;
      break;
    }
    if (ch === '\\') {
      const e = src[i + 1];
      const escPos: Pos = { line: pos.line, col: pos.col + (i - start), offset: i };
      if (e === 'n') value += '\n';
      else if (e === 't') value += '\t';
      else if (e === 'r') value += '\r';
      else if (e === '0') value += '\0';
      else if (e === '\\') value += '\\';
      else if (e === '"') value += '"';
      else if (e === 'x' && isHexDigit(src.charCodeAt(i + 2)) && isHexDigit(src.charCodeAt(i + 3))) {
        value += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
        i += 2;
      } else {
        diags.error('bad-escape', escPos, 2, `unknown escape '\\${e ?? ''}' in a string`,
          'use \\n, \\t, \\r, \\0, \\\\, \\" or \\xNN');
      }
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  out.push({ kind: 'str', text: src.slice(start, i), value, pos, length: i - start });
  return i;
}
