// A stand-in for a test run that started a server: it tracks a detached `sleep` as a server
// process group, prints that group's pid, then does what argv[2] says.
//   broken-pipe: writes to a child's stdin after the child closed it, then exits normally.
//   wait:        waits (to be ended by a signal from the test).
import { spawn } from 'node:child_process';
import { trackGroup } from '../harness/processGroups';

const server = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
if (server.pid === undefined) {
  throw new Error('could not start sleep');
}
trackGroup(server.pid);
process.stdout.write(`group ${server.pid}\n`);

if (process.argv[2] === 'broken-pipe') {
  const reader = spawn('sh', ['-c', 'exec 0<&-; sleep 0.3'], { stdio: ['pipe', 'ignore', 'ignore'] });
  reader.stdin.on('error', (err: NodeJS.ErrnoException) => process.stdout.write(`stdin ${err.code}\n`));
  setTimeout(() => {
    reader.stdin.write(Buffer.alloc(1 << 20));
    setTimeout(() => {
      process.stdout.write('alive\n');
      process.exit(0);
    }, 400);
  }, 100);
} else {
  setInterval(() => undefined, 1000);
}
