// The LOADED SCRIPTS view (`loadedSources`, dap-and-vscode.md §2 row 24): the scenario, the
// simulated kernel's own sources, and one entry per boot generation, the kernel image that
// generation runs. A kexec reboot adds an image; stepping back across it removes the image
// again; an image whose generation ends is "changed" (its text says how it ended).

import type { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'node:path';
import type { GenerationRow } from './contract';
import { kernelSources, sourceReferenceOf } from './kernel-sources';

/**
 * sourceReferences of generation images: above every kernel file's (1..N), so the two ranges
 * never meet however many kernel files there are.
 */
export const GENERATION_SOURCE_BASE = 1_000_000;

export const KERNEL_ORIGIN = 'KSim kernel';
export const IMAGE_ORIGIN = 'kernel image';

export function kernelFileSource(file: string): DebugProtocol.Source {
  const ref = sourceReferenceOf(file);
  return { name: path.basename(file), path: file, sourceReference: ref || undefined, origin: KERNEL_ORIGIN };
}

/** The folder the images are listed under: VS Code's view leaves out a source with no path. */
export const IMAGE_FOLDER = 'boots';

export function generationSource(row: GenerationRow): DebugProtocol.Source {
  // The path is a label, never a file (the sourceReference is what the client reads): the
  // banner's slashes would make folders of it, so they become a look-alike.
  const name = `generation ${row.id}${row.crash ? ' (crash kernel)' : ''}: ${row.banner.replace(/[\\/]/g, '\u2215')}`;
  return { name, path: `${IMAGE_FOLDER}/${name}`, sourceReference: GENERATION_SOURCE_BASE + row.id, origin: IMAGE_ORIGIN, presentationHint: 'deemphasize' };
}

/** The generation a sourceReference names, or null when it is not a generation image's. */
export function generationOfReference(ref: number): number | null {
  return ref >= GENERATION_SOURCE_BASE ? ref - GENERATION_SOURCE_BASE : null;
}

const ENDINGS: Record<GenerationRow['ended'], string> = {
  running: 'running',
  kexec: 'ended by reboot(RB_KEXEC) into the staged image',
  crash_kexec: 'panicked; the staged crash kernel booted',
  kexec_jump: 'left by a kexec jump (KEXEC_PRESERVE_CONTEXT)',
  reboot: 'rebooted',
  halt: 'halted',
  poweroff: 'powered off',
  panic: 'panicked with no crash kernel staged',
};

function nsText(ns: string): string {
  return `${ns} ns (virtual time)`;
}

/** What the editor shows for a generation's image: one `field: value` line each. */
export function generationText(row: GenerationRow): string {
  const lines: [string, string][] = [
    ['generation', String(row.id)],
    ['banner', row.banner],
    ['abi', row.abi],
    ['crash kernel', row.crash ? 'yes (booted on panic)' : 'no'],
    ['booted at', nsText(row.bootedAt)],
    ['state', ENDINGS[row.ended]],
  ];
  if (row.endedAt !== null) lines.push(['ended at', nsText(row.endedAt)]);
  if (row.detail !== null && row.detail !== row.ended) lines.push(['detail', row.detail]);
  const image = row.image;
  lines.push(['image', image.format === 'power-on' ? 'the power-on kernel' : image.format]);
  if (image.format !== 'power-on') {
    if (image.version && image.version !== row.banner) lines.push(['version', image.version]);
    lines.push(['entry', image.entry]);
    lines.push(['init', image.init || '(none)']);
    lines.push(['cmdline', image.cmdline || '(none)']);
  }
  const width = Math.max(...lines.map(([k]) => k.length)) + 1;
  return lines.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n') + '\n';
}

/** Everything the view lists: the scenario first, then the images, then the kernel files. */
export function loadedSources(program: string | null, generations: readonly GenerationRow[]): DebugProtocol.Source[] {
  const out: DebugProtocol.Source[] = [];
  if (program) out.push({ name: path.basename(program), path: program });
  for (const g of generations) out.push(generationSource(g));
  for (const file of [...kernelSources().keys()].sort()) out.push(kernelFileSource(file));
  return out;
}

export type LoadedSourceChange = { reason: 'new' | 'changed' | 'removed'; source: DebugProtocol.Source };

/**
 * Remembers which generation images the client was told about and in what state, and says
 * what changed since: the body of each `loadedSource` event to send.
 */
export class GenerationSourceTracker {
  /** By generation: the text last shown and the source it was shown as (removal names it). */
  private known = new Map<number, { text: string; source: DebugProtocol.Source }>();

  sync(rows: readonly GenerationRow[]): LoadedSourceChange[] {
    const changes: LoadedSourceChange[] = [];
    const live = new Set(rows.map((r) => r.id));
    for (const [id, { source }] of [...this.known]) {
      if (!live.has(id)) {
        this.known.delete(id);
        changes.push({ reason: 'removed', source });
      }
    }
    for (const r of rows) {
      const text = generationText(r);
      const before = this.known.get(r.id);
      if (before?.text === text) continue;
      const source = generationSource(r);
      this.known.set(r.id, { text, source });
      changes.push({ reason: before === undefined ? 'new' : 'changed', source });
    }
    return changes;
  }
}
