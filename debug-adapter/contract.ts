// The one typed module shared by the extension and the debug adapter: every command id, view
// id, view container id, context key, custom DAP request and custom DAP event, with the types
// of their arguments, responses and bodies. package.json, extension/ and debug-adapter/ all
// read their names from here, so they cannot drift apart.
//
// Rules: no `vscode` import (debug-adapter/ must stay free of it), no runtime dependency on
// kernel/ or scenario/ (the extension may load this module before anything else).
//
// Numbers: JSON has no 64-bit integers, so every address, pointer, mask or value that may not
// fit in 2^53 travels as a hexadecimal string (`Hex`, "0x200000") or a decimal string
// (`DecString`, "-1", "18446744073709551615"). Sizes and counts that always fit are numbers.

/** A 64-bit value as a lower-case hexadecimal string with `0x` prefix, e.g. "0x200000". */
export type Hex = string;
/** A 64-bit signed or unsigned integer as a decimal string, e.g. "-1". */
export type DecString = string;

// ---------------------------------------------------------------------------------------------
// Identity

/** The `type` of KSim launch configurations and of the debugger contribution. */
export const DEBUG_TYPE = 'ksim';
/** The language id of `.ksim` scenario files. */
export const LANGUAGE_ID = 'ksim';
/** The scenario file extension. */
export const SCENARIO_EXTENSION = '.ksim';

// ---------------------------------------------------------------------------------------------
// Commands the extension registers (package.json `contributes.commands`).

export const Commands = {
  /** Run the active scenario without debugging (launch with noDebug). */
  runFile: 'ksim.runFile',
  /** Debug the active scenario (F5 without a launch.json uses the same path). */
  debugFile: 'ksim.debugFile',
  /** "KSim: Run Syscall...": the command-palette syscall runner. */
  runSyscall: 'ksim.runSyscall',
  /** Run one entry of the runner's history again. */
  rerunSyscall: 'ksim.rerunSyscall',
  /** Clear the runner's history. */
  clearSyscallHistory: 'ksim.clearSyscallHistory',
  /** Used by `${command:ksim.pickProgram}` in launch configurations. */
  pickProgram: 'ksim.pickProgram',
  /** LWP view context actions: each runs the real syscall (see `lwpActionSyscall`). */
  lwpSuspend: 'ksim.lwp.suspend',
  lwpContinue: 'ksim.lwp.continue',
  lwpUnpark: 'ksim.lwp.unpark',
  lwpWakeup: 'ksim.lwp.wakeup',
  lwpKill: 'ksim.lwp.kill',
  lwpDetach: 'ksim.lwp.detach',
  /**
   * "Step This LWP Only": step (or continue) the LWP item while every other LWP stays frozen;
   * sends `Requests.stepLwp` with `StepLwpArguments` (VS Code never sends DAP `singleThread`).
   */
  lwpStepOnly: 'ksim.lwp.stepOnly',
  /** Variables/Watch context menu: show plain integers in hex, or back in decimal. */
  displayAsHex: 'ksim.variables.displayAsHex',
  displayAsDecimal: 'ksim.variables.displayAsDecimal',
  /** Open VS Code's memory view at a staged kexec segment's destination. */
  showSegmentInMemory: 'ksim.kexec.showSegmentInMemory',
  /** Refresh every Kernel view (title button). */
  refreshViews: 'ksim.views.refresh',
  /** Open the "Get started" walkthrough. */
  openWalkthrough: 'ksim.openWalkthrough',
  /** Show the output channel (simulator console and adapter trace). */
  showOutput: 'ksim.showOutput',
  /** Open one of the example scenarios (the walkthrough's first step). */
  openExample: 'ksim.openExample',
  /** Add a function breakpoint on a syscall picked from the ABI's list (or named in the argument). */
  addSyscallBreakpoint: 'ksim.addSyscallBreakpoint',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];
export const ALL_COMMANDS: readonly CommandId[] = Object.values(Commands);

// ---------------------------------------------------------------------------------------------
// Views

/** The "Kernel" view container in the activity bar (ids may not contain dots). */
export const VIEW_CONTAINER_ID = 'ksim-kernel';

export const Views = {
  lwps: 'ksim.lwps',
  kexec: 'ksim.kexec',
  physmem: 'ksim.physmem',
  boots: 'ksim.boots',
} as const;
export type ViewId = (typeof Views)[keyof typeof Views];
export const ALL_VIEWS: readonly ViewId[] = Object.values(Views);

