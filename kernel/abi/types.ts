// The shape of one ABI's constants table (abi/bsd.ts, abi/linux.ts). Everything above the
// kernel (checker, hovers, completion, the scenario runtime) reads constants through
// `abiTable(abi)` in abi/index.ts, never from literals of its own.

export type AbiName = 'bsd' | 'linux';

/** A constant's value: a number, or a bigint when it does not fit in 2^53. */
export type AbiValue = number | bigint;

export interface AbiDefinition {
  readonly name: AbiName;
  /** errno names → numbers in this ABI's numbering (ERESTART is KSim-internal, −3). */
  readonly errno: Readonly<Record<string, number>>;
  /** signal names (SIGUSR1, ...) → numbers in this ABI's numbering. */
  readonly signals: Readonly<Record<string, number>>;
  /** Highest signal number + 1 accepted by `_lwp_kill` / `kill` (NetBSD: 64). */
  readonly nsig: number;
  /** Every other C constant the ABI defines, by its C name. */
  readonly constants: Readonly<Record<string, AbiValue>>;
  /** System-call name → number. Names absent here do not exist in this ABI (ENOSYS). */
  readonly syscallNumbers: Readonly<Record<string, number>>;
}

export interface AbiTable extends AbiDefinition {
  /** The errno name of a number in this ABI, or undefined. */
  errnoName(n: number): string | undefined;
  /** The signal name of a number in this ABI, or undefined. */
  signalName(n: number): string | undefined;
  /** The system-call name of a number in this ABI, or undefined. */
  syscallName(n: number): string | undefined;
  /**
   * Every name a program can use as a constant: constants, errno names, signal names,
   * merged (what the scenario language puts in scope).
   */
  readonly allConstants: Readonly<Record<string, AbiValue>>;
}
