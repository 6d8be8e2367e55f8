// continue, next, stepIn, stepOut, stepBack, reverseContinue, pause, terminateThreads, cancel.
// Forward runs answer at once and report the stop by events; backward runs replay
// synchronously (bounded by the checkpoint interval) and then report.

import type { SessionContext } from '../context';
import type { Stop } from '../engine/engine';
import type { StepKind, StepRequest } from '../engine/plans';
import type { LwpKey, SimEvent } from '../engine/sim-host';
import { ErrorIds, DapError, type Routes } from './route';

function sameLwp(a: LwpKey | null, b: LwpKey | null): boolean {
  return a !== null && b !== null && a.gen === b.gen && a.pid === b.pid && a.lid === b.lid;
}

function stepRequest(ctx: SessionContext, kind: StepKind, args: Record<string, unknown>): StepRequest {
  ctx.requireStopped();
  if (ctx.status === 'running') throw new DapError(ErrorIds.running, 'The machine is running: pause it first');
  if (ctx.status === 'terminated') throw new DapError(ErrorIds.terminated, 'The machine has stopped for good: restart to run again');
  const lwp = args.threadId === undefined ? ctx.currentLwp() : ctx.lwpOfThread(args.threadId);
  const host = ctx.requireHost();
  const depth = lwp ? host.frames(lwp).filter((f) => f.kind === 'user').length : 0;
  const ev = ctx.stop?.event;
  const inKernel = !!ev && sameLwp(ctx.stop?.lwp ?? null, lwp) && (ev.kind === 'kernelPoint' || ev.kind === 'syscallEnter');
  const g = args.granularity;
  const granularity = g === 'instruction' || g === 'line' ? g : 'statement';
  const singleThread = args.singleThread === true;
  if (singleThread && !lwp) throw new DapError(ErrorIds.unknownThread, 'singleThread needs a thread');
  const step: StepRequest = { kind, lwp, depth, inKernel, granularity, singleThread };
  if (kind === 'stepIn' && args.targetId !== undefined) {
    const t = typeof args.targetId === 'number' ? ctx.stepTargets.get(args.targetId) : undefined;
    if (!t) throw new DapError(ErrorIds.badArguments, `Unknown step-in target ${String(args.targetId)}: ask stepInTargets again at this stop`);
    if (!sameLwp(t.lwp, lwp)) throw new DapError(ErrorIds.badArguments, `Step-in target ${args.targetId} belongs to another thread`);
    step.target = { site: t.site, name: t.name };
  }
  return step;
}

function runLater(ctx: SessionContext, step: StepRequest): void {
  setImmediate(() => void ctx.run(step).catch((e: unknown) => ctx.output(`ksim: ${String(e)}`, 'stderr')));
}

/** Starts a forward run (answered at once; the stop comes as an event). */
export function startForward(ctx: SessionContext, kind: StepKind, args: Record<string, unknown>): StepRequest {
  const step = stepRequest(ctx, kind, args);
  ctx.status = 'running';
  runLater(ctx, step);
  return step;
}

function forward(kind: StepKind) {
  return (ctx: SessionContext, args: Record<string, unknown>) => {
    const step = startForward(ctx, kind, args);
    return kind === 'continue' ? { allThreadsContinued: !step.singleThread } : undefined;
  };
}

/** Replays to `target` and reports the stop there (or at the start when there is none). */
function travelTo(ctx: SessionContext, target: number | undefined, stop: Stop): void {
  const engine = ctx.requireEngine();
  if (target === undefined) {
    engine.rewindToStart();
    const first = engine.runToEnd({
      check: (e) => (e.kind === 'statement' ? { reason: 'entry', description: 'Reached the beginning of the run', lwp: e.lwp, event: e } : undefined),
    });
    ctx.reportStop(first ?? { reason: 'entry', description: 'Reached the beginning of the run', lwp: null, event: null });
    ctx.stateChanged('stepBack');
    return;
  }
  ctx.reportStop(engine.goTo(target, stop));
  ctx.stateChanged('stepBack');
}

export const executionRoutes: Routes = {
  continue: forward('continue'),
  next: forward('next'),
  stepIn: forward('stepIn'),
  stepOut: forward('stepOut'),

  stepBack(ctx, args) {
    const step = stepRequest(ctx, 'next', args);
    const engine = ctx.requireEngine();
    const wantKernel = step.granularity === 'instruction' && step.inKernel;
    // Back from a generation's first statement crosses the reboot: any statement of an earlier
    // generation is the previous one (the statement that rebooted).
    const gen = step.lwp?.gen ?? 0;
    const match = (e: SimEvent): boolean =>
      (e.kind === 'statement' && e.lwp.gen < gen) ||
      ('lwp' in e && sameLwp(e.lwp, step.lwp) && (e.kind === 'statement' || (wantKernel && e.kind === 'kernelPoint')));
    const target = engine.findLast(engine.pos, match);
    travelTo(ctx, target, { reason: 'step', description: 'Stepped back', lwp: step.lwp, event: null });
    return undefined;
  },

  reverseContinue(ctx) {
    const engine = ctx.requireStopped();
    const host = ctx.requireHost();
    const matcher = ctx.bps.reverseMatcher(host);
    const target = engine.findLast(engine.pos, (e, pos) => matcher.match(e, pos), () => matcher.restart());
    const why = target === undefined ? undefined : matcher.why(target);
    const reason = why !== undefined && !why.startsWith('Breakpoint') ? 'data breakpoint' : 'breakpoint';
    travelTo(ctx, target, { reason, description: why ?? 'Breakpoint (reverse)', lwp: null, event: null });
    return undefined;
  },

  pause(ctx) {
    ctx.engine?.pause(ctx.status === 'running');
    return undefined;
  },

  cancel(ctx) {
    ctx.engine?.pause(ctx.status === 'running');
    return undefined;
  },

  terminateThreads(ctx, args) {
    const engine = ctx.requireStopped();
    const ids = Array.isArray(args.threadIds) ? args.threadIds : [];
    const done: string[] = [];
    for (const id of ids) {
      const lwp = ctx.lwpOfThread(id);
      const r = engine.applyPatch({ kind: 'terminateLwp', lwp });
      done.push(r.message);
    }
    for (const m of done) ctx.output(`ksim: ${m}`);
    ctx.resetHandles();
    ctx.syncThreads();
    ctx.invalidate(['threads', 'stacks', 'variables']);
    ctx.stateChanged('syscall');
    return undefined;
  },
};
