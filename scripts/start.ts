// `npm start`: KSim in a real VS Code for a newcomer, with one command and no VS Code installed.
// Builds KSim, packages it as a vsix, installs code-server 4.96.4 (VS Code 1.96 in the
// browser) into .cache/ on first use, installs the vsix into it, opens the examples/ folder,
// prints the URL to open in a browser and serves until Ctrl-C.
//
//   node --import tsx scripts/start.ts        (what `npm start` runs)
//   KSIM_PORT=9000   serve on this port (default 8080, or a free one when 8080 is taken)
//   KSIM_HOST=0.0.0.0  listen beyond this machine (default 127.0.0.1; there is no password)
//   KSIM_FRESH=1     start from a fresh profile (forget settings, open editors, breakpoints)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeServer, freePort, portInUse, startCodeServer } from '../test/vscode/harness/codeServer';
import { stderrLogger } from '../test/vscode/harness/exec';
import { buildExtension, packageVsix } from '../test/vscode/harness/extension';
import { ensureCodeServer, ensureSystemPackages } from '../test/vscode/harness/install';
import { CACHE_DIR, EXAMPLES_DIR } from '../test/vscode/harness/paths';

const log = stderrLogger;

async function choosePort(host: string): Promise<number> {
  const wanted = process.env.KSIM_PORT ?? process.env.PORT;
  if (wanted !== undefined) {
    const port = Number(wanted);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`KSIM_PORT=${wanted} is not a port number`);
    }
    return port;
  }
  return (await portInUse(8080, host === '0.0.0.0' ? '127.0.0.1' : host)) ? freePort(host) : 8080;
}

async function main(): Promise<void> {
  const t0 = Date.now();
  try {
    await ensureSystemPackages(false, log); // ripgrep, for search in files
  } catch (err) {
    log(`warning: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}; search in files will not work`);
  }
  await ensureCodeServer(log);
  await buildExtension(log);
  const vsix = await packageVsix(log);
  const profile = path.join(CACHE_DIR, 'ksim-start');
  if (process.env.KSIM_FRESH) {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  const host = process.env.KSIM_HOST ?? '127.0.0.1';
  const port = await choosePort(host);
  const server: CodeServer = await startCodeServer({
    host,
    port,
    userDataDir: path.join(profile, 'user-data'),
    extensionsDir: path.join(profile, 'extensions'),
    logFile: path.join(profile, 'code-server.log'),
    vsix: [vsix],
    log,
  });
  const url = server.workbenchUrl({ folder: EXAMPLES_DIR }).replace('//0.0.0.0:', '//127.0.0.1:');
  process.stdout.write([
    '',
    `KSim is running in VS Code (code-server) — ready in ${((Date.now() - t0) / 1000).toFixed(0)} s.`,
    '',
    `  Open ${url}`,
    '',
    '  Open a .ksim example and press F5 to debug it; the Kernel view is in the activity bar.',
    `  Server log: ${server.logFile}`,
    '  Press Ctrl-C to stop.',
    '',
  ].join('\n'));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`${signal}: stopping code-server`);
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  // Serve until a signal, or until code-server ends on its own.
  const timer = setInterval(() => {
    if (!server.running && !stopping) {
      clearInterval(timer);
      process.stderr.write(`code-server stopped unexpectedly; its log:\n${server.readLog().slice(-3000)}\n`);
      process.exit(1);
    }
  }, 1000);
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
