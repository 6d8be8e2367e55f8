// Where the syscall runner and the LWP actions run a syscall: the live KSim debug session
// (through the contract's custom requests), or a scratch machine when no session runs.
import type * as vscode from 'vscode';
import {
  Requests,
  type AbiName, type LwpRow, type LwpTableResponse, type RunSyscallArguments, type RunSyscallResponse,
  type SyscallCatalogResponse, type SyscallInfo,
} from '../../debug-adapter/contract';
import { buildCatalog } from '../model/catalog';

export interface SyscallBackend {
  /** "the live session" or "a scratch machine", for messages. */
  readonly label: string;
  readonly live: boolean;
  catalog(): Promise<{ abi: AbiName; syscalls: SyscallInfo[] }>;
  lwps(): Promise<LwpRow[]>;
  run(args: RunSyscallArguments): Promise<RunSyscallResponse>;
}

export class LiveBackend implements SyscallBackend {
  readonly label = 'the live session';
  readonly live = true;

  constructor(private readonly session: vscode.DebugSession, private readonly fallbackAbi: AbiName) {}

  async catalog(): Promise<{ abi: AbiName; syscalls: SyscallInfo[] }> {
    try {
      const r = (await this.session.customRequest(Requests.syscallCatalog, {})) as SyscallCatalogResponse;
      if (r && Array.isArray(r.syscalls) && r.syscalls.length > 0) return r;
    } catch {
      // Older adapters: build the same catalog from the kernel's tables.
    }
    return { abi: this.fallbackAbi, syscalls: buildCatalog(this.fallbackAbi) };
  }

  async lwps(): Promise<LwpRow[]> {
    const r = (await this.session.customRequest(Requests.lwps, {})) as LwpTableResponse;
    return r?.lwps ?? [];
  }

  async run(args: RunSyscallArguments): Promise<RunSyscallResponse> {
    return (await this.session.customRequest(Requests.runSyscall, args)) as RunSyscallResponse;
  }
}
