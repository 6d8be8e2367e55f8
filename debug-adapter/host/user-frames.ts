// The scenario frames of an LWP (from its plain-data user state `l_user`) and their locals.

import type { Kernel } from '../../kernel/kern/kernel';
import type { Lwp } from '../../kernel/kern/state';
import type { CompiledScenario } from '../../scenario/bytecode';
import type { UserState } from '../../scenario/runtime/user-state';
import type { LwpKey, NamedValue, SimFrame, WatchTarget } from '../engine/sim-host';
import { scenarioValue } from './scenario-values';

export function userState(l: Lwp): UserState | null {
  const u = l.l_user as unknown as UserState | null;
  return u && Array.isArray(u.frames) ? u : null;
}

/** Statement index of a frame: exact for the LWP stopped in the statement hook. */
export function stmtOf(prog: CompiledScenario, fnId: number, pc: number): number {
  const fn = prog.fns[fnId];
  if (fn.pcStmt.length === 0) return -1;
  return fn.pcStmt[Math.min(Math.max(pc - 1, 0), fn.pcStmt.length - 1)];
}

/**
 * User frames innermost first. `hookStmt` is the statement the LWP is about to run when it is
 * the one stopped in the statement hook (its frame's pc is only saved when it traps).
 */
export function userFrames(prog: CompiledScenario, l: Lwp, hookStmt: { fn: number; stmt: number } | null): SimFrame[] {
  const u = userState(l);
  if (!u) return [];
  const out: SimFrame[] = [];
  for (let i = u.frames.length - 1; i >= 0; i--) {
    const fr = u.frames[i];
    const fn = prog.fns[fr.fn];
    if (!fn) continue;
    const inner = i === u.frames.length - 1;
    const si = inner && hookStmt && hookStmt.fn === fr.fn ? hookStmt.stmt : stmtOf(prog, fr.fn, fr.pc);
    const st = si >= 0 ? fn.stmts[si] : undefined;
    out.push({
      name: fn.kind === 'fn' ? `${fn.name}()` : `${fn.kind} ${fn.name}`, kind: 'user', file: prog.fileName,
      line: st?.line ?? fn.line, column: st?.col ?? fn.col, userIndex: u.frames.length - 1 - i,
    });
  }
  return out;
}

/**
 * Locals in scope of user frame `userIndex` (0 = innermost). With the LWP's `key`, each local
 * says how a data breakpoint watches it.
 */
export function userLocals(k: Kernel, prog: CompiledScenario, l: Lwp, userIndex: number, key?: LwpKey): NamedValue[] {
  const u = userState(l);
  if (!u) return [];
  const fr = u.frames[u.frames.length - 1 - userIndex];
  if (!fr) return [];
  const fn = prog.fns[fr.fn];
  const out: NamedValue[] = [];
  const seen = new Set<string>();
  // Later slots shadow earlier ones with the same name.
  for (let s = fn.slotNames.length - 1; s >= 0; s--) {
    const name = fn.slotNames[s];
    if (!name || name.startsWith('$') || seen.has(name)) continue;
    const [from, to] = fn.slotScopes[s] ?? [0, fn.code.length];
    if (fr.pc < from || fr.pc > to) continue;
    seen.add(name);
    const watch: WatchTarget | undefined = key && {
      kind: 'local', lwp: key, depth: u.frames.length - userIndex, fn: fr.fn, fnName: fn.name, slot: s, name,
    };
    out.push({ name, value: scenarioValue(k, l.l_proc.p_vmspace, fr.locals[s]), watch });
  }
  out.reverse();
  out.push({ name: 'errno', value: { type: 'int', value: BigInt(u.errno), display: `${u.errno}${u.errno ? ` (${k.abi.errnoName(u.errno) ?? '?'})` : ''}` } });
  return out;
}

/** Slot of a visible local by name, for evaluation and Set Value. */
export function localSlot(prog: CompiledScenario, l: Lwp, userIndex: number, name: string): number | undefined {
  const u = userState(l);
  const fr = u?.frames[u.frames.length - 1 - userIndex];
  if (!fr) return undefined;
  const fn = prog.fns[fr.fn];
  for (let s = fn.slotNames.length - 1; s >= 0; s--) {
    if (fn.slotNames[s] !== name) continue;
    const [from, to] = fn.slotScopes[s] ?? [0, fn.code.length];
    if (fr.pc >= from && fr.pc <= to) return s;
  }
  return undefined;
}