/** `TreeItem.contextValue`s used in `view/item/context` menus (`viewItem == ...`). */
export const ViewItems = {
  process: 'ksim.process',
  /** Every LWP item; state-dependent values below let menus show only sensible actions. */
  lwp: 'ksim.lwp',
  lwpSuspended: 'ksim.lwp.suspended',
  lwpSleeping: 'ksim.lwp.sleeping',
  lwpRunnable: 'ksim.lwp.runnable',
  lwpZombie: 'ksim.lwp.zombie',
  image: 'ksim.image',
  segment: 'ksim.segment',
  memRange: 'ksim.memrange',
  generation: 'ksim.generation',
} as const;
export type ViewItemContext = (typeof ViewItems)[keyof typeof ViewItems];

/** Context keys the extension sets with `setContext` (usable in `when` clauses). */
export const ContextKeys = {
  /** A KSim debug session exists. */
  sessionActive: 'ksim.sessionActive',
  /** That session is stopped (views are live, actions allowed). */
  sessionStopped: 'ksim.sessionStopped',
  /** The running machine's ABI: "bsd" or "linux". */
  abi: 'ksim.abi',
  /** A normal or crash kexec image is staged. */
  imageStaged: 'ksim.imageStaged',
  /** The runner has a history to run again. */
  hasSyscallHistory: 'ksim.hasSyscallHistory',
  /** The KSim session shows plain integers in hex (Variables view context menu). */
  hexValues: 'ksim.hexValues',
} as const;
export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

/** Settings (package.json `contributes.configuration`), read by the extension. */
export const Settings = {
  defaultAbi: 'ksim.defaultAbi',
  defaultSeed: 'ksim.defaultSeed',
  traceAdapter: 'ksim.trace',
  viewRefreshDebounceMs: 'ksim.views.refreshDebounceMs',
} as const;

// ---------------------------------------------------------------------------------------------
// Launch configuration

export type AbiName = 'bsd' | 'linux';

/** `launch` request arguments (also what F5 without a launch.json synthesizes). */
export interface KsimLaunchArguments {
  /** Absolute path of the `.ksim` scenario. */
  program: string;
  /** Stop at the first statement of the first LWP (default false). */
  stopOnEntry?: boolean;
  /** Scheduler seed; overrides the scenario's `machine { seed }`. */
  seed?: number;
  /** ABI override; otherwise the scenario's `machine { abi }` (default "bsd"). */
  abi?: AbiName;
  /** Log every DAP message to the debug console (and to stderr when stand-alone). */
  trace?: boolean;
  /** Run to the end, output only (set by VS Code for "Run Without Debugging"). */
  noDebug?: boolean;
  /** Take a checkpoint every N scheduling steps for step back (default chosen by the adapter). */
  checkpointInterval?: number;
  /** Plain integers in decimal (default) or hex; `ksim/setValueFormat` changes it later. */
  valueFormat?: 'decimal' | 'hex';
}

// ---------------------------------------------------------------------------------------------
// Custom DAP requests (send with `session.customRequest(Requests.x, args)`)

export const Requests = {
  /** The LWP table, grouped by process. Args `LwpTableArguments`, body `LwpTableResponse`. */
  lwps: 'ksim/lwps',
  /** Staged kexec images (normal + crash). Args none, body `KexecImagesResponse`. */
  kexecImages: 'ksim/kexecImages',
  /** Physical memory map with staged segments overlaid. Body `MemoryMapResponse`. */
  memoryMap: 'ksim/memoryMap',
  /** Boot generations so far. Body `GenerationsResponse`. */
  generations: 'ksim/generations',
  /** The syscalls of the live machine's ABI. Body `SyscallCatalogResponse`. */
  syscallCatalog: 'ksim/syscallCatalog',
  /** Run one syscall on the live (stopped) machine. Args `RunSyscallArguments`. */
  runSyscall: 'ksim/runSyscall',
  /** Everything a view needs at once. Body `MachineSummary`. */
  summary: 'ksim/summary',
  /**
   * Step or continue one LWP while every other LWP stays frozen (DAP `singleThread`).
   * Args `StepLwpArguments`, body `StepLwpResponse`; the stop arrives as a `stopped` event.
   */
  stepLwp: 'ksim/stepLwp',
  /**
   * How integers are shown in Variables, Watch, hovers and the console: decimal or hex. Args
   * `ValueFormatArguments`, body `ValueFormatArguments` (the format now in force); the adapter
   * then sends `invalidated` for the variables.
   */
  setValueFormat: 'ksim/setValueFormat',
} as const;
export type CustomRequestName = (typeof Requests)[keyof typeof Requests];
export const ALL_REQUESTS: readonly CustomRequestName[] = Object.values(Requests);

