// LWPs view: processes, each with its LWPs (id, name, state icon, decoded flags, wait channel,
// CPU, the syscall it is in). Built from `LwpTableResponse`.

import { ViewItems, type LwpRow, type LwpStateName, type LwpTableResponse, type ProcessRow } from '../../debug-adapter/contract';
import type { NodeIcon, TreeNode } from './nodes';

/** One icon per state: a codicon and a color that reads at a glance. */
export const STATE_ICONS: Readonly<Record<LwpStateName, NodeIcon>> = {
  LSONPROC: { id: 'play-circle', color: 'charts.green' },
  LSRUN: { id: 'circle-filled', color: 'charts.blue' },
  LSSLEEP: { id: 'watch', color: 'charts.yellow' },
  LSSTOP: { id: 'debug-stop', color: 'charts.orange' },
  LSSUSPENDED: { id: 'debug-pause', color: 'charts.orange' },
  LSZOMB: { id: 'circle-slash', color: 'disabledForeground' },
  LSIDL: { id: 'circle-outline' },
};

/** What each state means, for tooltips. */
export const STATE_MEANINGS: Readonly<Record<LwpStateName, string>> = {
  LSONPROC: 'on a CPU',
  LSRUN: 'runnable, waiting for a CPU',
  LSSLEEP: 'asleep in the kernel',
  LSSTOP: 'stopped by a signal',
  LSSUSPENDED: 'suspended (_lwp_suspend)',
  LSZOMB: 'exited, not yet collected',
  LSIDL: 'being created',
};

/** The context value that lets menus offer the actions that make sense for the LWP's state. */
export function lwpContext(row: LwpRow): string {
  if (row.state === 'LSZOMB') return ViewItems.lwpZombie;
  if (row.state === 'LSSUSPENDED' || row.flagNames.some((f) => f.includes('SUSPEND'))) return ViewItems.lwpSuspended;
  if (row.state === 'LSSLEEP') return ViewItems.lwpSleeping;
  if (row.state === 'LSRUN' || row.state === 'LSONPROC') return ViewItems.lwpRunnable;
  return ViewItems.lwp;
}

/** `parked · cpu0 · LW_DETACHED` */
export function lwpDescription(row: LwpRow): string {
  const parts: string[] = [row.state];
  if (row.wmesg) parts.push(row.wmesg);
  if (row.syscall) parts.push(`in ${row.syscall.name}`);
  if (row.cpu !== null) parts.push(`cpu${row.cpu}`);
  if (row.flagNames.length > 0) parts.push(row.flagNames.join('|'));
  return parts.join(' · ');
}

function lwpTooltip(row: LwpRow): string {
  const lines = [
    `**LWP ${row.pid}.${row.lid}** ${row.name ? `\`${row.name}\`` : '(unnamed)'}${row.current ? ' — the debugger stopped here' : ''}`,
    '',
    `- state: \`${row.state}\` (${STATE_MEANINGS[row.state]})`,
    `- flags: \`${row.flags}\`${row.flagNames.length ? ` = ${row.flagNames.map((f) => `\`${f}\``).join(' | ')}` : ''}`,
    `- wait channel: ${row.wchan ? `\`${row.wchan}\`` : 'none'}${row.wmesg ? ` (\`${row.wmesg}\`)` : ''}`,
    `- CPU: ${row.cpu ?? 'none'}`,
  ];
  if (row.priority !== undefined) lines.push(`- priority: ${row.priority}`);
  if (row.syscall) {
    lines.push(`- in \`${row.syscall.name}(${row.syscall.args.map((a) => `${a.name}=${a.value}`).join(', ')})\``);
  }
  return lines.join('\n');
}

export function lwpNode(row: LwpRow): TreeNode {
  return {
    id: `lwp/${row.pid}.${row.lid}`,
    label: `${row.lid} ${row.name || '(unnamed)'}${row.current ? ' ◀' : ''}`,
    description: lwpDescription(row),
    tooltip: lwpTooltip(row),
    icon: STATE_ICONS[row.state] ?? { id: 'question' },
    contextValue: lwpContext(row),
    lwp: { pid: row.pid, lid: row.lid, name: row.name, threadId: row.threadId },
  };
}

export function processNode(p: ProcessRow, lwps: readonly LwpRow[]): TreeNode {
  const mine = lwps.filter((l) => l.pid === p.pid).sort((a, b) => a.lid - b.lid);
  return {
    id: `proc/${p.pid}`,
    label: `${p.pid} ${p.comm}`,
    description: `uid ${p.uid} · ${p.lwpCount} LWP${p.lwpCount === 1 ? '' : 's'} · ${p.state}`,
    tooltip: `**process ${p.pid}** \`${p.comm}\`\n\n- parent: ${p.ppid}\n- uid: ${p.uid}\n- state: \`${p.state}\`\n- LWPs: ${p.lwpCount}`,
    icon: { id: p.state === 'SZOMB' ? 'circle-slash' : 'server-process' },
    contextValue: ViewItems.process,
    collapsed: 'expanded',
    children: mine.map(lwpNode),
  };
}

/** The LWPs view's roots: one node per process, LWPs under it. */
export function lwpTreeNodes(t: LwpTableResponse | undefined): TreeNode[] {
  if (!t) return [];
  return [...t.processes].sort((a, b) => a.pid - b.pid).map((p) => processNode(p, t.lwps));
}
