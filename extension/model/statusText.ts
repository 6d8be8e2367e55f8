// The status bar's text: `$(chip) KSim bsd · gen 2 · 3 LWPs` while a session runs.
import type { LwpTableResponse, MachineSummary } from '../../debug-adapter/contract';
import type { SessionPhase } from './kernelState';

export function statusText(summary: MachineSummary | undefined, lwps: LwpTableResponse | undefined, phase: SessionPhase): { text: string; tooltip: string } | undefined {
  if (phase !== 'running' && phase !== 'stopped') return undefined;
  if (!summary && !lwps) return { text: '$(chip) KSim', tooltip: 'KSim: starting the machine' };
  const abi = summary?.abi ?? '?';
  const gen = summary?.generation ?? lwps?.generation ?? 0;
  const count = summary?.lwpCount ?? lwps?.total ?? 0;
  const icon = summary?.status === 'stopped' ? '$(debug-pause)' : '$(chip)';
  return {
    text: `${icon} KSim ${abi} · gen ${gen} · ${count} LWP${count === 1 ? '' : 's'}`,
    tooltip: summary ? `${summary.banner} (${summary.abi}), generation ${summary.generation}: ${summary.processCount} processes, ${summary.lwpCount} LWPs, ${summary.status}` : 'KSim machine',
  };
}
