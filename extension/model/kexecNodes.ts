// Kexec view: the normal and the crash image, each with entry, flags, command line, initrd
// and its segments (buf, bufsz, mem, memsz). Built from `KexecImagesResponse`.

import { ViewItems, type KexecImageRow, type KexecImagesResponse, type KexecSegmentRow } from '../../debug-adapter/contract';
import { bytes, field, type TreeNode } from './nodes';

function segmentNode(kind: 'normal' | 'crash', s: KexecSegmentRow): TreeNode {
  const id = `kexec/${kind}/seg${s.index}`;
  const end = BigInt(s.mem) + BigInt(s.memsz);
  return {
    id,
    label: `segment ${s.index}`,
    description: `${s.mem}–0x${end.toString(16)} · ${bytes(s.memsz)}`,
    tooltip: `**segment ${s.index}** of the ${kind} image\n\n- buf: \`${s.buf}\` (${s.bufsz} bytes copied from user memory)\n- mem: \`${s.mem}\` (physical destination)\n- memsz: ${s.memsz} bytes (zero-filled past bufsz)`,
    icon: { id: 'package' },
    contextValue: ViewItems.segment,
    collapsed: 'collapsed',
    segment: { image: kind, index: s.index, mem: s.mem, memsz: s.memsz, memoryReference: s.memoryReference },
    children: [
      field(id, 'buf', s.buf),
      field(id, 'bufsz', `${s.bufsz} (${bytes(s.bufsz)})`),
      field(id, 'mem', s.mem),
      field(id, 'memsz', `${s.memsz} (${bytes(s.memsz)})`),
    ],
  };
}

function imageNode(kind: 'normal' | 'crash', img: KexecImageRow | null): TreeNode {
  const id = `kexec/${kind}`;
  const title = kind === 'normal' ? 'Normal image' : 'Crash image';
  if (!img) {
    return { id, label: title, description: 'nothing staged', icon: { id: 'circle-outline' } };
  }
  const flags = img.flagNames.length ? `${img.flags} (${img.flagNames.join('|')})` : img.flags;
  const children: TreeNode[] = [
    field(id, 'entry', img.entry),
    field(id, 'flags', flags),
    field(id, 'cmdline', img.cmdline ?? 'none'),
    field(id, 'initrd', img.initrdSize === null ? 'none' : `${img.initrdSize} bytes`),
  ];
  if (img.banner) children.push(field(id, 'banner', img.banner));
  if (img.init) children.push(field(id, 'init', img.init));
  children.push({
    id: `${id}/segments`,
    label: 'segments',
    description: `${img.segments.length}`,
    collapsed: 'expanded',
    children: img.segments.map((s) => segmentNode(kind, s)),
  });
  return {
    id,
    label: title,
    description: `entry ${img.entry} · ${img.segments.length} segment${img.segments.length === 1 ? '' : 's'} · ${img.loadedBy}`,
    tooltip: `**${title}** staged by \`${img.loadedBy}\`${img.banner ? `: ${img.banner}` : ''}`,
    icon: { id: kind === 'normal' ? 'rocket' : 'flame', color: kind === 'crash' ? 'charts.red' : undefined },
    contextValue: ViewItems.image,
    collapsed: 'expanded',
    children,
  };
}

export function kexecTreeNodes(r: KexecImagesResponse | undefined): TreeNode[] {
  if (!r) return [];
  return [imageNode('normal', r.normal), imageNode('crash', r.crash)];
}
