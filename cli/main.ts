// The `ksim` command (bundled to dist/cli.js).
const USAGE = `usage: ksim <command> [options]

commands:
  run FILE [--seed N]      run a scenario headless; exit 0 when every expect holds
  check FILE               report diagnostics as FILE:LINE:COL: error: message
  trace FILE --json        one JSON object per syscall return
  syscalls [--abi bsd|linux]  print the syscall table
`;
process.stdout.write(USAGE);
