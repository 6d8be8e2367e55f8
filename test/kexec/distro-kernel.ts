// Finds real distribution kernels (bzImages) for the bzImage tests: the one named by
// KSIM_BZIMAGE, the host's /boot/vmlinuz*, or Debian's current linux-image-amd64, downloaded
// once with apt-get into .cache/kernels/ when this machine can (root, apt, Debian's mirror).
// Returns no paths, and the test skips, when none of these is possible.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const CACHE = path.resolve(__dirname, '..', '..', '.cache', 'kernels');

function listVmlinuz(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^vmlinuz/.test(f)).map((f) => path.join(dir, f));
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

/** The versioned package behind Debian's linux-image-amd64 metapackage, e.g. linux-image-6.1.0-56-amd64. */
function debianKernelPackage(): string | undefined {
  const depends = (): string | undefined => /Depends: (linux-image-\S+)/.exec(run('apt-cache', ['depends', 'linux-image-amd64']))?.[1];
  try {
    return depends();
  } catch {
    run('apt-get', ['update', '-qq']);
    return depends();
  }
}

function downloadDebianKernel(log: (line: string) => void): string[] {
  if (process.getuid?.() !== 0 || process.env.KSIM_NO_DOWNLOAD !== undefined) return [];
  try {
    run('apt-get', ['--version']);
  } catch {
    return [];
  }
  try {
    const pkg = debianKernelPackage();
    if (pkg === undefined) return [];
    mkdirSync(CACHE, { recursive: true });
    const work = mkdtempSync(path.join(CACHE, 'download-'));
    try {
      log(`downloading ${pkg} with apt-get for the real-bzImage test`);
      run('apt-get', ['download', '-qq', pkg], work);
      const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
      if (deb === undefined) return [];
      execFileSync('sh', ['-c', `dpkg-deb --fsys-tarfile "${deb}" | tar -x ./boot/`], { cwd: work, timeout: 120_000 });
      for (const f of listVmlinuz(path.join(work, 'boot'))) renameSync(f, path.join(CACHE, path.basename(f)));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } catch (err) {
    log(`no distribution kernel: ${(err as Error).message.split('\n')[0]}`);
  }
  return listVmlinuz(CACHE);
}

export function distributionKernels(log: (line: string) => void = () => undefined): string[] {
  const named = process.env.KSIM_BZIMAGE;
  const found = [...(named !== undefined && existsSync(named) ? [named] : []), ...listVmlinuz('/boot'), ...listVmlinuz(CACHE)];
  return found.length > 0 ? found : downloadDebianKernel(log);
}