/** Custom DAP events the adapter sends (listen with `onDidReceiveDebugSessionCustomEvent`). */
export const Events = {
  /** Machine state changed (stop, syscall run, kexec, restart): views refresh. */
  stateChanged: 'ksim/stateChanged',
  /** A new boot generation started (after kexec, reboot into crash kernel, restart). */
  generationStarted: 'ksim/generationStarted',
} as const;
export type CustomEventName = (typeof Events)[keyof typeof Events];
export const ALL_EVENTS: readonly CustomEventName[] = Object.values(Events);

// ---- LWP table -----------------------------------------------------------------------------

/** LWP states by their NetBSD names. */
export type LwpStateName = 'LSIDL' | 'LSRUN' | 'LSSLEEP' | 'LSSTOP' | 'LSZOMB' | 'LSONPROC' | 'LSSUSPENDED';

export interface LwpTableArguments {
  /** Only this process. */
  pid?: number;
  /** Paging over the flat LWP list (all processes, in pid then lid order). */
  start?: number;
  count?: number;
}

export interface LwpSyscallInfo {
  name: string;
  /** Arguments by their C names, each rendered for display ("0x200000", "1", "null"). */
  args: { name: string; value: string }[];
}

export interface LwpRow {
  pid: number;
  lid: number;
  /** `_lwp_setname` name, or "" when unnamed. */
  name: string;
  /** DAP thread id of this LWP in the current session (stable within a generation). */
  threadId?: number;
  state: LwpStateName;
  /** Raw `l_flag` value. */
  flags: Hex;
  /** The set bits of `l_flag`, then of `l_prflag`, by name (e.g. ["LW_WSUSPEND", "LPR_DETACHED"]). */
  flagNames: string[];
  /** Sleep queue / wait channel identifier, or null when not sleeping. */
  wchan: string | null;
  /** Wait message (e.g. "parked", "lwpwait", "lwpsusp"), or null. */
  wmesg: string | null;
  /** CPU the LWP runs or last ran on, or null. */
  cpu: number | null;
  /** The syscall the LWP is inside, or null in user code. */
  syscall: LwpSyscallInfo | null;
  priority?: number;
  /** True for the LWP the debugger stopped on. */
  current?: boolean;
}

export interface ProcessRow {
  pid: number;
  ppid: number;
  /** `p_comm`: the scenario's process or program name. */
  comm: string;
  uid: number;
  /** Process state by name ("SACTIVE", "SZOMB", ...). */
  state: string;
  lwpCount: number;
}

export interface LwpTableResponse {
  generation: number;
  processes: ProcessRow[];
  /** The requested page of LWPs (all when no paging was asked for). */
  lwps: LwpRow[];
  /** Total LWPs matching (for paging). */
  total: number;
}

// ---- kexec images --------------------------------------------------------------------------

export interface KexecSegmentRow {
  index: number;
  /** User buffer address the segment was copied from. */
  buf: Hex;
  bufsz: number;
  /** Physical destination. */
  mem: Hex;
  memsz: number;
  /** DAP memoryReference for readMemory at `mem` (pass to the memory view). */
  memoryReference: string;
}

export interface KexecImageRow {
  kind: 'normal' | 'crash';
  entry: Hex;
  /** Raw flags and their names (KEXEC_ON_CRASH, KEXEC_PRESERVE_CONTEXT, ...). */
  flags: Hex;
  flagNames: string[];
  /** Command line (kexec_file_load / image declaration), or null. */
  cmdline: string | null;
  /** Initrd size in bytes, or null when none. */
  initrdSize: number | null;
  /** Kernel banner the image will boot, when known. */
  banner: string | null;
  /** The scenario program the image's init names, when known. */
  init: string | null;
  segments: KexecSegmentRow[];
  /** Which call staged it: "kexec_load" or "kexec_file_load". */
  loadedBy: string;
}

export interface KexecImagesResponse {
  generation: number;
  normal: KexecImageRow | null;
  crash: KexecImageRow | null;
}

// ---- memory map ----------------------------------------------------------------------------

export type MemoryRangeKind = 'System RAM' | 'reserved' | 'Crash kernel' | 'Kernel code' | 'staged segment';

