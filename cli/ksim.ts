// The ksim command as a function of its arguments and I/O (cli/main.ts binds it to the process).
import { parseArgs } from './args';
import { checkCommand } from './commands/check';
import { runCommand } from './commands/run';
import { seedsCommand } from './commands/seeds';
import { syscallsCommand } from './commands/syscalls';
import { HELP, USAGE } from './help';
import type { CliIo } from './io';

/** Runs `ksim ARGV...`; returns the exit status. */
export function ksim(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`ksim: ${args}\n${USAGE}`);
    return 2;
  }
  if (args.command === null || args.command === 'help') {
    if (args.flags.has('--help') || args.command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    io.stderr(USAGE);
    return 2;
  }
  const help = HELP[args.command];
  if (help === undefined) {
    io.stderr(`ksim: unknown command '${args.command}'\n${USAGE}`);
    return 2;
  }
  if (args.flags.has('--help')) {
    io.stdout(help);
    return 0;
  }
  switch (args.command) {
    case 'run': return args.flags.has('--seeds') ? seedsCommand(io, args) : runCommand(io, args, false);
    case 'trace': return runCommand(io, args, true);
    case 'check': return checkCommand(io, args);
    default: return syscallsCommand(io, args);
  }
}
