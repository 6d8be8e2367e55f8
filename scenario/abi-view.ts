// What the language needs to know about an ABI, read from the kernel's tables (kernel/abi):
// constants in scope, errno names, the system calls that exist and their C signatures, and
// struct layouts for marshalling. Nothing here has a constant of its own.
import { abiTable, type AbiName, type AbiTable } from '../kernel/abi/index';
import { STRUCTS, type StructLayout } from '../kernel/abi/structs';
import { syscallArgs, syscallInfo, syscallsOf, type SyscallArg, type SyscallInfo } from '../kernel/abi/syscalls';

export type { AbiName } from '../kernel/abi/index';
export type { StructLayout, StructField } from '../kernel/abi/structs';
export type { SyscallArg, SyscallInfo, CType, PtrType } from '../kernel/abi/syscalls';

export interface SyscallView {
  readonly info: SyscallInfo;
  readonly number: number;
  readonly args: readonly SyscallArg[];
}

export class AbiView {
  readonly table: AbiTable;
  private readonly calls = new Map<string, SyscallView>();

  constructor(readonly name: AbiName) {
    this.table = abiTable(name);
    for (const info of syscallsOf(name)) {
      this.calls.set(info.name, { info, number: info.numbers[name] as number, args: syscallArgs(info.name, name) });
    }
  }

  constant(name: string): number | bigint | undefined {
    return this.table.allConstants[name];
  }

  isErrno(name: string): boolean {
    return name !== 'ERESTART' && this.table.errno[name] !== undefined;
  }

  errno(name: string): number | undefined {
    return this.isErrno(name) ? this.table.errno[name] : undefined;
  }

  errnoName(n: number): string | undefined {
    return this.table.errnoName(n);
  }

  syscall(name: string): SyscallView | undefined {
    return this.calls.get(name);
  }

  syscallNames(): string[] {
    return [...this.calls.keys()];
  }

  constantNames(): string[] {
    return Object.keys(this.table.allConstants);
  }

  errnoNames(): string[] {
    return Object.keys(this.table.errno).filter((n) => n !== 'ERESTART');
  }
}

const VIEWS = new Map<AbiName, AbiView>();

export function abiView(name: AbiName): AbiView {
  let v = VIEWS.get(name);
  if (!v) {
    v = new AbiView(name);
    VIEWS.set(name, v);
  }
  return v;
}

/** A system call that exists in some ABI (for "this is a linux call" hints). */
export function anySyscall(name: string): SyscallInfo | undefined {
  return syscallInfo(name);
}

/** A struct layout by C name, with or without `struct `. */
export function structLayout(name: string): StructLayout | undefined {
  return STRUCTS[name] ?? STRUCTS[name.replace(/^struct /, '')];
}
