// Boots view: every generation so far and how it ended (kexec, reboot, halt, power-off,
// panic), from `GenerationsResponse`.

import { ViewItems, type GenerationEnd, type GenerationImage, type GenerationRow, type GenerationsResponse } from '../../debug-adapter/contract';
import { field, nanos, type NodeIcon, type TreeNode } from './nodes';

export const END_ICONS: Readonly<Record<GenerationEnd, NodeIcon>> = {
  running: { id: 'play-circle', color: 'charts.green' },
  kexec: { id: 'rocket', color: 'charts.blue' },
  crash_kexec: { id: 'flame', color: 'errorForeground' },
  kexec_jump: { id: 'debug-step-into', color: 'charts.blue' },
  reboot: { id: 'debug-restart' },
  halt: { id: 'debug-stop' },
  poweroff: { id: 'circle-slash' },
  panic: { id: 'error', color: 'errorForeground' },
};

export const END_TEXT: Readonly<Record<GenerationEnd, string>> = {
  running: 'running',
  kexec: 'ended by a kexec reboot',
  crash_kexec: 'panicked; the crash kernel booted',
  kexec_jump: 'jumped to a kexec image (KEXEC_PRESERVE_CONTEXT)',
  reboot: 'ended by a reboot',
  halt: 'halted',
  poweroff: 'powered off',
  panic: 'panicked',
};

/** The image's own facts; the power-on kernel has only its banner, which is shown already. */
function imageFields(id: string, image: GenerationImage): TreeNode[] {
  if (image.format === 'power-on') return [];
  const out = [field(id, 'image', image.version && image.version !== image.format ? `${image.format}, ${image.version}` : image.format)];
  out.push(field(id, 'entry', image.entry));
  if (image.init) out.push(field(id, 'init', image.init));
  if (image.cmdline) out.push(field(id, 'cmdline', image.cmdline));
  return out;
}

function generationNode(row: GenerationRow, current: number): TreeNode {
  // A detail that only repeats how the generation ended says nothing more.
  const g = row.detail === row.ended ? { ...row, detail: null } : row;
  const id = `gen/${g.id}`;
  const children: TreeNode[] = [
    field(id, 'banner', g.banner),
    field(id, 'abi', g.abi),
    field(id, 'booted at', nanos(g.bootedAt)),
  ];
  if (g.endedAt !== null) children.push(field(id, 'ended at', nanos(g.endedAt)));
  children.push(field(id, 'ended', END_TEXT[g.ended]));
  if (g.detail) children.push(field(id, 'detail', g.detail));
  children.push(...imageFields(id, g.image));
  return {
    id,
    label: `generation ${g.id}${g.crash ? ' (crash kernel)' : ''}${g.id === current ? ' ◀' : ''}`,
    description: `${g.banner} · ${END_TEXT[g.ended]}${g.detail ? ` (${g.detail})` : ''}`,
    tooltip: `**generation ${g.id}**: ${g.banner} (${g.abi})\n\nbooted at ${nanos(g.bootedAt)}, ${END_TEXT[g.ended]}${g.endedAt ? ` at ${nanos(g.endedAt)}` : ''}${g.detail ? `: ${g.detail}` : ''}`,
    icon: END_ICONS[g.ended],
    contextValue: ViewItems.generation,
    collapsed: 'collapsed',
    children,
  };
}

export function bootsTreeNodes(r: GenerationsResponse | undefined): TreeNode[] {
  if (!r) return [];
  return [...r.generations].sort((a, b) => a.id - b.id).map((g) => generationNode(g, r.current));
}
