// Building KSim for the harness: the esbuild bundles (`npm run build`), a vsix packaged from
// them with vsce, and the extension-host test suite compiled into `out/`.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanEnv, Logger, run, stderrLogger } from './exec';
import { REPO_ROOT, SUITE_OUT_DIR, VSIX_DIR } from './paths';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

/** KSim's manifest (package.json at the repository root). */
export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** The extension's id, `publisher.name` (`ksim.ksim`). */
export function extensionId(): string {
  const m = readManifest();
  return `${m.publisher}.${m.name}`;
}

/** Runs the project's build (scripts/build.mjs: dist/extension.js, dist/debugAdapter.js, dist/cli.js). */
export async function buildExtension(log: Logger = stderrLogger): Promise<void> {
  const t0 = Date.now();
  await run(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, env: cleanEnv(), timeoutMs: 5 * 60_000 });
  log(`built dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Packages the built extension as `.cache/vsix/ksim-VERSION-PID.vsix` (removed when this
 * process exits) with
 * `vsce package --no-dependencies` (the bundles carry their dependencies) and returns its path.
 * Run buildExtension() first.
 */
export async function packageVsix(log: Logger = stderrLogger): Promise<string> {
  const t0 = Date.now();
  const m = readManifest();
  fs.mkdirSync(VSIX_DIR, { recursive: true });
  const out = path.join(VSIX_DIR, `${m.name}-${m.version}-${process.pid}.vsix`);
  fs.rmSync(out, { force: true });
  removeAtExit(out);
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  // As `npm run package` does: the manifest names no public repository, so README links stay
  // as they are.
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links',
    '--allow-missing-repository', '--out', out],
    { cwd: REPO_ROOT, env: cleanEnv(), timeoutMs: 5 * 60_000 });
  log(`packaged ${path.relative(REPO_ROOT, out)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/**
 * Compiles the extension-host test suite (test/vscode/suite/*.ts) into
 * out/test/vscode/suite-PID/ (removed when this process exits):
 * one CommonJS file per source, `vscode` and `mocha` left as run-time requires (the extension
 * host provides `vscode`; `mocha` resolves from the project's node_modules). Returns the path of
 * the suite's entry (index.js), which is what `extensionTestsPath` names.
 */
export async function buildExtensionHostSuite(log: Logger = stderrLogger): Promise<string> {
  const t0 = Date.now();
  const srcDir = path.join(REPO_ROOT, 'test', 'vscode', 'suite');
  const entries = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(srcDir, f));
  fs.rmSync(SUITE_OUT_DIR, { recursive: true, force: true });
  removeAtExit(SUITE_OUT_DIR);
  await esbuild.build({
    entryPoints: entries,
    outdir: SUITE_OUT_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
  });
  log(`compiled the extension-host suite (${entries.length} files) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return path.join(SUITE_OUT_DIR, 'index.js');
}

const toRemove = new Set<string>();

/** Removes `file` (a file or folder) when this process exits. */
function removeAtExit(file: string): void {
  if (toRemove.size === 0) {
    process.once('exit', () => {
      for (const f of toRemove) {
        fs.rmSync(f, { recursive: true, force: true });
      }
    });
  }
  toRemove.add(file);
}
