// setBreakpoints, breakpointLocations, setFunctionBreakpoints, setExceptionBreakpoints,
// exceptionInfo, dataBreakpointInfo, setDataBreakpoints.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { ExceptionFilters } from '../contract';
import { isValidHitCondition, parseErrnoCondition, renderShort, type DataBreakpoint, type FunctionBreakpoint, type LineBreakpoint } from '../engine/breakpoints';
import type { WatchTarget } from '../engine/sim-host';
import { decodeWatch, describeWatch, encodeWatch } from '../engine/watch-ids';
import { DapError, ErrorIds, requireArray, type Routes } from './route';
import { kernelFramesOfStop } from '../kernel-frames';

/**
 * The syscall that libc's `name` enters when the kernel only knows it by a versioned name
 * (NetBSD's `__NAME` + version: `_lwp_park` is `___lwp_park60`); undefined when `name` is itself
 * a syscall or no versioned syscall matches.
 */
export function libcAlias(name: string, syscalls: readonly string[]): string | undefined {
  if (syscalls.includes(name)) return undefined;
  return syscalls.find((s) => s.startsWith(`__${name}`) && /^\d+$/.test(s.slice(name.length + 2)));
}

/** The statement line nearest to `line` at or after it (else before it). */
export function nearestStatement(lines: number[], line: number): number | undefined {
  let after: number | undefined;
  let before: number | undefined;
  for (const l of lines) {
    if (l >= line && (after === undefined || l < after)) after = l;
    if (l < line && (before === undefined || l > before)) before = l;
  }
  return after ?? before;
}

function sourcePath(args: Record<string, unknown>): string {
  const src = args.source as DebugProtocol.Source | undefined;
  if (!src || typeof src.path !== 'string') throw new DapError(ErrorIds.badArguments, "'source.path' must be a string");
  return src.path;
}

