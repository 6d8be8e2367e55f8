// scopes, variables (paged), setVariable, setExpression (Set Value on a watch).

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext } from '../context';
import type { LwpKey, NamedValue } from '../engine/sim-host';
import { childrenOf, toVariable, wantsHex } from '../values';
import { kernelScope } from '../kernel-scope';
import { DapError, ErrorIds, type Routes } from './route';

function named(ctx: SessionContext, get: () => NamedValue[], settable?: { lwp: LwpKey; frame: number }): number {
  return ctx.refs.create({ kind: 'named', get, settable });
}

export const variableRoutes: Routes = {
  scopes(ctx, args) {
    const host = ctx.requireHost();
    const frame = typeof args.frameId === 'number' ? ctx.frames.get(args.frameId) : undefined;
    // A frame id from before the last stop or invalidation: VS Code asks for it while it
    // refreshes, so the error answers the request without a notification to the user.
    if (!frame) throw new DapError(ErrorIds.unknownReference, `Unknown frame ${String(args.frameId)}`, false);
    const { lwp } = frame;
    const scopes: DebugProtocol.Scope[] = [];
    if (frame.kind === 'user') {
      scopes.push({ name: 'Locals', presentationHint: 'locals', variablesReference: named(ctx, () => host.locals(lwp, frame.userIndex), { lwp, frame: frame.userIndex }), expensive: false });
    }
    const sc = host.syscall(lwp);
    if (sc) {
      scopes.push({
        name: sc.inProgress ? `Syscall ${sc.name}` : `Last syscall ${sc.name}`, presentationHint: 'arguments', expensive: false,
        variablesReference: named(ctx, () => {
          const out: NamedValue[] = [...sc.args];
          if (sc.result) {
            out.push({ name: 'return', value: { type: 'int', value: sc.result.ret } });
            out.push({
              name: 'errno',
              value: sc.result.errno === 0 ? { type: 'int', value: 0n, display: '0' } : {
                type: 'int', value: BigInt(sc.result.errno),
                display: `${sc.result.errnoName ?? sc.result.errno}${sc.result.errnoMeaning ? ` (${sc.result.errnoMeaning})` : ''}`,
              },
            });
          }
          return out;
        }),
      });
    }
    const rp = host.resumePoint(lwp);
    if (rp) {
      scopes.push({ name: `Kernel: sleeping in ${rp.name}`, variablesReference: named(ctx, () => rp.locals), expensive: false });
    }
    scopes.push({ name: `LWP ${lwp.pid}.${lwp.lid}`, variablesReference: named(ctx, () => host.lwpFields(lwp) ?? [], { lwp, frame: -1 }), expensive: false });
    scopes.push({ name: `Process ${lwp.pid}`, variablesReference: named(ctx, () => host.processFields(lwp.pid) ?? []), expensive: false });
    scopes.push({ name: 'Kernel', variablesReference: named(ctx, () => kernelScope(host)), expensive: true });
    return { scopes };
  },

  variables(ctx, args) {
    const ref = typeof args.variablesReference === 'number' ? args.variablesReference : 0;
    const c = ctx.refs.get(ref);
    if (!c) return { variables: [] };
    const start = typeof args.start === 'number' ? args.start : 0;
    const count = typeof args.count === 'number' && args.count > 0 ? args.count : undefined;
    return { variables: childrenOf(ctx, c, start, count, wantsHex(ctx, args)) };
  },

  setVariable(ctx, args) {
    const engine = ctx.requireStopped();
    const name = typeof args.name === 'string' ? args.name : '';
    const value = typeof args.value === 'string' ? args.value : '';
    const ref = typeof args.variablesReference === 'number' ? args.variablesReference : 0;
    const c = ctx.refs.get(ref);
    if (!c || c.kind !== 'named' || !c.settable) throw new DapError(ErrorIds.unknownReference, 'Only locals and LWP fields can be set');
    const { lwp, frame } = c.settable;
    const r = engine.applyPatch({ kind: 'setVariable', lwp, frame, path: [name], value });
    if (r.ok === false) throw new DapError(ErrorIds.badArguments, r.message);
    const now = c.get().find((n) => n.name === name);
    ctx.invalidate(['variables']);
    ctx.stateChanged('variableSet');
    return { value: now ? toVariable(ctx, now, wantsHex(ctx, args)).value : r.message };
  },

  setExpression(ctx, args) {
    const engine = ctx.requireStopped();
    const expression = typeof args.expression === 'string' ? args.expression.trim() : '';
    const value = typeof args.value === 'string' ? args.value : '';
    if (!expression) throw new DapError(ErrorIds.badArguments, "'expression' must be a non-empty string");
    const f = typeof args.frameId === 'number' ? ctx.frames.get(args.frameId) : undefined;
    if (args.frameId !== undefined && !f) throw new DapError(ErrorIds.unknownReference, `Unknown frame ${String(args.frameId)}`);
    const lwp = f ? f.lwp : ctx.currentLwp();
    const frame = f && f.kind === 'user' ? f.userIndex : 0;
    const r = engine.applyPatch({ kind: 'setExpression', lwp, frame, expression, value });
    if (r.ok === false) throw new DapError(ErrorIds.badArguments, r.message);
    ctx.invalidate(['variables']);
    ctx.stateChanged('variableSet');
    const now = ctx.requireHost().evaluate(expression, lwp, frame);
    if (!now.ok) return { value: r.message };
    const v = toVariable(ctx, { name: expression, value: now.value }, wantsHex(ctx, args));
    return { value: v.value, type: v.type, variablesReference: v.variablesReference, indexedVariables: v.indexedVariables };
  },
};
