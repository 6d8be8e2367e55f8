// Bundles KSim's three entry points with esbuild:
//   dist/extension.js     the VS Code extension (vscode stays external)
//   dist/debugAdapter.js  the stand-alone debug adapter (stdio, or --server=PORT on 127.0.0.1)
//   dist/cli.js           the `ksim` command
// Flags: --watch rebuilds on change; --production minifies and drops inline source contents.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';
import { kernelSourcesPlugin } from './kernel-sources-plugin.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  sourcesContent: !production,
  minify: production,
  keepNames: true,
  logLevel: 'warning',
  tsconfig: 'tsconfig.json',
  // The debug adapter serves the kernel's own TypeScript (kernel frames): embed it.
  plugins: [kernelSourcesPlugin],
};

const entries = [
  { entryPoints: ['extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['debug-adapter/main.ts'], outfile: 'dist/debugAdapter.js' },
  { entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  chmodSync('dist/cli.js', 0o755);
}
