// Stand-alone debug adapter entry (bundled to dist/debugAdapter.js): DAP over stdio, or a TCP
// server on 127.0.0.1 with --server=PORT (one session per connection).

import * as net from 'node:net';
import { createKsimDebugSession } from './inline';

function serverPort(argv: string[]): number | undefined {
  for (const a of argv) {
    const m = /^--server=(\d+)$/.exec(a);
    if (m) return Number(m[1]);
  }
  return undefined;
}

const port = serverPort(process.argv.slice(2));
if (port !== undefined) {
  const server = net.createServer((socket) => {
    const session = createKsimDebugSession();
    session.setRunAsServer(true);
    session.traceSink = (line) => process.stderr.write(line + '\n');
    session.start(socket, socket);
    socket.on('close', () => session.ctx.dispose());
  });
  server.listen(port, '127.0.0.1', () => {
    const addr = server.address();
    process.stderr.write(`ksim debug adapter listening on 127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}\n`);
  });
} else {
  const session = createKsimDebugSession();
  session.traceSink = (line) => process.stderr.write(line + '\n');
  session.start(process.stdin, process.stdout);
}
