// evaluate (hover, watch, repl, clipboard) and completions for the debug console. Hovers and
// watches never change the machine: evaluation is side-effect free in every context.

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext } from '../context';
import { DDB_COMMANDS, runDdb } from '../ddb';
import { renderShort } from '../engine/breakpoints';
import { toVariable, wantsHex } from '../values';
import { DapError, ErrorIds, type Routes } from './route';

function frameContext(ctx: SessionContext, frameId: unknown): { lwp: ReturnType<SessionContext['currentLwp']>; userIndex: number } {
  const f = typeof frameId === 'number' ? ctx.frames.get(frameId) : undefined;
  if (f) return { lwp: f.lwp, userIndex: f.kind === 'user' ? f.userIndex : 0 };
  return { lwp: ctx.currentLwp(), userIndex: 0 };
}

export const consoleRoutes: Routes = {
  evaluate(ctx, args) {
    const expression = typeof args.expression === 'string' ? args.expression : '';
    if (!expression.trim()) throw new DapError(ErrorIds.badArguments, "'expression' must be a non-empty string", false);
    if (args.context === 'repl') {
      const out = runDdb(ctx, expression);
      if (out !== undefined) return { result: out, variablesReference: 0 };
    }
    const host = ctx.requireHost();
    const { lwp, userIndex } = frameContext(ctx, args.frameId);
    const r = host.evaluate(expression, lwp, userIndex);
    if (!r.ok) throw new DapError(ErrorIds.evaluateFailed, r.message, args.context === 'repl');
    const v = toVariable(ctx, { name: expression, value: r.value }, wantsHex(ctx, args));
    const body: DebugProtocol.EvaluateResponse['body'] = {
      result: args.context === 'clipboard' ? renderShort(r.value) : v.value,
      type: v.type, variablesReference: v.variablesReference,
      indexedVariables: v.indexedVariables, memoryReference: v.memoryReference,
    };
    return body;
  },

  completions(ctx, args) {
    const text = typeof args.text === 'string' ? args.text : '';
    const column = typeof args.column === 'number' ? args.column : text.length + 1;
    const before = text.slice(0, column - 1);
    const targets: DebugProtocol.CompletionItem[] = [];
    const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
    if (!before.includes(' ') || /^(show|bt|x\/)/.test(before)) {
      for (const c of DDB_COMMANDS) {
        if (c.startsWith(before) && c !== before) targets.push({ label: c, type: 'keyword', start: 0, length: before.length, text: c });
      }
    }
    const names = ctx.host?.completions(word) ?? [];
    for (const n of names.slice(0, 200)) {
      targets.push({ label: n, type: /^[A-Z_0-9]+$/.test(n) ? 'value' : 'function', start: before.length - word.length, length: word.length });
    }
    return { targets };
  },
};
