// The breakpoints the user set, and how an event is matched against them: line breakpoints on
// statements, function breakpoints on syscalls and kernel points, exception filters, data
// breakpoints on LWP fields and physical memory. Conditions, hit counts and logpoints too.

import type { Stop } from './engine';
import { truthy, type DebugValue, type LwpKey, type SimEvent, type SimHost, type WatchTarget } from './sim-host';

interface Conditions {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
}

export interface LineBreakpoint extends Conditions {
  id: number;
  file: string;
  line: number;
}

export interface FunctionBreakpoint extends Conditions {
  id: number;
  name: string;
  kind: 'syscall' | 'kernel';
}

export interface DataBreakpoint {
  id: number;
  dataId: string;
  watch: WatchTarget;
  description: string;
  last: string | undefined;
  condition?: string;
  hitCondition?: string;
  hits: number;
}

export interface ExceptionSettings {
  /** null: any errno; otherwise the errno names that stop. */
  syscallFails: Set<string> | null | false;
  expectFails: boolean;
  panic: boolean;
  kexecReboot: boolean;
}

/** Sends logpoint output (only the first time an event runs). */
export type LogSink = (text: string, e: SimEvent) => void;

export class Breakpoints {
  private nextId = 1;
  private lines = new Map<string, Map<number, LineBreakpoint>>();
  private functions = new Map<string, FunctionBreakpoint>();
  private data: DataBreakpoint[] = [];
  exceptions: ExceptionSettings = { syscallFails: false, expectFails: true, panic: true, kexecReboot: false };

  newId(): number {
    return this.nextId++;
  }

  setLines(file: string, bps: LineBreakpoint[]): void {
    const m = new Map<number, LineBreakpoint>();
    for (const bp of bps) m.set(bp.line, bp);
    if (m.size === 0) this.lines.delete(file);
    else this.lines.set(file, m);
  }

  setFunctions(bps: FunctionBreakpoint[]): void {
    this.functions = new Map(bps.map((b) => [b.name, b]));
  }

  setData(bps: DataBreakpoint[]): void {
    this.data = bps;
  }

  get hasData(): boolean {
    return this.data.length > 0;
  }

  /** Whether a data breakpoint is set with this dataId (the Variables view marks the value). */
  watches(dataId: string): boolean {
    return this.data.some((d) => d.dataId === dataId);
  }

  /** Re-reads watched values (after any stop, step back or patch). */
  refreshData(host: SimHost): void {
    for (const d of this.data) d.last = host.watchValue(d.watch);
  }

  /** The stop this event causes, if any; logpoints print and never stop. */
  check(host: SimHost, e: SimEvent, fresh: boolean, log: LogSink): Stop | undefined {
    switch (e.kind) {
      case 'statement': {
        const bp = this.lines.get(e.file)?.get(e.line);
        if (bp && this.passes(host, bp, e.lwp, e, fresh, log)) {
          return { reason: 'breakpoint', description: `Breakpoint at line ${e.line}`, lwp: e.lwp, event: e, hitBreakpointIds: [bp.id] };
        }
        break;
      }
      case 'syscallEnter': {
        const bp = this.functions.get(e.name);
        if (bp && this.passes(host, bp, e.lwp, e, fresh, log)) {
          return { reason: 'function breakpoint', description: `Syscall ${e.name}`, lwp: e.lwp, event: e, hitBreakpointIds: [bp.id] };
        }
        break;
      }
      case 'kernelPoint': {
        const bp = this.functions.get(e.fn);
        if (bp && bp.kind === 'kernel' && this.passes(host, bp, e.lwp, e, fresh, log)) {
          return { reason: 'function breakpoint', description: `Kernel function ${e.fn}`, lwp: e.lwp, event: e, hitBreakpointIds: [bp.id] };
        }
        break;
      }
      case 'syscallExit': {
        const f = this.exceptions.syscallFails;
        if (f !== false && e.errno !== 0 && (f === null || (e.errnoName !== null && f.has(e.errnoName)))) {
          return {
            reason: 'exception', description: `${e.name} failed: ${e.errnoName ?? e.errno}`,
            text: `${e.name} returned ${e.ret} with errno ${e.errnoName ?? e.errno}`, lwp: e.lwp, event: e,
          };
        }
        break;
      }
      case 'expectFailed':
        if (this.exceptions.expectFails) {
          return { reason: 'exception', description: 'Expectation failed', text: e.message, lwp: e.lwp, event: e };
        }
        break;
      case 'panic':
        if (this.exceptions.panic) {
          return { reason: 'exception', description: 'Kernel panic', text: e.message, lwp: e.lwp, event: e };
        }
        break;
      case 'reboot':
        if (e.kexec && this.exceptions.kexecReboot) {
          return { reason: 'exception', description: 'kexec reboot', text: `reboot(${e.howto}): about to enter the staged kernel`, lwp: e.lwp, event: e };
        }
        break;
      default:
        break;
    }
    if (this.data.length > 0) return this.checkData(host, e);
    return undefined;
  }

