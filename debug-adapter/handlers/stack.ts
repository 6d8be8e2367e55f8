// threads, stackTrace (paged by startFrame/levels), source (kernel files by sourceReference).

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { stackOf } from '../kernel-frames';
import { sourceOfReference } from '../kernel-sources';
import { generationOfReference, generationText, kernelFileSource, loadedSources } from '../loaded-sources';
import type { SimFrame } from '../engine/sim-host';
import { DapError, ErrorIds, type Routes } from './route';

export function threadName(pid: number, lid: number, name: string): string {
  return name ? `${pid}.${lid} ${name}` : `${pid}.${lid}`;
}

export function frameSource(f: SimFrame): DebugProtocol.Source | undefined {
  if (!f.file) return undefined;
  if (f.kind === 'kernel') return kernelFileSource(f.file);
  return { name: path.basename(f.file), path: f.file };
}

export const stackRoutes: Routes = {
  threads(ctx) {
    const host = ctx.host;
    if (!host) return { threads: [] };
    const gen = host.generation();
    const threads: DebugProtocol.Thread[] = [];
    for (const l of host.threadList()) {
      threads.push({ id: ctx.threads.id({ gen, pid: l.pid, lid: l.lid }), name: threadName(l.pid, l.lid, l.name) });
    }
    return { threads };
  },

  stackTrace(ctx, args) {
    const lwp = ctx.lwpOfThread(args.threadId);
    const all = stackOf(ctx, lwp);
    const start = typeof args.startFrame === 'number' && args.startFrame > 0 ? args.startFrame : 0;
    const levels = typeof args.levels === 'number' && args.levels > 0 ? args.levels : all.length;
    const page = all.slice(start, start + levels);
    const stackFrames: DebugProtocol.StackFrame[] = page.map((f) => {
      const id = ctx.frameId({ lwp, kind: f.kind, userIndex: f.userIndex ?? 0, name: f.name });
      const sf: DebugProtocol.StackFrame = { id, name: f.name, line: f.line, column: f.column || 1, source: frameSource(f) };
      if (f.kind === 'kernel') sf.presentationHint = 'normal';
      return sf;
    });
    return { stackFrames, totalFrames: all.length };
  },

  stepInTargets(ctx, args) {
    const frame = typeof args.frameId === 'number' ? ctx.frames.get(args.frameId) : undefined;
    if (!frame) throw new DapError(ErrorIds.unknownReference, `Unknown frame ${String(args.frameId)}`, false);
    // Only the innermost scenario frame is about to make calls; an outer one is inside its call.
    if (frame.kind !== 'user' || frame.userIndex !== 0) return { targets: [] };
    const found = ctx.requireHost().stepInTargets(frame.lwp);
    const labels = found.map((t) => (t.written === t.name ? t.name : `${t.written} → ${t.name}`) + (t.kind === 'fn' ? '()' : ''));
    const targets: DebugProtocol.StepInTarget[] = found.map((t, i) => {
      const twice = labels.filter((l) => l === labels[i]).length > 1;
      return {
        id: ctx.stepTargetId({ site: t.site, name: t.name, lwp: frame.lwp }),
        label: twice ? `${labels[i]} (column ${t.column})` : labels[i],
        line: t.line, column: t.column,
      };
    });
    return { targets };
  },

  source(ctx, args) {
    const src = args.source as DebugProtocol.Source | undefined;
    const ref = (typeof args.sourceReference === 'number' ? args.sourceReference : 0) || (typeof src?.sourceReference === 'number' ? src.sourceReference : 0);
    const gen = generationOfReference(ref);
    if (gen !== null) {
      const row = ctx.host?.generations().find((g) => g.id === gen);
      if (!row) throw new DapError(ErrorIds.unknownReference, `Generation ${gen} is not in this session's history (stepped back before it booted, or restarted)`);
      return { content: generationText(row), mimeType: 'text/plain' };
    }
    const byRef = sourceOfReference(ref);
    if (byRef) return { content: byRef.text, mimeType: 'text/x-typescript' };
    throw new DapError(ErrorIds.unknownReference, `No source for reference ${ref}`);
  },

  loadedSources(ctx) {
    return { sources: loadedSources(ctx.launchArgs?.program ?? null, ctx.host?.generations() ?? []) };
  },
};
