// The port between the debugger engine and a simulation. A `SimHost` runs one machine (kernel +
// scenario userland) and shows it; the engine (engine.ts) counts its events, decides where to
// stop, takes checkpoints and replays. `host/kernel-host.ts` implements it over kernel/ and
// scenario/; tests may implement it with a few lines.
//
// The one rule a host must keep: `run` is deterministic. From a restored snapshot, the same
// calls produce the same events in the same order, so an event is named by its position.

import type {
  GenerationRow, KexecImagesResponse, LwpRow, MemoryMapResponse, ProcessRow, RunSyscallArguments,
  RunSyscallResponse, SyscallCatalogResponse, AbiName,
} from '../contract';

/** An LWP across generations: generation, pid, lid. */
export interface LwpKey {
  gen: number;
  pid: number;
  lid: number;
}

export function lwpKeyString(k: LwpKey): string {
  return `${k.gen}.${k.pid}.${k.lid}`;
}

/** Everything the engine can stop at. `lwp` is the LWP the event belongs to, when any. */
export type SimEvent =
  /** User code is about to run the statement at `line` (1-based) of `file`, `depth` frames deep. */
  | { kind: 'statement'; lwp: LwpKey; file: string; line: number; column: number; depth: number }
  | { kind: 'syscallEnter'; lwp: LwpKey; name: string; args: readonly (number | bigint)[] }
  | { kind: 'syscallExit'; lwp: LwpKey; name: string; ret: number | bigint; errno: number; errnoName: string | null }
  /** A kernel point `kp(k, fn)`: a kernel function the user can break on or step through. */
  | { kind: 'kernelPoint'; lwp: LwpKey | null; fn: string }
  | { kind: 'lwpCreated'; lwp: LwpKey; name: string }
  | { kind: 'lwpExited'; lwp: LwpKey }
  | { kind: 'expectFailed'; lwp: LwpKey; file: string; line: number; column: number; message: string }
  | { kind: 'panic'; lwp: LwpKey | null; message: string }
  /** About to reboot; `kexec` when an image is staged and RB_KEXEC was asked. */
  | { kind: 'reboot'; lwp: LwpKey | null; howto: string; kexec: boolean }
  | { kind: 'generationStarted'; gen: number; banner: string; crash: boolean }
  | { kind: 'output'; text: string; category: 'stdout' | 'console' | 'stderr' }
  /** The run is over: nothing can run any more. */
  | { kind: 'ended'; exitCode: number; reason: string };

export type SimEventKind = SimEvent['kind'];

/**
 * What `run` reports when it returns normally (events stop it only by throwing). `blocked`:
 * the one LWP a single-thread stretch may run cannot go on (it sleeps with no timeout, is
 * suspended, stopped or gone); `SimHost.blockedReason` says why. Nothing ran since.
 */
export type RunStatus = 'budget' | 'ended' | 'blocked';

/**
 * Which LWP alone may run the next slice (null: the scheduler picks as usual), asked before
 * every slice with the machine's slice counter (`SimHost.sliceCount`).
 */
export type SingleThreadMode = (slice: number) => LwpKey | null;

/** A value shown in the debugger: scalars, or lazily expanded collections. */
export type DebugValue =
  | { type: 'int'; value: bigint; display?: string; typeName?: string }
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'null' }
  | { type: 'text'; display: string; typeName?: string }
  | { type: 'bytes'; length: number; read(start: number, count: number): Uint8Array; memoryReference?: string }
  | { type: 'list'; length: number; summary: string; item(i: number): NamedValue; memoryReference?: string }
  | { type: 'record'; summary: string; fields(): NamedValue[]; memoryReference?: string; typeName?: string };

/** C truth of a value, as conditions and `!`/`&&`/`||` see it: zero, false, null and "" are false. */
export function truthy(v: DebugValue): boolean {
  switch (v.type) {
    case 'int': return v.value !== 0n;
    case 'bool': return v.value;
    case 'null': return false;
    case 'string': return v.value.length > 0;
    default: return true;
  }
}

export interface NamedValue {
  name: string;
  value: DebugValue;
  /** What a data breakpoint on this value watches, when one can. */
  watch?: WatchTarget;
}

/** A location a data breakpoint can watch. */
export type WatchTarget =
  | { kind: 'lwpField'; lwp: LwpKey; field: string }
  | { kind: 'phys'; addr: bigint; length: number }
  /**
   * A scenario local: slot `slot` of the LWP's frame `depth` (1 = outermost) while that frame
   * runs compiled fn `fn` (`fnName` for messages); gone once the frame returns.
   */
  | { kind: 'local'; lwp: LwpKey; depth: number; fn: number; fnName: string; slot: number; name: string };

/** One frame of a stack: user (scenario) or kernel. */
export interface SimFrame {
  name: string;
  kind: 'user' | 'kernel';
  /** Scenario file path, or kernel source path relative to the repository ("kernel/kern/lwp.ts"). */
  file: string | null;
  line: number;
  column: number;
  /** Index among the LWP's user frames (0 = innermost), for locals and evaluate. */
  userIndex?: number;
}

/** A call Step Into can enter from the current statement ("Step Into Target"). */
export interface StepInTarget {
  /** Identifies the call site for `callSiteOf`: `fn:pc`. */
  site: string;
  /** The syscall or fn entered. */
  name: string;
  /** The name at the call site (a built-in such as `spawn` enters the syscall it is made of). */
  written: string;
  kind: 'syscall' | 'fn';
  line: number;
  column: number;
}