export interface MemoryRangeRow {
  start: Hex;
  /** Exclusive end. */
  end: Hex;
  size: number;
  kind: MemoryRangeKind;
  /** For staged segments: which image and segment index. */
  image?: 'normal' | 'crash';
  segment?: number;
  memoryReference: string;
}

export interface MemoryMapResponse {
  generation: number;
  /** Total RAM bytes and bytes actually allocated by the sparse store. */
  totalBytes: number;
  residentBytes: number;
  ranges: MemoryRangeRow[];
  /** Staged segments, also listed here so a flat view can overlay them. */
  staged: MemoryRangeRow[];
}

// ---- boot generations ----------------------------------------------------------------------

/**
 * How a generation ended: still running; `reboot(RB_KEXEC)` into a staged image; a panic that
 * booted the staged crash kernel (kdump); a kexec jump (KEXEC_PRESERVE_CONTEXT) into an image
 * that later returns; a plain reboot; halt; power-off; a panic with no crash kernel.
 */
export type GenerationEnd = 'running' | 'kexec' | 'crash_kexec' | 'kexec_jump' | 'reboot' | 'halt' | 'poweroff' | 'panic';

export interface GenerationRow {
  id: number;
  banner: string;
  abi: AbiName;
  /** Virtual time of boot and of the end, in nanoseconds (decimal strings). */
  bootedAt: DecString;
  endedAt: DecString | null;
  ended: GenerationEnd;
  /** Panic message, or the reboot howto flags by name. */
  detail: string | null;
  /** True for a crash kernel generation (booted on panic). */
  crash: boolean;
  /** The kernel image the generation runs. */
  image: GenerationImage;
}

export interface GenerationImage {
  /** How the image was recognised; 'power-on' for the first generation's built-in kernel. */
  format: 'power-on' | 'ksim' | 'bzImage' | 'elf64' | 'unknown';
  /** A bzImage's setup-header version string; a KSim image's banner. */
  version: string;
  /** Physical entry point jumped to, hex (0x0 at power-on). */
  entry: Hex;
  /** The program started as init, '' for none (power-on runs the scenario's processes). */
  init: string;
  /** The kernel command line, '' for none. */
  cmdline: string;
}

export interface GenerationsResponse {
  current: number;
  generations: GenerationRow[];
}

// ---- syscall catalog and runner ------------------------------------------------------------

export type SyscallArgKind = 'int' | 'flags' | 'lwpid' | 'pid' | 'signal' | 'pointer' | 'string' | 'segments' | 'timespec' | 'buffer' | 'fd' | 'clock';

export interface SyscallArgInfo {
  name: string;
  /** C type, as in the synopsis ("unsigned long", "struct kexec_segment *"). */
  ctype: string;
  kind: SyscallArgKind;
  /** For `flags`: the constant names the argument accepts. */
  flagNames?: string[];
}

export interface SyscallInfo {
  name: string;
  number: number;
  synopsis: string;
  summary: string;
  args: SyscallArgInfo[];
  errors: { name: string; meaning: string }[];
}

export interface SyscallCatalogResponse {
  abi: AbiName;
  syscalls: SyscallInfo[];
}

/** One argument value for the runner. */
export type SyscallArgValue =
  | { kind: 'int'; value: DecString | Hex }
  | { kind: 'null' }
  | { kind: 'string'; value: string }
  | { kind: 'buffer'; size: number; fill?: number }
  | { kind: 'segments'; segments: SegmentArg[] }
  | { kind: 'timespec'; tv_sec: number; tv_nsec: number }
  | { kind: 'image'; name: string };

/** One `struct kexec_segment` for the runner; `buf` is fresh bytes, a declared kernel_image, or null. */
export interface SegmentArg {
  buf?: { size: number; fill?: number } | { image: string } | null;
  bufsz: number;
  mem: Hex;
  memsz: number;
}

export interface RunSyscallArguments {
  name: string;
  args: SyscallArgValue[];
  /** The process and LWP the call runs as (curproc/curlwp); default: the stopped LWP, else the first. */
  pid?: number;
  lid?: number;
}

export interface RunSyscallResponse {
  /** The C return value (decimal string: may be 64-bit). */
  ret: DecString;
  /** 0 on success. */
  errno: number;
  errnoName: string | null;
  errnoMeaning: string | null;
  /** True when the call had to sleep and was abandoned (ret is then "-1", errnoName "EWOULDBLOCK"). */
  wouldBlock: boolean;
  /** Out-parameters written back (e.g. a new lid), by argument name. */
  out: { name: string; value: string }[];
  /** Console output the call produced (banner after a kexec reboot, ...). */
  output: string;
  /** The machine rebooted (kexec or not) as a consequence. */
  rebooted: boolean;
  generation: number;
}

