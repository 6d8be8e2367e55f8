// `ksim syscalls [--abi bsd|linux]`: the syscall table of an ABI, from kernel/abi/syscalls.ts.
import { ctypeString, syscallArgs, syscallsOf } from '../../kernel/abi/syscalls';
import type { ParsedArgs } from '../args';
import type { CliIo } from '../io';

export function syscallsCommand(io: CliIo, args: ParsedArgs): number {
  const abi = args.flags.get('--abi') ?? 'bsd';
  if (abi !== 'bsd' && abi !== 'linux') {
    io.stderr('ksim syscalls: --abi is bsd or linux\n');
    return 2;
  }
  if (args.positional.length > 0) {
    io.stderr('usage: ksim syscalls [--abi bsd|linux]\n');
    return 2;
  }
  const calls = syscallsOf(abi).sort((a, b) => (a.numbers[abi] ?? 0) - (b.numbers[abi] ?? 0));
  io.stdout(`# ${calls.length} system calls of the ${abi} ABI\n`);
  for (const s of calls) {
    const params = syscallArgs(s.name, abi).map((a) => `${ctypeString(a.type)}${ctypeString(a.type).endsWith('*') ? '' : ' '}${a.name}`).join(', ');
    io.stdout(`\n${String(s.numbers[abi]).padStart(4)}  ${s.ret} ${s.name}(${params || 'void'})\n`);
    io.stdout(`      ${s.summary}\n`);
    for (const e of s.errors) io.stdout(`      ${e.errno.padEnd(13)} ${e.when}\n`);
  }
  return 0;
}
