// The scenario runtime as the kernel's Userland (kernel/kern/userland.ts): it starts the
// scenario's processes at power-on and the program a kexec'd kernel names, runs LWPs' bytecode,
// starts LWPs made by _lwp_create, and pushes signal-handler frames.
import type { Kernel } from '../../kernel/kern/kernel';
import type { Lwp, SigAct, SigInfo, StartContext } from '../../kernel/kern/state';
import { TRAP_FAULT, type TrapCode, type Userland } from '../../kernel/kern/userland';
import { newproc } from '../../kernel/proc/proc';
import { panic as kernelPanic } from '../../kernel/kern/generation';
import { currentGeneration } from '../../kernel/kexec/state';
import type { AbiName } from '../abi-view';
import type { CompiledScenario } from '../bytecode';
import type { Value } from '../values';
import { RuntimeFault } from './fault';
import { exec } from './interpreter';
import { locationPc, newFrame, newUserState, type UserState } from './user-state';
import { statementAt } from '../source-map';

/** A failed expectation, a run-time error in user code, or a panic, with where it happened. */
export interface Failure {
  kind: 'expect' | 'error' | 'panic';
  message: string;
  line: number;
  col: number;
  pid: number;
  lid: number;
  gen: number;
}

/** Called at every statement boundary while set; returning true stops the machine there. */
export type StmtHook = (l: Lwp, fnId: number, stmt: number) => boolean;

export interface RuntimeOptions {
  /** Receives each line print() writes (default: collected in `output`). */
  onPrint?: (line: string, l: Lwp) => void;
  /** Stop the machine (run returns 'break') at the first failure. Default true. */
  stopOnFailure?: boolean;
  /** How a panic is carried out (default: the kernel's panic()). */
  panic?: (k: Kernel, l: Lwp, why: string) => void;
}

export class ScenarioUserland implements Userland {
  /** Set by the debugger: called at each statement start. */
  stmtHook: StmtHook | null = null;
  /** User steps executed (for the headless step budget). */
  steps = 0;
  readonly failures: Failure[] = [];
  /** Every panic("why") a scenario called, with where (a crash kernel may have booted after it). */
  readonly panics: Failure[] = [];
  readonly output: string[] = [];
  readonly imageCache = new Map<string, Uint8Array>();

  constructor(readonly prog: CompiledScenario, private readonly opts: RuntimeOptions = {}) {}

  run(k: Kernel, l: Lwp, budget: number): TrapCode {
    try {
      return exec(this, k, l, budget);
    } catch (e) {
      if (!(e instanceof RuntimeFault)) throw e;
      const at = this.location(l);
      this.fail(k, l, 'error', at.line, at.col, e.message);
      l.l_retval = k.kc.SIGABRT;
      return TRAP_FAULT;
    }
  }

  startlwp(k: Kernel, l: Lwp, ctx: StartContext): boolean {
    const name = this.prog.addrFn.get(ctx.pc);
    if (name === undefined) return false;
    const id = this.prog.fnIds.get(name)?.get(this.procAbi(k, l));
    if (id === undefined) return false;
    const fn = this.prog.fns[id];
    const u = newUserState(this.prog.id, id, fn.nslots);
    if (fn.nparams > 0) u.frames[0].locals[0] = ctx.arg;
    l.l_user = u as unknown as Lwp['l_user'];
    return true;
  }

  sendsig(k: Kernel, l: Lwp, signo: number, action: SigAct, info: SigInfo, oldmask: { w0: number; w1: number }): void {
    const u = l.l_user as unknown as UserState;
    const name = this.prog.addrFn.get(action.sa_handler);
    const id = name === undefined ? undefined : this.prog.fnIds.get(name)?.get(this.procAbi(k, l));
    if (id === undefined || u === null) return;
    const fn = this.prog.fns[id];
    const f = newFrame(id, fn.nslots, u.stack.length);
    if (fn.nparams > 0) f.locals[0] = signo;
    if (fn.nparams > 1) {
      const si: Value = { t: 'st', ty: 'siginfo_t', f: { si_signo: info.si_signo, si_code: info.si_code, si_pid: info.si_pid, si_uid: info.si_uid, si_lid: info.si_lid } };
      f.locals[1] = si;
    }
    f.sig = { oldmask: { w0: oldmask.w0, w1: oldmask.w1 }, scnum: l.l_scnum, args: l.l_args.slice(), retval: l.l_retval, error: l.l_error };
    u.frames.push(f);
  }

  init(k: Kernel, _generation: number): void {
    const gen = currentGeneration(k);
    if (gen.kernel.format === 'power-on') {
      for (const unit of this.prog.units) {
        if (unit.kind !== 'process') continue;
        this.start(k, unit.name, unit.uid, unit.fn);
      }
      return;
    }
    const unit = this.prog.units.find((x) => x.kind === 'program' && x.name === gen.kernel.init);
    if (unit) this.start(k, unit.name, unit.uid, unit.fn);
  }

  private start(k: Kernel, name: string, uid: number, fnId: number): void {
    const fn = this.prog.fns[fnId];
    const user = newUserState(this.prog.id, fnId, fn.nslots);
    newproc(k, { name, uid, user: user as unknown as Lwp['l_user'] });
  }

  /** The ABI the LWP's process runs under (the ABI its first code was compiled for). */
  private procAbi(k: Kernel, l: Lwp): AbiName {
    for (const sib of l.l_proc.p_lwps.values()) {
      const u = sib.l_user as unknown as UserState | null;
      if (u && u.frames && u.frames.length > 0) return this.prog.fns[u.frames[0].fn].abi;
    }
    return k.abi.name;
  }

  /** The scenario line and column an LWP is at. */
  location(l: Lwp): { line: number; col: number; fn: string } {
    const u = l.l_user as unknown as UserState | null;
    const fr = u?.frames?.[u.frames.length - 1];
    if (!fr) return { line: 0, col: 0, fn: '' };
    const fn = this.prog.fns[fr.fn];
    const at = statementAt(this.prog, fr.fn, locationPc(u as UserState, fr));
    return at ? { line: at.line, col: at.col, fn: fn.name } : { line: fn.line, col: fn.col, fn: fn.name };
  }

  print(line: string, l: Lwp): void {
    if (this.opts.onPrint) this.opts.onPrint(line, l);
    else this.output.push(line);
  }

  /** Records a failed expectation; true when the machine should stop here. */
  expectFailed(k: Kernel, l: Lwp, _fnId: number, line: number, col: number, message: string): boolean {
    return this.fail(k, l, 'expect', line, col, message);
  }

  /** panic("why"): the kernel panics (a staged crash kernel boots, else the machine halts). */
  panic(k: Kernel, l: Lwp, why: string): void {
    const at = this.location(l);
    this.panics.push({ kind: 'panic', message: `panic: ${why}`, line: at.line, col: at.col, pid: l.l_proc.p_pid, lid: l.l_lid, gen: k.s.generation });
    if (this.opts.panic) this.opts.panic(k, l, why);
    else kernelPanic(k, why);
  }

  private fail(k: Kernel, l: Lwp, kind: Failure['kind'], line: number, col: number, message: string): boolean {
    this.failures.push({ kind, message, line, col, pid: l.l_proc.p_pid, lid: l.l_lid, gen: k.s.generation });
    if (this.opts.stopOnFailure === false) return false;
    k.stopRequest = kind === 'expect' ? 'expect' : kind;
    return true;
  }
}
