// Test helpers: check or run scenario source text in-process.
import { checkSource, compileSource } from '../../scenario/compile';
import type { Diagnostic } from '../../scenario/diagnostics';
import { createRun, runHeadless, type HeadlessResult } from '../../scenario/run';
import { memoryFiles } from '../../scenario/workspace-files';

export const FILES = memoryFiles('examples/test.ksim', {
  'examples/data/blob.bin': new Uint8Array([1, 2, 3, 4]),
  'README.md': 'readme',
});

/** Diagnostics of a source (errors and warnings). */
export function diagnose(source: string): Diagnostic[] {
  return checkSource(source, FILES).diagnostics;
}

/** The error codes a source produces, in order. */
export function codes(source: string): string[] {
  return diagnose(source).filter((d) => d.severity === 'error').map((d) => d.code);
}

export interface Ran extends HeadlessResult {
  out: string[];
}

/** Compiles and runs a source headless; throws with the diagnostics if it does not compile. */
export function run(source: string, opts: { seed?: number; maxSteps?: number } = {}): Ran {
  const c = compileSource(source, FILES);
  if (!c.program) throw new Error('does not compile:\n' + c.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join('\n'));
  const out: string[] = [];
  const r = createRun(c.program, { seed: opts.seed, onPrint: (l) => out.push(l) });
  return { ...runHeadless(r, { maxSteps: opts.maxSteps }), out };
}

/** Runs `body` as the only process of a bsd machine (or the given header). */
export function runBody(body: string, header = 'machine { abi: "bsd", cpus: 1 }'): Ran {
  return run(`${header}\nprocess init {\n${body}\n}\n`);
}

/** The example of design §3, verbatim. */
export const DESIGN_EXAMPLE = `machine { abi: "bsd", cpus: 2, memory: 512M, seed: 7 }

kernel_image next { banner: "KSim 2.0", entry: 0x200000, size: 64K, init: stage2 }

fn worker(arg) {
    let r = ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null)
    expect r == 0
    _lwp_exit()
}

process init {
    let uc = ucontext(worker, 42)            // a ucontext with _UC_CPU set
    let lid = 0
    expect _lwp_create(&uc, 0, &lid) == 0
    _lwp_setname(lid, "worker")
    _lwp_unpark(lid, null)
    expect _lwp_wait(lid, null) == 0

    let segs = [{ buf: image_bytes(next), bufsz: 64K, mem: 0x200000, memsz: 64K }]
    expect kexec_load(0x200000, 17, segs, 0) fails EINVAL   // too many segments
    expect kexec_load(0x200000, 1, segs, 0) == 0
    reboot(RB_KEXEC)                          // the debugger can step across this
}

program stage2 {                              // runs in the new kernel
    print("booted", uname())
}
`;
