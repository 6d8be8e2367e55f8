// The `ksim` command (bundled to dist/cli.js).
import { ksim } from './ksim';
import { processIo } from './io';

// A closed pipe (`ksim syscalls | head`) ends the command quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = ksim(process.argv.slice(2), processIo);
