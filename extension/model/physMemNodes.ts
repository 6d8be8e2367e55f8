// Physical memory view: the memory map (System RAM, reserved, crash kernel region) with
// the staged kexec segments overlaid under the range each falls in. From `MemoryMapResponse`.

import { ViewItems, type MemoryRangeRow, type MemoryMapResponse } from '../../debug-adapter/contract';
import { bytes, type TreeNode } from './nodes';

const KIND_ICONS: Readonly<Record<string, string>> = {
  'System RAM': 'circuit-board',
  reserved: 'lock',
  'Crash kernel': 'flame',
  'Kernel code': 'file-binary',
  'staged segment': 'package',
};

function rangeText(r: MemoryRangeRow): string {
  return `${r.start}–${r.end}`;
}

function stagedNode(r: MemoryRangeRow): TreeNode {
  const label = `${r.image ?? 'normal'} segment ${r.segment ?? 0}`;
  return {
    id: `mem/staged/${r.image}/${r.segment}/${r.start}`,
    label,
    description: `${rangeText(r)} · ${bytes(r.size)}`,
    tooltip: `**${label}** staged at \`${r.start}\` (${r.size} bytes, end exclusive \`${r.end}\`)`,
    icon: { id: 'package', color: 'charts.purple' },
    contextValue: ViewItems.segment,
    segment: { image: r.image ?? 'normal', index: r.segment ?? 0, mem: r.start, memsz: r.size, memoryReference: r.memoryReference },
  };
}

function inside(inner: MemoryRangeRow, outer: MemoryRangeRow): boolean {
  return BigInt(inner.start) >= BigInt(outer.start) && BigInt(inner.start) < BigInt(outer.end);
}

export function physMemTreeNodes(m: MemoryMapResponse | undefined): TreeNode[] {
  if (!m) return [];
  const ranges = [...m.ranges].filter((r) => r.kind !== 'staged segment').sort((a, b) => (BigInt(a.start) < BigInt(b.start) ? -1 : 1));
  const staged = [...m.staged, ...m.ranges.filter((r) => r.kind === 'staged segment')];
  const placed = new Set<MemoryRangeRow>();
  const nodes: TreeNode[] = ranges.map((r) => {
    // A staged segment goes under the innermost range holding it (crash region before RAM).
    const mine = staged.filter((s) => !placed.has(s) && inside(s, r) && !ranges.some((o) => o !== r && inside(s, o) && inside(o, r) && o.start !== r.start));
    mine.forEach((s) => placed.add(s));
    return {
      id: `mem/${r.kind}/${r.start}`,
      label: r.kind,
      description: `${rangeText(r)} · ${bytes(r.size)}${mine.length ? ` · ${mine.length} staged` : ''}`,
      tooltip: `**${r.kind}** \`${r.start}\`–\`${r.end}\` (end exclusive), ${r.size} bytes`,
      icon: { id: KIND_ICONS[r.kind] ?? 'symbol-array', color: r.kind === 'Crash kernel' ? 'charts.red' : undefined },
      contextValue: ViewItems.memRange,
      collapsed: mine.length ? 'expanded' : undefined,
      children: mine.length ? mine.map(stagedNode) : undefined,
    };
  });
  for (const s of staged) if (!placed.has(s)) nodes.push(stagedNode(s));
  return nodes;
}

/** The line shown above the tree: RAM and what the sparse store really holds. */
export function physMemMessage(m: MemoryMapResponse | undefined): string | undefined {
  if (!m) return undefined;
  return `${bytes(m.totalBytes)} RAM, ${bytes(m.residentBytes)} resident · generation ${m.generation}`;
}
