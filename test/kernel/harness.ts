// A tiny scripted Userland for kernel tests: each LWP runs a named program, a list of steps
// (system calls, bits of user code, busy waits). Programs live in the harness (code); the
// LWP's user state (`l_user`) is plain data: program name, program counter, frames.
// Shared test variables live in the machine state (`k.s.ext.testvars`) so snapshots
// capture them.

import {
  abiTable, boot, createMachine, inspectLwp, newproc, run, sigreturn, uvm_alloc, uvm_read_int,
  uvm_write_int, copyout, RESTART_SYSCALL, TRAP_PREEMPT, TRAP_RETURN, TRAP_SYSCALL, TRAP_FAULT,
  USER_TEXT_BASE, type KEvent, type Kernel, type Lwp, type MachineConfig, type RunResult,
  type SigAct, type SigInfo, type SysArg, type TrapCode, type Userland,
} from '../../kernel/index';

export interface Ctx {
  k: Kernel;
  l: Lwp;
  lid: number;
  pid: number;
  /** Shared variables of the test (plain numbers). */
  v: Record<string, number>;
  /** Result of the last finished system call of this frame. */
  ret: number;
  err: string | null;
  h: Harness;
}

type ArgsFn = (c: Ctx) => SysArg[];

export type Step =
  | { kind: 'sys'; name: string; args: ArgsFn; label?: string; then?: (c: Ctx) => void; num?: number }
  | { kind: 'do'; fn: (c: Ctx) => void }
  | { kind: 'until'; pred: (c: Ctx) => boolean }
  | { kind: 'spin'; n: number }
  | { kind: 'goto'; target: (c: Ctx) => number }
  | { kind: 'fault'; sig: number };

export function sys(name: string, args: SysArg[] | ArgsFn = [], label?: string, then?: (c: Ctx) => void): Step {
  return { kind: 'sys', name, args: typeof args === 'function' ? args : () => args, label, then };
}
/** A system call by raw number (test-only calls installed in k.sysent). */
export function sysn(num: number, args: SysArg[], label?: string): Step {
  return { kind: 'sys', name: `#${num}`, args: () => args, label, num };
}
export function act(fn: (c: Ctx) => void): Step {
  return { kind: 'do', fn };
}
export function until(pred: (c: Ctx) => boolean): Step {
  return { kind: 'until', pred };
}
export function spin(n: number): Step {
  return { kind: 'spin', n };
}
export function fault(sig: number): Step {
  return { kind: 'fault', sig };
}

interface Frame {
  prog: string;
  pc: number;
  waiting: boolean;
  spun: number;
  savedRet: number;
  savedErr: number;
  oldW0: number;
  oldW1: number;
  arg: number;
}

interface UState {
  frames: Frame[];
}

export interface Rec {
  pid: number;
  lid: number;
  name: string;
  ret: number;
  err: string | null;
  time: number;
}

export interface HarnessOptions extends Partial<MachineConfig> {
  /** Record every event (for determinism tests). */
  events?: boolean;
}

export class Harness {
  k: Kernel;
  readonly ul: Userland;
  readonly progs = new Map<string, Step[]>();
  readonly progAddr = new Map<string, number>();
  readonly addrProg = new Map<number, string>();
  readonly results = new Map<string, Rec[]>();
  readonly log: Rec[] = [];
  /** Strings a test read back from user memory, by label. */
  readonly names = new Map<string, string>();
  readonly events: KEvent[] = [];
  readonly handlerRuns: { lid: number; sig: number; code: number; pid: number }[] = [];
  private mainProgs: { name: string; prog: string; uid: number }[] = [];

  constructor(opts: HarnessOptions = {}) {
    const { events, ...cfg } = opts;
    this.ul = {
      run: (k, l, budget) => this.runLwp(k, l, budget),
      startlwp: (k, l, ctx) => this.startlwp(k, l, ctx),
      sendsig: (k, l, signo, action, info, oldmask) => this.sendsig(k, l, signo, action, info, oldmask),
      init: (k) => this.init(k),
    };
    this.k = createMachine({ cpus: 2, seed: Number(process.env['KSIM_TEST_SEED'] ?? 1), ...cfg }, this.ul, {
      sink: events === true ? (e) => this.events.push(e) : null,
    });
    this.k.s.ext['testvars'] = {};
  }

  get v(): Record<string, number> {
    return this.k.s.ext['testvars'] as Record<string, number>;
  }

  get abi(): ReturnType<typeof abiTable> {
    return this.k.abi;
  }

  c(name: string): number {
    const v = this.k.abi.allConstants[name];
    if (v === undefined) throw new Error(`no constant ${name}`);
    return Number(v);
  }

  /** Defines a program (a thread start function or a signal handler). */
  prog(name: string, steps: Step[]): number {
    this.progs.set(name, steps);
    const addr = USER_TEXT_BASE + 16 * (this.progAddr.size + 1);
    this.progAddr.set(name, addr);
    this.addrProg.set(addr, name);
    return addr;
  }

