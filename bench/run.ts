// `npm run bench`: compile and run the native anchors, then every suite in bench/suites/.
// Prints one figure per line: `name value unit`. Usage: bench/run.ts [suite-name ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchContext, BenchSuite } from './harness';

const here = __dirname;
const nativeDir = path.join(here, 'native');
const binDir = path.join(nativeDir, 'bin');

function findCompiler(): string | undefined {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang']) {
    if (cc && spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0) return cc;
  }
  return undefined;
}

/** Compiles and runs each bench/native/*.c; returns the anchors it printed. */
function measureNative(print: (line: string) => void): Map<string, number> {
  const anchors = new Map<string, number>();
  const cc = findCompiler();
  if (!cc) {
    print('# no C compiler found: native anchors and ratios are skipped');
    return anchors;
  }
  mkdirSync(binDir, { recursive: true });
  for (const file of readdirSync(nativeDir).filter((f) => f.endsWith('.c')).sort()) {
    const bin = path.join(binDir, path.basename(file, '.c'));
    try {
      execFileSync(cc, ['-O2', '-pthread', '-o', bin, path.join(nativeDir, file)], { stdio: 'pipe' });
      const out = execFileSync(bin, { encoding: 'utf8' });
      for (const line of out.split('\n')) {
        const m = /^(\S+) (\S+) (\S+)$/.exec(line.trim());
        if (!m) continue;
        anchors.set(m[1], Number(m[2]));
        print(line.trim());
      }
    } catch (err) {
      print(`# native anchor ${file} failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return anchors;
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const print = (line: string): void => void process.stdout.write(line + '\n');
  const anchors = measureNative(print);
  const ctx: BenchContext = {
    report: (name, value, unit) => print(`${name} ${format(value)} ${unit}`),
    native: (name) => anchors.get(name),
    ratio(name, value, anchor) {
      const base = anchors.get(anchor);
      if (base !== undefined && base > 0) this.report(name, value / base, 'x');
    },
  };
  const suitesDir = path.join(here, 'suites');
  const files = existsSync(suitesDir) ? readdirSync(suitesDir).filter((f) => f.endsWith('.ts')).sort() : [];
  for (const file of files) {
    const mod = (await import(path.join(suitesDir, file))) as { suite?: BenchSuite };
    const suite = mod.suite;
    if (!suite || (wanted.length > 0 && !wanted.includes(suite.name))) continue;
    for (const bench of suite.benchmarks) {
      try {
        await bench.run(ctx);
      } catch (err) {
        print(`# ${suite.name}/${bench.name} failed: ${(err as Error).message}`);
        process.exitCode = 1;
      }
    }
  }
}

void main();
