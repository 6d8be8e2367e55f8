// esbuild plugin: embeds the text of every kernel/**/*.ts file into the bundle, replacing
// debug-adapter/kernel-sources.embedded.ts, so the debug adapter can serve the simulated
// kernel's TypeScript by sourceReference (kernel frames in the call stack) without the repo.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

function kernelFiles(root, rel, out) {
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const r = `${rel}/${name}`;
    const full = path.join(root, r);
    if (statSync(full).isDirectory()) kernelFiles(root, r, out);
    else if (name.endsWith('.ts')) out[r] = full;
  }
  return out;
}

export const kernelSourcesPlugin = {
  name: 'ksim-kernel-sources',
  setup(build) {
    build.onLoad({ filter: /kernel-sources\.embedded\.ts$/ }, () => {
      const root = process.cwd();
      const files = kernelFiles(root, 'kernel', {});
      const texts = {};
      for (const [rel, full] of Object.entries(files)) texts[rel] = readFileSync(full, 'utf8');
      return {
        contents: `export const EMBEDDED_KERNEL_SOURCES: Record<string, string> | null = ${JSON.stringify(texts)};\n`,
        loader: 'ts',
        watchFiles: Object.values(files),
      };
    });
  },
};
