// The ksim command's help texts.

export const USAGE = `usage: ksim <command> [options]

commands:
  run FILE [--seed N]         run a scenario headless; exit 0 when every expect holds
  run FILE --seeds A..B       run it under every seed of a range; name the seeds that fail
  check FILE                  report diagnostics as FILE:LINE:COL: error: message
  trace FILE --json           run and print one JSON object per syscall return
  syscalls [--abi bsd|linux]  print the syscall table of an ABI

ksim <command> --help shows a command's options.
`;

export const HELP: Record<string, string> = {
  run: `usage: ksim run FILE [--seed N | --seeds A..B] [--max-steps N] [--workspace DIR]

Runs the scenario FILE on a fresh simulated machine until every process has ended.
print() output goes to standard output, one line per call.

  --seed N         seed of the scheduler (overrides the machine block's seed)
  --seeds A..B     run once per seed from A to B (inclusive), print each seed that
                   fails with where and why, then a summary; exit 1 when any failed.
                   Races the default seed misses show up here; debug one with --seed
  --max-steps N    stop a runaway scenario after N user steps (default 200000000)
  --workspace DIR  the workspace root file() and open() paths must stay in
                   (default: the current directory, or the scenario's directory)

exit status: 0 every expect held; 1 a failed expect, a panic or a runaway loop
(printed as FILE:LINE:COL: ...); 2 a usage or parse error.
`,
  check: `usage: ksim check FILE [--workspace DIR]

Parses and checks FILE without running it and prints every diagnostic as
FILE:LINE:COL: error: message (hint: what to write instead).

exit status: 0 no errors; 2 errors (or a usage error).
`,
  trace: `usage: ksim trace FILE --json [--seed N] [--max-steps N] [--workspace DIR]

Runs FILE like ksim run and writes JSON Lines to standard output: one object per
system-call return with t (virtual ns), gen (boot generation), pid, lid, syscall,
args, ret and errno (a name, or null). Integers beyond 2^53 are written as decimal
strings. print() output goes to standard error.

exit status: as ksim run.
`,
  syscalls: `usage: ksim syscalls [--abi bsd|linux]

Prints every system call of the ABI (default bsd): number, C prototype, summary
and errors.
`,
};
