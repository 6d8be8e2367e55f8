// Boots view: the boot generations so far and how each ended.
import { Views } from '../../debug-adapter/contract';
import { bootsTreeNodes } from '../model/bootsNodes';
import type { KernelState, KernelSnapshot } from '../model/kernelState';
import type { TreeNode } from '../model/nodes';
import { KernelTreeProvider } from './kernelTreeProvider';

export class BootsTreeProvider extends KernelTreeProvider {
  constructor(state: KernelState) {
    super(Views.boots, state);
  }

  protected build(snap: Readonly<KernelSnapshot>): TreeNode[] {
    return bootsTreeNodes(snap.boots);
  }
}
