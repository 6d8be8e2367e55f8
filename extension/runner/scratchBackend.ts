// The scratch machine the syscall runner uses when no KSim session runs: the debug adapter
// keeps one machine per ABI between runs (pid 1 "scratch"), so a sequence of calls builds on
// each other (stage an image, then reboot into it). The ABI is the open scenario's, else the
// `ksim.defaultAbi` setting, else bsd.
import type * as vscode from 'vscode';
import type { AbiName, LwpRow, RunSyscallArguments, RunSyscallResponse, SyscallInfo } from '../../debug-adapter/contract';
import { runSyscallOnScratchMachine } from '../../debug-adapter/inline';
import { buildCatalog } from '../model/catalog';
import type { SyscallBackend } from './backend';

export class ScratchBackend implements SyscallBackend, vscode.Disposable {
  readonly live = false;

  constructor(private readonly abiOf: () => AbiName) {}

  get label(): string {
    return `a scratch ${this.abiOf()} machine`;
  }

  async catalog(): Promise<{ abi: AbiName; syscalls: SyscallInfo[] }> {
    const abi = this.abiOf();
    return { abi, syscalls: buildCatalog(abi) };
  }

  async lwps(): Promise<LwpRow[]> {
    // The scratch machine runs one process with one LWP; calls run as it.
    return [{ pid: 1, lid: 1, name: 'scratch', state: 'LSRUN', flags: '0x0', flagNames: [], wchan: null, wmesg: null, cpu: 0, syscall: null }];
  }

  async run(args: RunSyscallArguments): Promise<RunSyscallResponse> {
    return runSyscallOnScratchMachine(args, this.abiOf());
  }

  dispose(): void {}
}
