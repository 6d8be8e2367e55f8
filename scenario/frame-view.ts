// A read-only view of an LWP's scenario frames, for the debugger's stack and Variables views.
import type { Lwp } from '../kernel/kern/state';
import type { CompiledScenario } from './bytecode';
import { locationPc, type UserState } from './runtime/user-state';
import { statementAt } from './source-map';
import type { Value } from './values';

export interface UserFrameView {
  /** 0 = innermost. */
  index: number;
  fn: number;
  name: string;
  kind: 'fn' | 'process' | 'program';
  line: number;
  col: number;
  /** A signal handler's frame (pushed by the kernel's sendsig). */
  signalHandler: boolean;
}

/** The LWP's user state, or null when it has none (not a scenario LWP, or not started). */
export function userStateOf(l: Lwp): UserState | null {
  const u = l.l_user as unknown as UserState | null;
  return u !== null && typeof u === 'object' && Array.isArray(u.frames) ? u : null;
}

/** Scenario frames, innermost first. */
export function userFrames(p: CompiledScenario, l: Lwp): UserFrameView[] {
  const u = userStateOf(l);
  if (!u) return [];
  const out: UserFrameView[] = [];
  for (let i = u.frames.length - 1; i >= 0; i--) {
    const fr = u.frames[i];
    const fn = p.fns[fr.fn];
    const at = statementAt(p, fr.fn, locationPc(u, fr));
    out.push({
      index: u.frames.length - 1 - i, fn: fr.fn, name: fn.name, kind: fn.kind,
      line: at?.line ?? fn.line, col: at?.col ?? fn.col, signalHandler: fr.sig !== null,
    });
  }
  return out;
}

/** The variables in scope in frame `index` (0 = innermost), in declaration order, then errno. */
export function frameLocals(p: CompiledScenario, l: Lwp, index: number): { name: string; value: Value }[] {
  const u = userStateOf(l);
  if (!u) return [];
  const fr = u.frames[u.frames.length - 1 - index];
  if (!fr) return [];
  const fn = p.fns[fr.fn];
  const pc = Math.max(0, locationPc(u, fr) - 1);
  const seen = new Map<string, number>();
  fn.slotNames.forEach((name, slot) => {
    const [from, to] = fn.slotScopes[slot];
    // Parameters are in scope from the start; a let from its STORE on; hidden slots never.
    if (name.startsWith('(')) return;
    if (slot >= fn.nparams && (pc < from || (to >= 0 && pc >= to))) return;
    seen.set(name, slot);
  });
  const out = [...seen.entries()].map(([name, slot]) => ({ name, value: fr.locals[slot] }));
  out.push({ name: 'errno', value: u.errno });
  return out;
}
