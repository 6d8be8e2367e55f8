// Physical memory view: the memory map with staged kexec segments overlaid.
import { Views } from '../../debug-adapter/contract';
import type { KernelState, KernelSnapshot } from '../model/kernelState';
import type { TreeNode } from '../model/nodes';
import { physMemMessage, physMemTreeNodes } from '../model/physMemNodes';
import { KernelTreeProvider } from './kernelTreeProvider';

export class PhysMemTreeProvider extends KernelTreeProvider {
  constructor(state: KernelState) {
    super(Views.physmem, state);
  }

  protected build(snap: Readonly<KernelSnapshot>): TreeNode[] {
    return physMemTreeNodes(snap.physmem);
  }

  protected override message(snap: Readonly<KernelSnapshot>): string | undefined {
    return physMemMessage(snap.physmem);
  }
}