// ---- LWP actions ----------------------------------------------------------------------------

export type LwpAction = 'suspend' | 'continue' | 'unpark' | 'wakeup' | 'kill' | 'detach';

/**
 * The real syscall behind each LWP view action: it runs as an LWP of the target's process
 * (`pid`; `lid` is the target). `kill` takes the signal number picked by the user.
 */
export function lwpActionSyscall(action: LwpAction, pid: number, lid: number, signo?: number): RunSyscallArguments {
  const int = (n: number): SyscallArgValue => ({ kind: 'int', value: String(n) });
  switch (action) {
    case 'suspend': return { name: '_lwp_suspend', args: [int(lid)], pid };
    case 'continue': return { name: '_lwp_continue', args: [int(lid)], pid };
    case 'unpark': return { name: '_lwp_unpark', args: [int(lid), { kind: 'null' }], pid };
    case 'wakeup': return { name: '_lwp_wakeup', args: [int(lid)], pid };
    case 'kill': return { name: '_lwp_kill', args: [int(lid), int(signo ?? 15)], pid };
    case 'detach': return { name: '_lwp_detach', args: [int(lid)], pid };
  }
}

// ---- single-LWP stepping ---------------------------------------------------------------------

export type StepLwpKind = 'next' | 'stepIn' | 'stepOut' | 'continue';

/** Arguments of `Requests.stepLwp`: the LWP (of the running generation) and how far it goes. */
export interface StepLwpArguments {
  pid: number;
  lid: number;
  kind: StepLwpKind;
  /** As the DAP stepping granularity; "instruction" steps kernel point by kernel point. */
  granularity?: 'statement' | 'instruction';
}

/**
 * Answered at once, before the LWP runs. The run ends with a `stopped` event: the step's end,
 * a breakpoint only that LWP reached, or reason "blocked" with a description such as
 * "LWP 1.2 blocked in ___lwp_park60 (parked); other LWPs are frozen".
 */
export interface ValueFormatArguments {
  /** Plain integers in hexadecimal (named values such as flags and errno keep their names). */
  hex: boolean;
}

export interface StepLwpResponse {
  /** DAP thread id of the LWP (the `stopped` event names it). */
  threadId: number;
  /** Always false: the other LWPs did not run. */
  allThreadsContinued: false;
}

// ---- summary and events ---------------------------------------------------------------------

export interface MachineSummary {
  generation: number;
  abi: AbiName;
  banner: string;
  /** Virtual time in nanoseconds. */
  now: DecString;
  processCount: number;
  lwpCount: number;
  imageStaged: { normal: boolean; crash: boolean };
  /** Why the session is where it is: "running", "stopped", "terminated". */
  status: 'running' | 'stopped' | 'terminated';
}

export type StateChangeReason = 'stopped' | 'continued' | 'syscall' | 'kexec' | 'reboot' | 'restart' | 'stepBack' | 'memoryWritten' | 'variableSet' | 'terminated';

/** Body of `Events.stateChanged`: what changed, and a summary to refresh status bars. */
export interface StateChangedEventBody {
  reason: StateChangeReason;
  /** Which views have stale data (all when absent). */
  views?: ViewId[];
  summary: MachineSummary;
}

/** Body of `Events.generationStarted`. */
export interface GenerationStartedEventBody {
  generation: GenerationRow;
  /** How the previous generation ended, or null for the first boot. */
  previous: GenerationRow | null;
}

// ---------------------------------------------------------------------------------------------
// Exception breakpoint filters (the BREAKPOINTS view checkboxes)

export const ExceptionFilters = {
  /** Stop when a syscall returns -1; condition: errno names joined by `||` ("EINVAL || EBUSY"). */
  syscallFails: 'syscall-fails',
  /** Stop when an `expect` does not hold (default on). */
  expectationFails: 'expect-fails',
  /** Stop on a kernel panic (default on). */
  kernelPanic: 'kernel-panic',
  /** Stop just before a kexec reboot enters the new kernel. */
  kexecReboot: 'kexec-reboot',
} as const;
export type ExceptionFilterId = (typeof ExceptionFilters)[keyof typeof ExceptionFilters];

/** Request `evaluate` contexts the adapter distinguishes. */
export const EvaluateContexts = { hover: 'hover', repl: 'repl', watch: 'watch', clipboard: 'clipboard' } as const;
