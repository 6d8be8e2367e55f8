// The scratch machine the syscall runner uses when no KSim session runs: one machine per ABI,
// kept between runs so a sequence of calls builds on each other (stage, then reboot).
// TODO(ksim): wire the debug adapter's scratch-machine runner when it lands.
import type * as vscode from 'vscode';
import type { AbiName, LwpRow, RunSyscallArguments, RunSyscallResponse, SyscallInfo } from '../../debug-adapter/contract';
import { buildCatalog } from '../model/catalog';
import type { KsimOutput } from '../ui/outputChannel';
import type { SyscallBackend } from './backend';

export class ScratchBackend implements SyscallBackend, vscode.Disposable {
  readonly label = 'a scratch machine';
  readonly live = false;
  abi: AbiName = 'bsd';

  constructor(private readonly output: KsimOutput) {}

  async catalog(): Promise<{ abi: AbiName; syscalls: SyscallInfo[] }> {
    return { abi: this.abi, syscalls: buildCatalog(this.abi) };
  }

  async lwps(): Promise<LwpRow[]> {
    return [];
  }

  async run(_args: RunSyscallArguments): Promise<RunSyscallResponse> {
    this.output.line('KSim: the scratch machine is not available in this build.');
    throw new Error('no scratch machine in this build: start a KSim debug session to run syscalls on it');
  }

  dispose(): void {}
}
