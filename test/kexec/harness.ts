// A scripted Userland for the kexec tests: each process runs a generator that yields system
// calls by name and receives their results. Programs are keyed by generation, so a test can
// say what the power-on generation runs and what a kexec'd kernel's `init` program runs.

import {
  boot, copyout, createMachine, newproc, run, TRAP_BREAK, TRAP_RETURN, TRAP_SYSCALL, uvm_alloc,
  type Kernel, type KEvent, type Lwp, type MachineConfig, type SysArg, type TrapCode, type Userland,
} from '../../kernel/index';
import { generation_kernel, panic } from '../../kernel/kern/generation';
import { encodeSegments, type SegmentDesc } from '../../kernel/kexec/image';

export interface Call {
  sys: string;
  args: SysArg[];
}

/** What a yielded call evaluates to: the return value and the errno *name* (null on success). */
export interface Result {
  ret: SysArg;
  errno: string | null;
}

export type Yielded = Call | { panic: string } | { spin: number };
export type Program = (u: Ctx) => Generator<Yielded, void, Result>;

export interface Ctx {
  k: Kernel;
  l: Lwp;
  /** Copies bytes into fresh user memory and returns the address. */
  buf(bytes: Uint8Array): bigint;
  /** A user array of kexec_segment structs. */
  segs(descs: readonly SegmentDesc[]): bigint;
  str(s: string): bigint;
}

export const call = (sys: string, ...args: SysArg[]): Call => ({ sys, args });

export interface ProcSpec {
  name: string;
  uid?: number;
  main: Program;
}

/** Programs by name, started when a kexec'd kernel names them as init. */
export type ProgramTable = Record<string, Program>;

export class TestUserland implements Userland {
  private gens = new Map<number, Generator<Yielded, void, Result>>();
  private next = 1;
  /** What each program printed or recorded. */
  readonly notes: string[] = [];
  /** Whether an init program started, per generation. */
  readonly started: number[] = [];
  /** Wall time (ns, hrtime) of the first user instruction per generation. */
  readonly firstRun = new Map<number, bigint>();

  constructor(private readonly powerOn: ProcSpec[], private readonly programs: ProgramTable = {}) {}

  private ctx(k: Kernel, l: Lwp): Ctx {
    const vm = l.l_proc.p_vmspace;
    const buf = (bytes: Uint8Array): bigint => {
      const a = uvm_alloc(vm, Math.max(bytes.length, 16));
      copyout(vm, a, bytes);
      return BigInt(a);
    };
    return {
      k, l, buf,
      segs: (descs) => buf(encodeSegments(descs)),
      str: (s) => buf(new TextEncoder().encode(s + '\0')),
    };
  }

  private spawn(k: Kernel, name: string, uid: number, prog: Program): void {
    const id = this.next++;
    const { l } = newproc(k, { name, uid, user: id });
    this.gens.set(id, prog(this.ctx(k, l)));
  }

  init(k: Kernel, generation: number): void {
    if (generation === 0) {
      for (const p of this.powerOn) this.spawn(k, p.name, p.uid ?? 0, p.main);
      return;
    }
    const id = generation_kernel(k);
    const prog = this.programs[id.init];
    if (prog !== undefined) {
      this.started.push(generation);
      this.spawn(k, id.init, 0, prog);
    }
  }

  run(k: Kernel, l: Lwp, _budget: number): TrapCode {
    const gen = this.gens.get(l.l_user as number);
    if (gen === undefined) return TRAP_RETURN;
    if (!this.firstRun.has(k.s.generation)) this.firstRun.set(k.s.generation, process.hrtime.bigint());
    const first = l.l_scnum === -1 || l.l_scnum === undefined;
    const r = first ? gen.next(undefined as unknown as Result) : gen.next({
      ret: l.l_retval, errno: l.l_error === 0 ? null : (k.abi.errnoName(l.l_error) ?? String(l.l_error)),
    });
    if (r.done === true) return TRAP_RETURN;
    const y = r.value;
    if ('panic' in y) {
      panic(k, y.panic);
      return TRAP_BREAK;
    }
    if ('spin' in y) {
      l.l_scnum = k.abi.syscallNumbers['sched_yield'] ?? -1;
      l.l_args.length = 0;
      return TRAP_SYSCALL;
    }
    const n = k.abi.syscallNumbers[y.sys];
    if (n === undefined) throw new Error(`no syscall ${y.sys} in ${k.abi.name}`);
    l.l_scnum = n;
    l.l_args.length = 0;
    l.l_args.push(...y.args);
    return TRAP_SYSCALL;
  }

  startlwp(): boolean {
    return false;
  }

  sendsig(): void {
    /* no signal handlers in these tests */
  }
}

export interface Machine {
  k: Kernel;
  u: TestUserland;
  events: KEvent[];
  /** Runs until the machine is idle, blocked or halted (kexec stops are run through). */
  runAll(max?: number): string;
}

export function machine(config: Partial<MachineConfig>, procs: ProcSpec[], programs: ProgramTable = {},
  files: Record<string, Uint8Array> = {}): Machine {
  const events: KEvent[] = [];
  const u = new TestUserland(procs, programs);
  const k = createMachine({ preempt: 0, ...config }, u, { sink: (e) => events.push(e), files });
  boot(k);
  return {
    k, u, events,
    runAll(max = 100000): string {
      for (;;) {
        const r = run(k, max);
        if (r.status === 'break') continue;
        return r.status;
      }
    },
  };
}

/** Runs one program as root on a fresh machine and returns what it recorded. */
export function errnoName(r: Result): string {
  return r.errno ?? 'OK';
}