  addr(name: string): number {
    const a = this.progAddr.get(name);
    if (a === undefined) throw new Error(`no program ${name}`);
    return a;
  }

  /** A process started at boot running `steps`. */
  process(steps: Step[], name = 'main', uid = 0): void {
    this.prog(name, steps);
    this.mainProgs.push({ name, prog: name, uid });
  }

  boot(): void {
    boot(this.k);
  }

  run(max = 1_000_000): RunResult {
    if (this.k.s.procs.size === 0) this.boot();
    return run(this.k, max);
  }

  /** Results recorded under `label`. */
  r(label: string): Rec {
    const rs = this.results.get(label);
    if (rs === undefined || rs.length === 0) throw new Error(`no result ${label}`);
    return rs[rs.length - 1]!;
  }

  rs(label: string): Rec[] {
    return this.results.get(label) ?? [];
  }

  has(label: string): boolean {
    return (this.results.get(label)?.length ?? 0) > 0;
  }

  lwp(lid: number, pid = 1): ReturnType<typeof inspectLwp> {
    return inspectLwp(this.k, pid, lid);
  }

  // ---- Userland ---------------------------------------------------------------------------

  init(k: Kernel): void {
    for (const m of this.mainProgs) {
      newproc(k, { name: m.name, uid: m.uid, user: { frames: [frame(m.prog, 0)] } as unknown as Lwp['l_user'] });
    }
  }

  startlwp(k: Kernel, l: Lwp, ctx: { pc: number; arg: number }): boolean {
    const prog = this.addrProg.get(ctx.pc);
    if (prog === undefined) return false;
    l.l_user = { frames: [frame(prog, ctx.arg)] } as unknown as Lwp['l_user'];
    return true;
  }

  sendsig(k: Kernel, l: Lwp, signo: number, action: SigAct, info: SigInfo, oldmask: { w0: number; w1: number }): void {
    const u = l.l_user as unknown as UState;
    const top = u.frames[u.frames.length - 1]!;
    top.savedRet = Number(l.l_retval);
    top.savedErr = l.l_error;
    const prog = this.addrProg.get(action.sa_handler) ?? '';
    const f = frame(prog, signo);
    f.oldW0 = oldmask.w0;
    f.oldW1 = oldmask.w1;
    u.frames.push(f);
    this.handlerRuns.push({ lid: l.l_lid, sig: signo, code: info.si_code, pid: info.si_pid });
  }

  private ctx(k: Kernel, l: Lwp): Ctx {
    return {
      k, l, lid: l.l_lid, pid: l.l_proc.p_pid, v: k.s.ext['testvars'] as Record<string, number>,
      ret: Number(l.l_retval), err: l.l_error === 0 ? null : (k.abi.errnoName(l.l_error) ?? String(l.l_error)),
      h: this,
    };
  }

  private runLwp(k: Kernel, l: Lwp, budget: number): TrapCode {
    const u = l.l_user as unknown as UState;
    let steps = 0;
    for (;;) {
      const f = u.frames[u.frames.length - 1]!;
      const prog = this.progs.get(f.prog) ?? [];
      if (f.waiting) {
        const st = prog[f.pc];
        if (st !== undefined && st.kind === 'sys') {
          if (l.l_error === RESTART_SYSCALL) return TRAP_SYSCALL;
          f.waiting = false;
          const c = this.ctx(k, l);
          const rec: Rec = { pid: c.pid, lid: c.lid, name: st.name, ret: c.ret, err: c.err, time: k.s.time };
          this.log.push(rec);
          if (st.label !== undefined) {
            let arr = this.results.get(st.label);
            if (arr === undefined) this.results.set(st.label, (arr = []));
            arr.push(rec);
          }
          st.then?.(c);
        }
        f.pc++;
      }
      if (steps >= budget) return TRAP_PREEMPT;
      const st = prog[f.pc];
      if (st === undefined) {
        if (u.frames.length > 1) {
          u.frames.pop();
          const below = u.frames[u.frames.length - 1]!;
          l.l_retval = below.savedRet;
          l.l_error = below.savedErr;
          sigreturn(k, l, { w0: f.oldW0, w1: f.oldW1 });
          steps++;
          continue;
        }
        return TRAP_RETURN;
      }
      steps++;
      switch (st.kind) {
        case 'sys': {
          const n = st.num ?? k.abi.syscallNumbers[st.name];
          if (n === undefined) throw new Error(`no syscall ${st.name}`);
          const args = st.args(this.ctx(k, l));
          l.l_scnum = n;
          l.l_args.length = 0;
          for (const x of args) l.l_args.push(x);
          f.waiting = true;
          return TRAP_SYSCALL;
        }
        case 'do':
          st.fn(this.ctx(k, l));
          f.pc++;
          break;
        case 'until':
          if (st.pred(this.ctx(k, l))) f.pc++;
          else return TRAP_PREEMPT;
          break;
        case 'spin':
          if (++f.spun >= st.n) {
            f.spun = 0;
            f.pc++;
          }
          break;
        case 'goto':
          f.pc = st.target(this.ctx(k, l));
          break;
        case 'fault':
          f.pc++;
          l.l_retval = st.sig;
          return TRAP_FAULT;
      }
    }
  }
}

