// threads, stackTrace (paged by startFrame/levels), source (kernel files by sourceReference).

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import { stackOf } from '../kernel-frames';
import { sourceOfReference, sourceReferenceOf } from '../kernel-sources';
import type { SimFrame } from '../engine/sim-host';
import { DapError, ErrorIds, type Routes } from './route';

export function threadName(pid: number, lid: number, name: string): string {
  return name ? `${pid}.${lid} ${name}` : `${pid}.${lid}`;
}

export function frameSource(f: SimFrame): DebugProtocol.Source | undefined {
  if (!f.file) return undefined;
  if (f.kind === 'kernel') {
    const ref = sourceReferenceOf(f.file);
    return { name: path.basename(f.file), path: f.file, sourceReference: ref || undefined, origin: 'KSim kernel' };
  }
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

  source(ctx, args) {
    const ref = typeof args.sourceReference === 'number' ? args.sourceReference : 0;
    const src = args.source as DebugProtocol.Source | undefined;
    const byRef = sourceOfReference(ref || src?.sourceReference || 0);
    if (byRef) return { content: byRef.text, mimeType: 'text/x-typescript' };
    throw new DapError(ErrorIds.unknownReference, `No source for reference ${ref}`);
  },
};