  /**
   * For reverse continue: a matcher over the events of a replayed stretch that also sees data
   * breakpoints, which need the watched values from one event to the next. `restart()` takes
   * the values at the start of each replayed stretch; `why(pos)` says what matched there.
   */
  reverseMatcher(host: SimHost): { restart(): void; match(e: SimEvent, pos: number): boolean; why(pos: number): string | undefined } {
    let last: (string | undefined)[] = [];
    const reasons = new Map<number, string>();
    return {
      restart: () => {
        last = this.data.map((d) => host.watchValue(d.watch));
      },
      match: (e, pos) => {
        let hit = this.wouldStop(host, e);
        if (hit) reasons.set(pos, 'Breakpoint (reverse)');
        this.data.forEach((d, i) => {
          const now = host.watchValue(d.watch);
          if (now === last[i]) return;
          reasons.set(pos, `${d.description} changed (reverse): ${last[i] ?? '(none)'} → ${now ?? '(gone)'}`);
          last[i] = now;
          hit = true;
        });
        return hit;
      },
      why: (pos) => reasons.get(pos),
    };
  }

  /** Whether an event matches a breakpoint, without counting hits or logging (reverse runs). */
  wouldStop(host: SimHost, e: SimEvent): boolean {
    switch (e.kind) {
      case 'statement': {
        const bp = this.lines.get(e.file)?.get(e.line);
        return !!bp && bp.logMessage === undefined && conditionHolds(host, bp.condition, e.lwp);
      }
      case 'syscallEnter': {
        const bp = this.functions.get(e.name);
        return !!bp && conditionHolds(host, bp.condition, e.lwp);
      }
      case 'kernelPoint': {
        const bp = this.functions.get(e.fn);
        return !!bp && bp.kind === 'kernel' && conditionHolds(host, bp.condition, e.lwp);
      }
      case 'syscallExit': {
        const f = this.exceptions.syscallFails;
        return f !== false && e.errno !== 0 && (f === null || (e.errnoName !== null && f.has(e.errnoName)));
      }
      case 'expectFailed': return this.exceptions.expectFails;
      case 'panic': return this.exceptions.panic;
      case 'reboot': return e.kexec && this.exceptions.kexecReboot;
      default: return false;
    }
  }

  private checkData(host: SimHost, e: SimEvent): Stop | undefined {
    if (e.kind === 'statement' && this.data.every((d) => d.watch.kind === 'phys')) return undefined;
    for (const d of this.data) {
      const now = host.watchValue(d.watch);
      if (now === d.last) continue;
      const before = d.last;
      d.last = now;
      d.hits++;
      if (d.hitCondition && !hitConditionHolds(d.hitCondition, d.hits)) continue;
      const lwp = d.watch.kind === 'phys' ? ('lwp' in e ? e.lwp : null) : d.watch.lwp;
      return {
        reason: 'data breakpoint',
        description: `${d.description} changed: ${before ?? '(none)'} → ${now ?? '(gone)'}`,
        lwp, event: e, hitBreakpointIds: [d.id],
      };
    }
    return undefined;
  }

  private passes(host: SimHost, bp: Conditions, lwp: LwpKey | null, e: SimEvent, fresh: boolean, log: LogSink): boolean {
    if (bp.condition) {
      const r = host.evaluate(bp.condition, lwp, 0);
      if (!r.ok || !truthy(r.value)) return false;
    }
    bp.hits++;
    if (bp.hitCondition && !hitConditionHolds(bp.hitCondition, bp.hits)) return false;
    if (bp.logMessage !== undefined) {
      if (fresh) log(interpolate(host, bp.logMessage, lwp), e);
      return false;
    }
    return true;
  }
}

function conditionHolds(host: SimHost, condition: string | undefined, lwp: LwpKey | null): boolean {
  if (!condition) return true;
  const r = host.evaluate(condition, lwp, 0);
  return r.ok && truthy(r.value);
}

/** `5`, `== 5`, `>= 5`, `> 5`, `< 5`, `<= 5`, `% 5`. */
export function hitConditionHolds(cond: string, hits: number): boolean {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return hits >= n;
    case '>': return hits > n;
    case '<': return hits < n;
    case '<=': return hits <= n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits === n;
  }
}

export function isValidHitCondition(cond: string): boolean {
  return /^\s*(==|>=|<=|>|<|%)?\s*\d+\s*$/.test(cond);
}

/** Replaces `{expr}` in a logpoint message by the expression's value. */
export function interpolate(host: SimHost, message: string, lwp: LwpKey | null): string {
  return message.replace(/\{([^{}]+)\}/g, (_m, expr: string) => {
    const r = host.evaluate(expr, lwp, 0);
    return r.ok ? renderShort(r.value) : `<${r.message}>`;
  });
}

export function renderShort(v: DebugValue): string {
  switch (v.type) {
    case 'int': return v.display ?? v.value.toString();
    case 'string': return JSON.stringify(v.value);
    case 'bool': return String(v.value);
    case 'null': return 'null';
    case 'text': return v.display;
    case 'bytes': return `bytes[${v.length}]`;
    case 'list': return v.summary;
    case 'record': return v.summary;
  }
}

/** Parses an errno condition such as `EINVAL || EBUSY` (also `errno == EINVAL`). */
export function parseErrnoCondition(cond: string | undefined): Set<string> | null {
  if (!cond || !cond.trim()) return null;
  const names = cond.match(/\bE[A-Z0-9]+\b/g) ?? [];
  return names.length ? new Set(names) : null;
}
