// The syscall catalog the runner, hovers and completion show, built from the kernel's one
// description of every system call (kernel/abi/syscalls.ts) and the ABI's constants. The
// shape is the contract's `SyscallInfo`, the same the live adapter answers to
// `Requests.syscallCatalog`, so the runner treats a live and a scratch machine alike.

import { abiTable } from '../../kernel/abi';
import { ctypeString, syscallArgs, syscallsOf, type CType, type SyscallArg } from '../../kernel/abi/syscalls';
import type { AbiName, SyscallArgInfo, SyscallArgKind, SyscallInfo } from '../../debug-adapter/contract';

/**
 * Which constant-name prefixes an argument's flag picker offers, per syscall and argument.
 * A prefix list per ABI where the ABIs differ.
 */
const FLAG_PREFIXES: Readonly<Record<string, Readonly<Record<string, Partial<Record<AbiName, readonly string[]>> | readonly string[]>>>> = {
  _lwp_create: { flags: ['LWP_DETACHED', 'LWP_SUSPENDED'] },
  ___lwp_park60: { flags: ['TIMER_'] },
  _lwp_ctl: { features: ['LWPCTL_FEATURE_'] },
  kexec_load: { flags: { bsd: ['KEXEC_ON_CRASH'], linux: ['KEXEC_ON_CRASH', 'KEXEC_PRESERVE_CONTEXT', 'KEXEC_UPDATE_ELFCOREHDR', 'KEXEC_ARCH_'] } },
  kexec_file_load: { flags: ['KEXEC_FILE_'] },
  reboot: { howto: ['RB_'], magic1: ['LINUX_REBOOT_MAGIC1'], magic2: ['LINUX_REBOOT_MAGIC2'], cmd: ['LINUX_REBOOT_CMD_'] },
  sigprocmask: { how: ['SIG_BLOCK', 'SIG_UNBLOCK', 'SIG_SETMASK'] },
  open: { flags: ['O_'] },
};

/** Constants that are masks or limits, never flags a user picks. */
const NOT_A_FLAG = new Set(['KEXEC_ARCH_MASK', 'KEXEC_FLAGS', 'KEXEC_FILE_FLAGS', 'RB_RESERVED1', 'RB_RESERVED2']);

/** The constant names an argument's picker offers (empty when it is not a flags argument). */
export function flagNamesFor(abi: AbiName, syscall: string, arg: string): string[] {
  const entry = FLAG_PREFIXES[syscall]?.[arg];
  if (entry === undefined) return [];
  const prefixes = Array.isArray(entry) ? entry : ((entry as Partial<Record<AbiName, readonly string[]>>)[abi] ?? []);
  const consts = abiTable(abi).constants;
  return Object.keys(consts).filter((n) => !NOT_A_FLAG.has(n) && prefixes.some((p) => n === p || (p.endsWith('_') && n.startsWith(p))));
}

function isPtr(t: CType): t is Exclude<CType, string> {
  return typeof t !== 'string';
}

/** How the runner asks for an argument. */
export function argKind(abi: AbiName, syscall: string, arg: SyscallArg): SyscallArgKind {
  const t = arg.type;
  if (isPtr(t)) {
    if (t.isString) return 'string';
    if (t.pointee === 'struct kexec_segment') return 'segments';
    if (t.pointee === 'struct timespec' && t.dir !== 'out') return 'timespec';
    if ((t.pointee === 'char' || t.pointee === 'void') && t.dir === 'out' && t.countArg !== undefined) return 'buffer';
    return 'pointer';
  }
  if (flagNamesFor(abi, syscall, arg.name).length > 0) return 'flags';
  if (t === 'lwpid_t') return 'lwpid';
  if (t === 'pid_t') return 'pid';
  if (t === 'clockid_t') return 'clock';
  if (arg.name === 'signo' || arg.name === 'sig') return 'signal';
  if (arg.name === 'fd' || arg.name.endsWith('_fd')) return 'fd';
  return 'int';
}

/** `int _lwp_create(const ucontext_t *ucp, u_long flags, lwpid_t *new_lwp)` */
export function synopsis(name: string, ret: string, args: readonly SyscallArg[]): string {
  const list = args.length === 0 ? 'void' : args.map((a) => {
    const c = ctypeString(a.type);
    return c.endsWith('*') ? `${c}${a.name}` : `${c} ${a.name}`;
  }).join(', ');
  return `${ret} ${name}(${list})`;
}

/** Every syscall of an ABI in the contract's shape, sorted by name. */
export function buildCatalog(abi: AbiName): SyscallInfo[] {
  return syscallsOf(abi).map((s) => {
    const args = syscallArgs(s.name, abi);
    const argInfos: SyscallArgInfo[] = args.map((a) => {
      const kind = argKind(abi, s.name, a);
      const info: SyscallArgInfo = { name: a.name, ctype: ctypeString(a.type), kind };
      if (kind === 'flags') info.flagNames = flagNamesFor(abi, s.name, a.name);
      if (kind === 'clock') info.flagNames = Object.keys(abiTable(abi).constants).filter((n) => n.startsWith('CLOCK_'));
      return info;
    });
    return {
      name: s.name,
      number: s.numbers[abi] ?? -1,
      synopsis: synopsis(s.name, s.ret, args),
      summary: s.summary,
      args: argInfos,
      errors: s.errors.map((e) => ({ name: e.errno, meaning: e.when })),
    };
  }).sort((x, y) => x.name.localeCompare(y.name));
}
