// The source map of a compiled scenario, for the debugger: every statement and call site has a
// line and column; a line breakpoint is verified at the nearest statement at or after it; a
// frame's pc maps back to its statement.
import { Op, type CompiledScenario } from './bytecode';

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

/**
 * The code offset of the call (CALL, SYS or BUILTIN) a frame is in or just made, if any. The
 * frame's pc is just after the call instruction (3 or 4 words long) once it trapped or called.
 */
export function callSiteAt(p: CompiledScenario, fnId: number, pc: number): number | null {
  const f = p.fns[fnId];
  if (!f) return null;
  for (const back of [3, 4, 0]) {
    if (f.calls.has(pc - back)) return pc - back;
  }
  return null;
}

/** The call (syscall, built-in or fn) a frame is in or just made, with its place, if any. */
export function callAt(p: CompiledScenario, fnId: number, pc: number): { name: string; line: number; col: number } | null {
  const site = callSiteAt(p, fnId, pc);
  return site === null ? null : p.fns[fnId].calls.get(site) ?? null;
}

export interface SteppableCall {
  /** Code offset of the call instruction in its fn. */
  pc: number;
  /** The syscall or fn it enters (a built-in is named by the syscall it is made of). */
  name: string;
  /** As written: the syscall, built-in or fn name at the call site. */
  written: string;
  kind: 'syscall' | 'fn';
  line: number;
  col: number;
}

/**
 * The calls of statement `stmt` of fn `fnId` that Step Into can enter, in the order they run:
 * fns, syscalls and the built-ins made of a syscall (`spawn` is `_lwp_create`). Built-ins that
 * make no syscall (`print`, `len`) enter nothing and are left out.
 */
export function steppableCalls(p: CompiledScenario, fnId: number, stmt: number): SteppableCall[] {
  const f = p.fns[fnId];
  if (!f) return [];
  const out: SteppableCall[] = [];
  for (const [pc, site] of f.calls) {
    if (f.pcStmt[pc] !== stmt) continue;
    const op = f.code[pc];
    if (op === Op.CALL) {
      out.push({ pc, name: p.fns[f.code[pc + 1]]?.name ?? site.name, written: site.name, kind: 'fn', line: site.line, col: site.col });
    } else if (op === Op.SYS) {
      out.push({ pc, name: p.syscalls[f.code[pc + 1]]?.name ?? site.name, written: site.name, kind: 'syscall', line: site.line, col: site.col });
    } else if (op === Op.BUILTIN && f.code[pc + 3] >= 0) {
      out.push({ pc, name: p.syscalls[f.code[pc + 3]]?.name ?? site.name, written: site.name, kind: 'syscall', line: site.line, col: site.col });
    }
  }
  return out.sort((a, b) => a.pc - b.pc);
}