export const breakpointRoutes: Routes = {
  setBreakpoints(ctx, args) {
    const path = sourcePath(args);
    const wanted = requireArray<DebugProtocol.SourceBreakpoint>(args, 'breakpoints', true);
    const lines = ctx.host?.statementLines(path);
    const out: DebugProtocol.Breakpoint[] = [];
    const kept: LineBreakpoint[] = [];
    for (const b of wanted) {
      if (typeof b?.line !== 'number') throw new DapError(ErrorIds.badArguments, "each breakpoint needs a 'line'");
      const id = ctx.bps.newId();
      const line = lines ? nearestStatement(lines, b.line) : b.line;
      if (lines && line === undefined) {
        out.push({ id, verified: false, line: b.line, message: 'No statement in this file' });
        continue;
      }
      if (b.hitCondition && !isValidHitCondition(b.hitCondition)) {
        out.push({ id, verified: false, line: b.line, message: `Hit count '${b.hitCondition}' is not N, >= N, > N, < N, <= N or % N` });
        continue;
      }
      const at = line ?? b.line;
      kept.push({ id, file: path, line: at, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage, hits: 0 });
      out.push({ id, verified: lines !== undefined, line: at, source: { path }, message: lines ? undefined : 'Verified when the scenario loads' });
    }
    ctx.bps.setLines(path, kept);
    return { breakpoints: out };
  },

  breakpointLocations(ctx, args) {
    const path = sourcePath(args);
    const line = typeof args.line === 'number' ? args.line : 1;
    const end = typeof args.endLine === 'number' ? args.endLine : line;
    const lines = ctx.host?.statementLines(path) ?? [];
    return { breakpoints: lines.filter((l) => l >= line && l <= end).map((l) => ({ line: l })) };
  },

  setFunctionBreakpoints(ctx, args) {
    const wanted = requireArray<DebugProtocol.FunctionBreakpoint>(args, 'breakpoints');
    const known = ctx.host?.functionNames();
    const out: DebugProtocol.Breakpoint[] = [];
    const kept: FunctionBreakpoint[] = [];
    for (const b of wanted) {
      if (typeof b?.name !== 'string') throw new DapError(ErrorIds.badArguments, "each function breakpoint needs a 'name'");
      const id = ctx.bps.newId();
      const typed = b.name.trim();
      // libc's name for a versioned syscall (`_lwp_park` for `___lwp_park60`) names the syscall.
      const name = known ? libcAlias(typed, known.syscalls) ?? typed : typed;
      const kind = !known ? 'syscall' : known.syscalls.includes(name) ? 'syscall' : known.kernel.includes(name) ? 'kernel' : null;
      if (kind === null) {
        out.push({ id, verified: false, message: `No syscall or kernel function named '${name}' (try a name from \`ksim syscalls\`, or a kernel function such as lwp_park)` });
        continue;
      }
      kept.push({ id, name, kind, condition: b.condition, hitCondition: b.hitCondition, hits: 0 });
      const alias = name === typed ? '' : ` (libc's ${typed})`;
      out.push({ id, verified: known !== undefined, message: kind === 'kernel' ? `kernel function ${name}` : `syscall ${name}${alias}` });
    }
    ctx.bps.setFunctions(kept);
    return { breakpoints: out };
  },

  setExceptionBreakpoints(ctx, args) {
    const filters = requireArray<string>(args, 'filters', true);
    const options = requireArray<DebugProtocol.ExceptionFilterOptions>(args, 'filterOptions', true);
    const on = new Map<string, string | undefined>();
    for (const f of filters) on.set(f, undefined);
    for (const o of options) on.set(o.filterId, o.condition);
    ctx.bps.exceptions = {
      syscallFails: on.has(ExceptionFilters.syscallFails) ? parseErrnoCondition(on.get(ExceptionFilters.syscallFails)) : false,
      expectFails: on.has(ExceptionFilters.expectationFails),
      panic: on.has(ExceptionFilters.kernelPanic),
      kexecReboot: on.has(ExceptionFilters.kexecReboot),
    };
    return { breakpoints: [...on.keys()].map(() => ({ verified: true })) };
  },

  exceptionInfo(ctx) {
    const stop = ctx.stop;
    if (!stop || stop.reason !== 'exception') throw new DapError(ErrorIds.badArguments, 'Not stopped on an exception');
    const e = stop.event;
    const id = e?.kind === 'syscallExit' ? (e.errnoName ?? `errno ${e.errno}`) : e?.kind === 'panic' ? 'panic' : e?.kind === 'reboot' ? 'kexec'
      : e?.kind === 'expectFailed' ? 'expect' : stop.description === 'Deadlock' ? 'deadlock' : 'error';
    const stack = stop.lwp && ctx.host ? kernelFramesOfStop(ctx, stop.lwp).map((f) => `  at ${f.name} (${f.file ?? '?'}:${f.line})`).join('\n') : undefined;
    let message = stop.text ?? stop.description;
    if (e?.kind === 'syscallExit' && ctx.host && stop.lwp) {
      const sc = ctx.host.syscall(stop.lwp);
      if (sc?.result?.errnoMeaning) message += ` (${sc.result.errnoMeaning})`;
      if (sc) message += `\n${sc.name}(${sc.args.map((a) => `${a.name}=${renderShort(a.value)}`).join(', ')})`;
    }
    const body: DebugProtocol.ExceptionInfoResponse['body'] = {
      exceptionId: id, description: stop.description, breakMode: 'always',
      details: { message, typeName: id, stackTrace: stack },
    };
    return body;
  },

  dataBreakpointInfo(ctx, args) {
    if (args.asAddress === true || typeof args.bytes === 'number') {
      const name = String(args.name ?? '');
      const addr = /^0x[0-9a-f]+$/i.test(name) ? BigInt(name) : /^\d+$/.test(name) ? BigInt(name) : undefined;
      if (addr === undefined) return { dataId: null, description: `'${name}' is not a physical address` };
      const length = typeof args.bytes === 'number' && args.bytes > 0 ? args.bytes : 8;
      const w: WatchTarget = { kind: 'phys', addr, length };
      return { dataId: encodeWatch(w), description: describeWatch(w), accessTypes: ['write'] };
    }
    const ref = typeof args.variablesReference === 'number' ? args.variablesReference : 0;
    const name = String(args.name ?? '');
    const container = ref ? ctx.refs.get(ref) : undefined;
    if (container?.kind === 'named') {
      const v = container.get().find((n) => n.name === name);
      if (v?.watch) return { dataId: encodeWatch(v.watch), description: describeWatch(v.watch), accessTypes: ['write'] };
    }
    return { dataId: null, description: `A data breakpoint cannot watch '${name}': watch a local, an LWP field (l_stat, l_flag, ...) or physical memory` };
  },

  setDataBreakpoints(ctx, args) {
    const wanted = requireArray<DebugProtocol.DataBreakpoint>(args, 'breakpoints');
    const out: DebugProtocol.Breakpoint[] = [];
    const kept: DataBreakpoint[] = [];
    for (const b of wanted) {
      const id = ctx.bps.newId();
      const watch = typeof b?.dataId === 'string' ? decodeWatch(b.dataId) : undefined;
      if (!watch) {
        out.push({ id, verified: false, message: `Unknown data id ${JSON.stringify(b?.dataId)}` });
        continue;
      }
      kept.push({
        id, dataId: b.dataId, watch, description: describeWatch(watch),
        last: ctx.host?.watchValue(watch), condition: b.condition, hitCondition: b.hitCondition, hits: 0,
      });
      out.push({ id, verified: true, message: describeWatch(watch) });
    }
    ctx.bps.setData(kept);
    return { breakpoints: out };
  },
};
