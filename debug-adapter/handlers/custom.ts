// The custom requests of contract.ts that feed the extension's views and the syscall runner.

import type { SessionContext } from '../context';
import {
  Requests, type LwpTableArguments, type LwpTableResponse, type RunSyscallArguments, type GenerationsResponse,
  type StepLwpKind, type StepLwpResponse, type ValueFormatArguments,
} from '../contract';
import { startForward } from './execution';
import { DapError, ErrorIds, requireNumber, type Routes } from './route';

const STEP_KINDS: readonly StepLwpKind[] = ['next', 'stepIn', 'stepOut', 'continue'];

/** `ksim/stepLwp`: a singleThread step or continue of the LWP `pid.lid`. */
function stepLwp(ctx: SessionContext, args: Record<string, unknown>): StepLwpResponse {
  const pid = requireNumber(args, 'pid');
  const lid = requireNumber(args, 'lid');
  const kind = STEP_KINDS.find((k) => k === args.kind);
  if (!kind) throw new DapError(ErrorIds.badArguments, `'kind' must be one of ${STEP_KINDS.join(', ')}`);
  ctx.requireStopped();
  const host = ctx.requireHost();
  const row = host.threadList().find((t) => t.pid === pid && t.lid === lid);
  if (!row) throw new DapError(ErrorIds.unknownThread, `No live LWP ${pid}.${lid}`);
  const threadId = ctx.threads.id({ gen: host.generation(), pid, lid });
  startForward(ctx, kind, { threadId, singleThread: true, granularity: args.granularity });
  return { threadId, allThreadsContinued: false };
}

function lwpTable(ctx: SessionContext, args: LwpTableArguments): LwpTableResponse {
  const host = ctx.requireHost();
  const gen = host.generation();
  let lwps = host.lwps();
  if (typeof args.pid === 'number') lwps = lwps.filter((l) => l.pid === args.pid);
  const total = lwps.length;
  const start = typeof args.start === 'number' ? args.start : 0;
  const page = typeof args.count === 'number' ? lwps.slice(start, start + args.count) : start ? lwps.slice(start) : lwps;
  const cur = ctx.stop?.lwp;
  const processes = host.processes().filter((p) => typeof args.pid !== 'number' || p.pid === args.pid);
  return {
    generation: gen,
    processes,
    lwps: page.map((l) => ({
      ...l,
      threadId: l.state === 'LSZOMB' ? undefined : ctx.threads.id({ gen, pid: l.pid, lid: l.lid }),
      current: !!cur && cur.gen === gen && cur.pid === l.pid && cur.lid === l.lid,
    })),
    total,
  };
}

function validRunArgs(args: Record<string, unknown>): RunSyscallArguments {
  if (typeof args.name !== 'string' || !Array.isArray(args.args)) {
    throw new DapError(ErrorIds.badArguments, "runSyscall needs 'name' (string) and 'args' (array)");
  }
  return args as unknown as RunSyscallArguments;
}

export const customRoutes: Routes = {
  [Requests.lwps]: (ctx, args) => lwpTable(ctx, args as LwpTableArguments),
  [Requests.kexecImages]: (ctx) => ctx.requireHost().kexecImages(),
  [Requests.memoryMap]: (ctx) => ctx.requireHost().memoryMap(),
  [Requests.generations]: (ctx): GenerationsResponse => {
    const host = ctx.requireHost();
    return { current: host.generation(), generations: host.generations() };
  },
  [Requests.syscallCatalog]: (ctx) => ctx.requireHost().syscallCatalog(),
  [Requests.summary]: (ctx) => {
    const s = ctx.summary();
    if (!s) throw new DapError(ErrorIds.notLaunched, 'No machine is running');
    return s;
  },
  [Requests.stepLwp]: stepLwp,
  [Requests.setValueFormat]: (ctx, args): ValueFormatArguments => {
    if (typeof args.hex !== 'boolean') throw new DapError(ErrorIds.badArguments, "'hex' must be true or false");
    if (ctx.hexValues !== args.hex) {
      ctx.hexValues = args.hex;
      ctx.invalidate(['variables']);
    }
    return { hex: ctx.hexValues };
  },
  [Requests.runSyscall]: (ctx, args) => {
    let run = validRunArgs(args);
    const engine = ctx.requireStopped();
    const host = ctx.requireHost();
    // Default caller: the LWP stopped at a statement (in user mode), else the runner picks.
    const at = ctx.stop;
    if (run.pid === undefined && at?.lwp && at.event?.kind === 'statement' && at.lwp.gen === host.generation()) {
      run = { ...run, pid: at.lwp.pid, lid: at.lwp.lid };
    }
    const before = host.generation();
    const r = engine.applyPatch({ kind: 'runSyscall', args: run });
    if (!r.syscall) throw new DapError(ErrorIds.badArguments, r.message);
    if (r.syscall.output) ctx.output(r.syscall.output, 'stdout');
    ctx.resetHandles();
    ctx.syncThreads();
    ctx.invalidate();
    ctx.stateChanged(host.generation() !== before ? 'kexec' : 'syscall');
    return r.syscall;
  },
};
