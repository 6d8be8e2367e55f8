// Diagnostics: what the lexer, parser and checker report. Every diagnostic carries the place it
// refers to (1-based line and column), a message saying what is wrong, and a hint saying what to
// write instead. Producers append to a DiagnosticList and never throw, so one pass reports every
// error at once.

export type Severity = 'error' | 'warning';

/** A place in a scenario file: 1-based line and column, and the 0-based character offset. */
export interface Pos {
  line: number;
  col: number;
  offset: number;
}

/** Stable codes, one per kind of diagnostic (docs/language.md explains each). */
export type DiagnosticCode =
  | 'bad-character'
  | 'not-text'
  | 'unterminated-string'
  | 'unterminated-comment'
  | 'bad-escape'
  | 'bad-number'
  | 'syntax'
  | 'unknown-item'
  | 'unknown-syscall'
  | 'wrong-arg-count'
  | 'unknown-constant'
  | 'undefined-variable'
  | 'unknown-field'
  | 'path-outside-workspace'
  | 'file-not-found'
  | 'not-an-errno'
  | 'fails-needs-call'
  | 'not-assignable'
  | 'bad-address-of'
  | 'duplicate-definition'
  | 'unknown-image'
  | 'unknown-program'
  | 'bad-machine-field'
  | 'misplaced-statement'
  | 'bad-argument';

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  line: number;
  col: number;
  /** Length in characters of the offending text on its line (at least 1), for editors. */
  length: number;
  message: string;
  /** What to write instead. */
  hint: string;
}

export class DiagnosticList {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, at: Pos, length: number, message: string, hint: string): void {
    this.items.push({ severity: 'error', code, line: at.line, col: at.col, length: Math.max(1, length), message, hint });
  }

  warning(code: DiagnosticCode, at: Pos, length: number, message: string, hint: string): void {
    this.items.push({ severity: 'warning', code, line: at.line, col: at.col, length: Math.max(1, length), message, hint });
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.items) if (d.severity === 'error') n++;
    return n;
  }

  /** Diagnostics in source order (stable for equal places). */
  sorted(): Diagnostic[] {
    return this.items
      .map((d, i) => ({ d, i }))
      .sort((a, b) => a.d.line - b.d.line || a.d.col - b.d.col || a.i - b.i)
      .map((x) => x.d);
  }
}

/** `FILE:LINE:COL: error: message (hint)` — the headless format of design §3. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const hint = d.hint ? ` (hint: ${d.hint})` : '';
  return `${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}${hint}`;
}