/** The scheduler's queues for the console's `show sched_qs`, `show sleepq`, `show callout`. */
export interface SchedulerView {
  /** Virtual time, ns. */
  now: number;
  cpus: { index: number; curlwp: ThreadInfo | null; switches: number }[];
  /** Runnable LWPs in queue order. */
  runq: ThreadInfo[];
  sleepqs: { wchan: string; wmesg: string; sleepers: ThreadInfo[] }[];
  callouts: { due: number; func: string; lwp: ThreadInfo | null }[];
}

export interface SyscallView {
  name: string;
  args: NamedValue[];
  /** Result, when the call has returned (or the last finished call). */
  result: { ret: bigint; errno: number; errnoName: string | null; errnoMeaning: string | null } | null;
  inProgress: boolean;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  message: string;
}

export type EvalResult = { ok: true; value: DebugValue } | { ok: false; message: string };

/** A change the user makes to the machine from outside its own run (a history patch). */
export type SimPatch =
  | { kind: 'writeMemory'; addr: bigint; bytes: Uint8Array }
  | { kind: 'runSyscall'; args: RunSyscallArguments }
  | { kind: 'terminateLwp'; lwp: LwpKey }
  /** A local of user frame `frame`, or (`frame` -1) a raw field of the LWP. */
  | { kind: 'setVariable'; lwp: LwpKey | null; frame: number; path: string[]; value: string }
  /**
   * Set Value on a watch expression: an lvalue of user frame `frame` (a local, `s.f`, `a[i]`,
   * `buf[i]`) or a settable LWP field by name. Replays evaluate it again on the same state.
   */
  | { kind: 'setExpression'; lwp: LwpKey | null; frame: number; expression: string; value: string };

export interface SimHost {
  readonly abi: AbiName;
  readonly program: string;

  /**
   * Runs up to `budget` scheduler steps; every event goes to `emit`, which may throw to stop.
   * For a `statement` event, `emit` may instead return true: the host then stops cleanly
   * before that statement (the scenario's TRAP_BREAK) and `run` returns soon after.
   */
  run(budget: number, emit: (e: SimEvent) => boolean | void, single?: SingleThreadMode): RunStatus;
  /**
   * Slices run since power-on (machine state: restored with a snapshot, the same on replay).
   * With `single`, `run` asks before each slice whether one LWP alone runs it: every other
   * LWP stays where it is (not scheduled).
   */
  sliceCount(): number;
  /** Why the last `run` answered `blocked`. */
  readonly blockedReason: string;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** Applies a user change. Events it raises are not part of the run (emit is discarded). */
  apply(patch: SimPatch): PatchResult;

  // ---- inspection (state as it is now, torn or clean) ----
  generation(): number;
  banner(): string;
  now(): bigint;
  lwps(): LwpRow[];
  /** Just enough to list threads (cheap for 10,000 LWPs); zombies left out. */
  threadList(): ThreadInfo[];
  /** How many processes there are (cheap). */
  processCount(): number;
  processes(): ProcessRow[];
  lwpFields(lwp: LwpKey): NamedValue[] | undefined;
  processFields(pid: number): NamedValue[] | undefined;
  /** User frames innermost first; kernel frames (from the resume point) when inside a syscall. */
  frames(lwp: LwpKey): SimFrame[];
  scheduler(): SchedulerView;
  /** The calls Step Into can enter from the statement the LWP's innermost frame is at, in run order. */
  stepInTargets(lwp: LwpKey): StepInTarget[];
  /** The call site (a `StepInTarget.site`) the LWP's frame at `depth` (1 = outermost) is making, or null. */
  callSiteOf(lwp: LwpKey, depth: number): string | null;
  locals(lwp: LwpKey, userIndex: number): NamedValue[];
  syscall(lwp: LwpKey): SyscallView | null;
  /** A sleeping syscall's resume point and the locals it saved, or null. */
  resumePoint(lwp: LwpKey): { name: string; locals: NamedValue[] } | null;
  kexecImages(): KexecImagesResponse;
  memoryMap(): MemoryMapResponse;
  generations(): GenerationRow[];
  sysctls(): NamedValue[];
  readPhys(addr: bigint, length: number): Uint8Array;
  physSize(): bigint;
  /** The value a data breakpoint watches, as a comparable string (undefined: gone). */
  watchValue(w: WatchTarget): string | undefined;
  evaluate(expr: string, lwp: LwpKey | null, userIndex: number): EvalResult;
  syscallCatalog(): SyscallCatalogResponse;

  // ---- static facts about the program ----
  /** Lines of the scenario where a statement starts (for verifying line breakpoints). */
  statementLines(file: string): number[];
  /** Names that function breakpoints accept: syscalls and kernel points. */
  functionNames(): { syscalls: string[]; kernel: string[] };
  completions(prefix: string): string[];
}

export interface ThreadInfo {
  pid: number;
  lid: number;
  /** The LWP's name, else its process's name. */
  name: string;
}

export interface PatchResult {
  message: string;
  /** False when nothing was changed (the message says why). */
  ok?: boolean;
  syscall?: RunSyscallResponse;
}

/** Creates hosts: for launch, restart and the scratch machine. */
export interface HostFactory {
  create(options: HostOptions): Promise<{ host: SimHost } | { diagnostics: Diagnostic[] }>;
}

export interface HostOptions {
  program: string;
  /** Source text; read from `program` when absent. */
  source?: string;
  seed?: number;
  abi?: AbiName;
}
