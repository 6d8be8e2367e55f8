// A run of a compiled scenario on a fresh machine, and the headless policy on top of it
// (design §3 "Headless contract"): run until every process is done, stop at the first failed
// expectation, a panic without a crash kernel, or the step budget.
import type { EventSink } from '../kernel/kern/events';
import type { Kernel } from '../kernel/kern/kernel';
import type { Lwp, MachineConfig } from '../kernel/kern/state';
import { boot, createMachine, run, type RunResult } from '../kernel/machine';
import type { CompiledScenario } from './bytecode';
import { imageBytes } from './runtime/builtins-impl';
import { ScenarioUserland, type Failure, type RuntimeOptions } from './runtime/userland';

export interface RunOptions extends RuntimeOptions {
  /** Overrides the machine block's seed (`ksim run --seed N`). */
  seed?: number;
  sink?: EventSink | null;
}

export interface ScenarioRun {
  readonly program: CompiledScenario;
  readonly k: Kernel;
  readonly userland: ScenarioUserland;
}

/** The kernel configuration a scenario's machine block asks for. */
export function machineConfig(p: CompiledScenario, seed?: number): Partial<MachineConfig> {
  const m = p.machine;
  const cfg: Partial<MachineConfig> = {
    abi: m.abi, cpus: m.cpus, memory: m.memory, seed: seed ?? m.seed, switches: {},
  };
  if (m.hz !== undefined) cfg.hz = m.hz;
  if (m.maxlwp !== undefined) cfg.maxlwp = m.maxlwp;
  for (const [name, v] of Object.entries(m.switches)) {
    if (name === 'quantum') cfg.quantum = Number(v);
    else if (name === 'preempt') cfg.preempt = Number(v) / 100;
    else cfg.switches![name] = v;
  }
  return cfg;
}

/**
 * The files a scenario's machine can open: the workspace files it reads (by the path as written)
 * and every kernel_image as /boot/NAME (for `kexec_file_load(open("/boot/NAME"), ...)`).
 */
export function machineFiles(program: CompiledScenario, userland: ScenarioUserland): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const [path, bytes] of program.files) files[path] = bytes;
  for (const d of program.images.values()) files[`/boot/${d.name}`] = imageBytes(userland, d);
  return files;
}

/** Creates the machine for a compiled scenario (powered off: call bootRun or runHeadless). */
export function createRun(program: CompiledScenario, opts: RunOptions = {}): ScenarioRun {
  const userland = new ScenarioUserland(program, opts);
  const files = machineFiles(program, userland);
  const k = createMachine(machineConfig(program, opts.seed), userland, { sink: opts.sink ?? null, files });
  return { program, k, userland };
}

export function bootRun(r: ScenarioRun): void {
  boot(r.k);
}

export interface HeadlessOptions {
  /** Total user steps before the run is stopped as runaway (default 200 million). */
  maxSteps?: number;
  /** Total LWP slices before the run is stopped (default 50 million). */
  maxSlices?: number;
}

export type HeadlessStatus = 'ok' | 'failed' | 'panic' | 'budget';

export interface HeadlessResult {
  status: HeadlessStatus;
  /** 0 when every expect held, 1 on a failure, a panic or the budget. */
  exitCode: 0 | 1;
  failures: Failure[];
  /** The machine's final state: idle, blocked (LWPs asleep for ever), halted. */
  end: RunResult['status'];
  /** LWPs that can never run again when the run ended blocked. */
  blocked: { pid: number; lid: number; name: string; wmesg: string | null }[];
  /** For status 'budget': where the runaway LWP was. */
  runaway?: { pid: number; lid: number; line: number; col: number };
  message?: string;
}

/** Boots and runs to the end under the headless policy. */
export function runHeadless(r: ScenarioRun, opts: HeadlessOptions = {}): HeadlessResult {
  const maxSteps = opts.maxSteps ?? 200_000_000;
  const maxSlices = opts.maxSlices ?? 50_000_000;
  const { k, userland } = r;
  bootRun(r);
  let slices = 0;
  for (;;) {
    const res = run(k, 20_000);
    slices += res.slices;
    if (userland.failures.length > 0) {
      const f = userland.failures[0];
      return { status: f.kind === 'panic' ? 'panic' : 'failed', exitCode: 1, failures: userland.failures, end: res.status, blocked: [] };
    }
    if (res.status === 'budget' || res.status === 'break') {
      if (userland.steps > maxSteps || slices > maxSlices) return runaway(r, res.status, maxSteps);
      continue;
    }
    if (res.status === 'halted' && k.s.halted?.how === 'panic') {
      const msg = k.s.halted.message;
      const called = userland.panics.find((p) => msg.includes(p.message.replace(/^panic: /, '')));
      return {
        status: 'panic', exitCode: 1, failures: called ? [called] : [], end: res.status, blocked: [],
        message: `panic: ${msg}`,
      };
    }
    return { status: 'ok', exitCode: 0, failures: [], end: res.status, blocked: res.status === 'blocked' ? blockedLwps(k) : [] };
  }
}

/**
 * The one line `ksim run` prints for a run that failed: `FILE:LINE:COL: message (LWP p.l,
 * boot g)` for a failed expect, an error or a called panic, the place of a runaway loop, or
 * the kernel's panic message; undefined for a run that passed.
 */
export function failureText(file: string, res: HeadlessResult): string | undefined {
  const at = (line: number, col: number): string => `${file}:${Math.max(1, line)}:${Math.max(1, col)}`;
  const f = res.failures[0];
  if (f) return `${at(f.line, f.col)}: ${f.kind === 'error' ? 'error: ' : ''}${f.message} (LWP ${f.pid}.${f.lid}, boot ${f.gen})`;
  if (res.status === 'panic') return `${at(1, 1)}: ${res.message ?? 'panic'}`;
  if (res.status === 'budget') {
    const w = res.runaway;
    return `${at(w?.line ?? 1, w?.col ?? 1)}: error: ${res.message}${w ? ` (LWP ${w.pid}.${w.lid})` : ''}`;
  }
  return undefined;
}

function runaway(r: ScenarioRun, end: RunResult['status'], maxSteps: number): HeadlessResult {
  // The LWP that ran most recently is on a CPU; report where it is.
  let where: Lwp | null = null;
  for (const ci of r.k.s.cpus) if (ci.ci_curlwp) where = ci.ci_curlwp;
  if (!where) for (const p of r.k.s.procs.values()) for (const l of p.p_lwps.values()) where ??= l;
  const at = where ? r.userland.location(where) : { line: 0, col: 0 };
  return {
    status: 'budget', exitCode: 1, failures: [], end, blocked: [],
    runaway: where ? { pid: where.l_proc.p_pid, lid: where.l_lid, line: at.line, col: at.col } : undefined,
    message: `stopped after ${maxSteps} user steps: the scenario does not finish (an endless loop?)`,
  };
}

function blockedLwps(k: Kernel): HeadlessResult['blocked'] {
  const out: HeadlessResult['blocked'] = [];
  for (const p of k.s.procs.values()) {
    for (const l of p.p_lwps.values()) {
      if (l.l_stat !== 5) out.push({ pid: p.p_pid, lid: l.l_lid, name: l.l_name ?? p.p_name, wmesg: l.l_wmesg });
    }
  }
  return out;
}
