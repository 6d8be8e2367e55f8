// The source map of a compiled scenario, for the debugger: every statement and call site has a
// line and column; a line breakpoint is verified at the nearest statement at or after it; a
// frame's pc maps back to its statement.
import type { CompiledScenario } from './bytecode';

export interface StatementRef {
  /** Compiled function id. */
  fn: number;
  /** Statement index in that function. */
  stmt: number;
  line: number;
  col: number;
}

/** Every line where a statement starts, ascending. */
export function statementLines(p: CompiledScenario): number[] {
  const set = new Set<number>();
  for (const f of p.fns) for (const s of f.stmts) set.add(s.line);
  return [...set].sort((a, b) => a - b);
}

/** Where a breakpoint requested at `line` lands: the nearest statement line at or after it, or null. */
export function verifiedLine(p: CompiledScenario, line: number): number | null {
  for (const l of statementLines(p)) if (l >= line) return l;
  return null;
}

/** The statements that start on `line` (one per compiled copy of a fn: a fn used by two ABIs has two). */
export function statementsOnLine(p: CompiledScenario, line: number): StatementRef[] {
  const out: StatementRef[] = [];
  for (const f of p.fns) {
    f.stmts.forEach((s, i) => {
      if (s.line === line) out.push({ fn: f.id, stmt: i, line: s.line, col: s.col });
    });
  }
  return out;
}

/**
 * The statement a frame is in. `pc` is the frame's saved pc: it points just after the last
 * executed instruction (after the STMT of the statement about to run when stopped in the hook).
 */
export function statementAt(p: CompiledScenario, fnId: number, pc: number): StatementRef | null {
  const f = p.fns[fnId];
  if (!f || f.pcStmt.length === 0) return null;
  const i = f.pcStmt[Math.min(Math.max(pc - 1, 0), f.pcStmt.length - 1)];
  const s = f.stmts[i];
  return s ? { fn: fnId, stmt: i, line: s.line, col: s.col } : null;
}

/** The call (syscall, built-in or fn) a frame is in or just made, with its place, if any. */
export function callAt(p: CompiledScenario, fnId: number, pc: number): { name: string; line: number; col: number } | null {
  const f = p.fns[fnId];
  if (!f) return null;
  // The frame's pc is just after the call instruction (3 or 4 words long) once it trapped.
  for (const back of [3, 4, 0]) {
    const site = f.calls.get(pc - back);
    if (site) return site;
  }
  return null;
}
