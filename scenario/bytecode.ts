// The compiled form of a scenario: a compact stack bytecode per function, with variables
// resolved to slots at compile time. Compiled code is immutable and shared by every run; the
// per-LWP state that executes it (runtime/user-state.ts) is plain data and refers to it by id.
import type { AbiName, CType } from './abi-view';
import type { Value } from './values';

/** Opcodes. Operands follow the opcode in the code array. */
export const enum Op {
  /** CONST k: push consts[k]. */
  CONST = 1,
  /** INT n: push the small integer n. */
  INT,
  /** LOAD s / STORE s: read or write local slot s (STORE pops). */
  LOAD,
  STORE,
  POP,
  DUP,
  /** JMP t / JF t / JT t: jump; JF and JT pop a condition. */
  JMP,
  JF,
  JT,
  /** BIN b: pop r, pop l, push l (b) r with b a BinOp. */
  BIN,
  /** UN u: pop v, push (u) v with u a UnOp. */
  UN,
  /** CALL f argc: call compiled function f with argc arguments. */
  CALL,
  /** RET: return the popped value to the caller. */
  RET,
  /** SYS c argc: system call c (an index into CompiledScenario.syscalls). */
  SYS,
  /** BUILTIN b argc c: built-in b; c is the system call it is made of (-1 none). */
  BUILTIN,
  /** INDEX: pop i, pop a, push a[i]. SETINDEX: pop v, pop i, pop a; a[i] = v. */
  INDEX,
  SETINDEX,
  /** FIELD k / SETFIELD k: field consts[k] (a string) of a struct. */
  FIELD,
  SETFIELD,
  /** MKARR n: pop n values into an array. MKSTRUCT k n: consts[k] lists n field names. */
  MKARR,
  MKSTRUCT,
  /** REF s: push an out-parameter reference to local slot s (`&x`). */
  REF,
  /** STMT i: the start of statement i (CompiledFn.stmts[i]); where the debugger may stop. */
  STMT,
  /** EXPECT i: pop v; statement i's expectation failed when v is zero. */
  EXPECT,
  /** EXPFAIL i e: pop the call's result; it must be -1 with errno e. */
  EXPFAIL,
  /** ERRNO / SETERRNO: read or write the LWP's errno. */
  ERRNO,
  SETERRNO,
  /**
   * EXPCMP i b f: pop r, pop l; statement i's expectation `l (b) r` failed when it does not
   * hold. Kept apart from EXPECT so that the failure can say what l and r were. f: bit 0, r is
   * a literal (not worth repeating); bit 1, l is a call (show errno when it returned -1).
   */
  EXPCMP,
}

/** EXPCMP flags. */
export const EXPCMP_RIGHT_LITERAL = 1;
export const EXPCMP_LEFT_CALL = 2;

export const enum BinOp { ADD, SUB, MUL, DIV, MOD, SHL, SHR, AND, OR, XOR, EQ, NE, LT, LE, GT, GE }
export const enum UnOp { NEG, NOT, BNOT, TRUTH }

/** Built-in ids, in the order of builtins.ts (the compiler maps names to these). */
export const enum Bi {
  PRINT, UCONTEXT, SPAWN, BYTES, LEN, FILE, IMAGE_BYTES, OPEN, CLOSE, PANIC, UNAME, HEX, STR, ERRNAME,
  SLEEP, NOW, SYSCTL, DEREF, EXIT, FIND,
}

export interface StmtInfo {
  line: number;
  col: number;
  /** Code offset of the statement's STMT instruction. */
  pc: number;
  /** For expect statements: the source text of the expectation, for failure messages. */
  text?: string;
}

export interface CompiledFn {
  /** Index in CompiledScenario.fns. */
  id: number;
  name: string;
  kind: 'fn' | 'process' | 'program';
  abi: AbiName;
  nparams: number;
  nslots: number;
  /** Local slot names, for the debugger's Variables view (several slots may share a name). */
  slotNames: string[];
  /** For each slot, the code range [from, to) in which it is in scope. */
  slotScopes: [number, number][];
  code: Int32Array;
  consts: Value[];
  stmts: StmtInfo[];
  /** Code offset → index of the statement containing it. */
  pcStmt: Int32Array;
  /** Call sites: code offset of each CALL/SYS/BUILTIN → source place. */
  calls: Map<number, { line: number; col: number; name: string }>;
  line: number;
  col: number;
  endLine: number;
}

export interface SyscallDesc {
  name: string;
  number: number;
  abi: AbiName;
  argTypes: readonly CType[];
  argNames: readonly string[];
  noReturn: boolean;
}

export interface UnitInfo {
  name: string;
  kind: 'process' | 'program';
  /** The compiled body. */
  fn: number;
  uid: number;
}

export interface ImageDecl {
  name: string;
  banner: string;
  entry: bigint;
  size: number;
  init: string;
  abi: 'inherit' | 'bsd' | 'linux';
  format: 'ksim' | 'bzimage';
  cmdline: string;
}

export interface MachineDecl {
  abi: AbiName;
  cpus: number;
  memory: number | { start: number | bigint; end: number | bigint }[];
  seed: number;
  /** The other fields (switches), as evaluated constants. */
  switches: Record<string, number | bigint | string>;
  hz?: number;
  maxlwp?: number;
}

export interface CompiledScenario {
  /** Registry id (runtime/registry.ts). */
  id: number;
  source: string;
  fileName: string;
  machine: MachineDecl;
  fns: CompiledFn[];
  /** fn name → compiled id per ABI. */
  fnIds: Map<string, Map<AbiName, number>>;
  /** User text address of each fn name (the same in every ABI). */
  fnAddr: Map<string, number>;
  addrFn: Map<number, string>;
  units: UnitInfo[];
  syscalls: SyscallDesc[];
  images: Map<string, ImageDecl>;
  /** Files read by file()/open(): path as written → bytes. */
  files: Map<string, Uint8Array>;
}
