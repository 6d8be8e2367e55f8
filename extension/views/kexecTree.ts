// Kexec view: the normal and crash images with their segments.
import { Views } from '../../debug-adapter/contract';
import type { KernelState, KernelSnapshot } from '../model/kernelState';
import { kexecTreeNodes } from '../model/kexecNodes';
import type { TreeNode } from '../model/nodes';
import { KernelTreeProvider } from './kernelTreeProvider';

export class KexecTreeProvider extends KernelTreeProvider {
  constructor(state: KernelState) {
    super(Views.kexec, state);
  }

  protected build(snap: Readonly<KernelSnapshot>): TreeNode[] {
    return kexecTreeNodes(snap.kexec);
  }
}