function frame(prog: string, arg: number): Frame {
  return { prog, pc: 0, waiting: false, spun: 0, savedRet: 0, savedErr: 0, oldW0: 0, oldW1: 0, arg };
}

// ---- helpers that build user memory ------------------------------------------------------

/** Allocates user memory in the LWP's process. */
export function alloc(c: Ctx, len: number): number {
  return uvm_alloc(c.l.l_proc.p_vmspace, len);
}

export function peek32(c: Ctx, addr: number): number {
  return uvm_read_int(c.l.l_proc.p_vmspace, addr, 4, true);
}

export function peek64(c: Ctx, addr: number): number {
  return uvm_read_int(c.l.l_proc.p_vmspace, addr, 8, true);
}

export function poke32(c: Ctx, addr: number, v: number): void {
  uvm_write_int(c.l.l_proc.p_vmspace, addr, 4, v);
}

export function poke64(c: Ctx, addr: number, v: number): void {
  uvm_write_int(c.l.l_proc.p_vmspace, addr, 8, v);
}

/** A struct timespec in user memory. */
export function timespec(c: Ctx, sec: number, nsec: number): number {
  const a = alloc(c, 16);
  poke64(c, a, sec);
  poke64(c, a + 8, nsec);
  return a;
}

/** A C string in user memory. */
export function cstr(c: Ctx, s: string): number {
  const a = alloc(c, s.length + 1);
  const b = new Uint8Array(s.length + 1);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  copyout(c.l.l_proc.p_vmspace, a, b);
  return a;
}

export function readstr(c: Ctx, addr: number, max: number): string {
  let s = '';
  for (let i = 0; i < max; i++) {
    const b = uvm_read_int(c.l.l_proc.p_vmspace, addr + i, 4, false) & 0xff;
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** A ucontext_t for `prog(arg)`, with _UC_CPU set unless `flags` says otherwise. */
export function ucontext(c: Ctx, prog: string, arg = 0, opts: { flags?: number; sigmask?: number; psl?: number; pc?: number } = {}): number {
  const a = alloc(c, 96);
  poke32(c, a, opts.flags ?? c.h.c('_UC_CPU'));
  poke32(c, a + 16, opts.sigmask ?? 0);
  poke64(c, a + 56, opts.pc ?? c.h.addr(prog));
  poke64(c, a + 64, 0);
  poke64(c, a + 72, arg);
  poke64(c, a + 88, opts.psl ?? 0);
  return a;
}

/**
 * Steps that create an LWP running `prog` and store its LID in v[name]; the call's result is
 * recorded under `create:${name}`.
 */
export function create(name: string, prog: string, flags = 0, arg = 0): Step[] {
  return [
    act((c) => {
      c.v[`uc:${name}`] = ucontext(c, prog, arg);
      c.v[`lidp:${name}`] = alloc(c, 4);
    }),
    sys('_lwp_create', (c) => [c.v[`uc:${name}`]!, flags, c.v[`lidp:${name}`]!], `create:${name}`, (c) => {
      c.v[name] = peek32(c, c.v[`lidp:${name}`]!);
    }),
  ];
}

/** `_lwp_park(CLOCK_MONOTONIC, 0, NULL, 0, NULL, NULL)` (the spec's "parked"). */
export function park(label: string): Step {
  return sys('___lwp_park60', [3, 0, 0, 0, 0, 0], label);
}

/** Installs `handler` for `sig` with `flags` (SA_RESTART etc.). */
export function sigaction(sig: string, handler: string | 0 | 1, flags = 0, label?: string): Step[] {
  return [
    act((c) => {
      const a = alloc(c, 32);
      poke64(c, a, typeof handler === 'string' ? c.h.addr(handler) : handler);
      poke32(c, a + 24, typeof flags === 'number' ? flags : 0);
      c.v[`sa:${sig}`] = a;
    }),
    sys('sigaction', (c) => [c.h.c(sig), c.v[`sa:${sig}`]!, 0], label),
  ];
}

/** Waits (busy, in user mode) until LWP v[name] is in state `stat`. */
export function untilState(name: string | number, stat: string): Step {
  return until((c) => {
    const lid = typeof name === 'number' ? name : c.v[name];
    if (lid === undefined) return false;
    return inspectLwp(c.k, c.pid, lid)?.state === stat;
  });
}

export function untilSet(name: string): Step {
  return until((c) => c.v[name] !== undefined);
}
