// LWPs view: processes with their LWPs (state icons, flags, wait channels, CPU).
import { Views } from '../../debug-adapter/contract';
import type { KernelState, KernelSnapshot } from '../model/kernelState';
import { lwpTreeNodes } from '../model/lwpNodes';
import type { TreeNode } from '../model/nodes';
import { KernelTreeProvider } from './kernelTreeProvider';

export class LwpTreeProvider extends KernelTreeProvider {
  constructor(state: KernelState) {
    super(Views.lwps, state);
  }

  protected build(snap: Readonly<KernelSnapshot>): TreeNode[] {
    return lwpTreeNodes(snap.lwps);
  }

  protected override message(snap: Readonly<KernelSnapshot>): string | undefined {
    const t = snap.lwps;
    if (!t) return undefined;
    const procs = t.processes.length;
    return `Generation ${t.generation}: ${procs} process${procs === 1 ? '' : 'es'}, ${t.total} LWP${t.total === 1 ? '' : 's'}.`;
  }
}
