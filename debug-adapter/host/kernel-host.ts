// The SimHost over the real kernel and the scenario runtime: runs the machine in budgets of
// LWP slices, turns kernel events, statement hooks and kernel points into SimEvents,
// snapshots and restores the machine, and applies user patches (memory writes, syscalls run
// from the command palette, terminated LWPs, set values).

import type { Kernel } from '../../kernel/kern/kernel';
import type { KEvent } from '../../kernel/kern/events';
import type { Lwp, Proc } from '../../kernel/kern/state';
import { boot, createMachine, lwp_slice, restoreMachine, run, snapshotMachine, type MachineSnapshot, type RunResult } from '../../kernel/machine';
import { panic as kernelPanic } from '../../kernel/kern/generation';
import { writePhysMemory } from '../../kernel/kexec/inspect';
import {
  LSIDL, LSONPROC, LSRUN, LSSLEEP, LSSTOP, LSSUSPENDED, LSZOMB, LW_SINTR, LW_WEXIT,
} from '../../kernel/proc/lwpdefs';
import { lwp_continue } from '../../kernel/proc/lwp';
import { sleepq_unsleep } from '../../kernel/sched/sleepq';
import { callout_next, callout_softclock } from '../../kernel/kern/callout';
import { cpu_switchto, preempt } from '../../kernel/sched/sched';
import { runq_remove } from '../../kernel/sched/runq';
import type { CompiledScenario } from '../../scenario/bytecode';
import { machineConfig, machineFiles } from '../../scenario/run';
import { ScenarioUserland } from '../../scenario/runtime/userland';
import type { AbiName } from '../contract';
import type { DebugValue, LwpKey, PatchResult, RunStatus, SimEvent, SimHost, SimPatch, SingleThreadMode } from '../engine/sim-host';
import { KernelView } from './kernel-view';
import { runSyscallPatch, type RunnerHost } from './syscall-runner';
import { localSlot, userState } from './user-frames';
import { evaluateExpr, evaluateText, parseExpression } from './evaluate';
import type { Expr } from '../../scenario/ast';
import type { Value } from '../../scenario/values';
import { fromBigInt } from '../../scenario/int64';
import { copyout } from '../../kernel/vm/uvm';

/** Raw LWP fields a user may set (the state and the queues stay the kernel's). */
const SETTABLE_LWP_INTS = ['l_flag', 'l_prflag', 'l_pflag', 'l_private', 'l_waitingfor', 'l_waiter'] as const;
const SETTABLE_LWP_FIELDS = ['l_name', ...SETTABLE_LWP_INTS];

type Emit = (e: SimEvent) => boolean | void;
const DISCARD: Emit = () => false;

/** The scenario runtime with the debugger's hooks on print, expect and panic. */
class DebugUserland extends ScenarioUserland {
  host: KernelHost | null = null;

  override print(line: string, l: Lwp): void {
    this.host?.emitNow({ kind: 'output', text: line, category: 'stdout' });
    super.print(line, l);
  }

  override expectFailed(k: Kernel, l: Lwp, fnId: number, line: number, col: number, message: string): boolean {
    const host = this.host;
    if (host) {
      host.emitNow({ kind: 'expectFailed', lwp: host.keyOf(l), file: this.prog.fileName, line, column: col, message });
    }
    super.expectFailed(k, l, fnId, line, col, message);
    return false;
  }
}

interface HostSnapshot {
  machine: MachineSnapshot;
  failures: number;
  ended: { exitCode: number; reason: string } | null;
  /** The LWP kernel points are attributed to (part of the replayed state). */
  running: { pid: number; lid: number } | null;
}

export class KernelHost extends KernelView implements SimHost, RunnerHost {
  private emit: Emit = DISCARD;
  private readonly userland: DebugUserland;
  private ended: { exitCode: number; reason: string } | null = null;
  /** The LWP running now, as far as events tell (kernel points carry no LWP). */
  private running: Lwp | null = null;
  private booted = false;
  private patchOutput: string[] = [];

  constructor(prog: CompiledScenario, options: { seed?: number; abi?: AbiName }) {
    const userland = new DebugUserland(prog, {
      stopOnFailure: false,
      onPrint: () => undefined,
      panic: (k, _l, why) => kernelPanic(k, why),
    });
    // Workspace files and every kernel_image as /boot/NAME, as a headless run has them.
    const files = machineFiles(prog, userland);
    const config = machineConfig(prog, options.seed);
    if (options.abi) config.abi = options.abi;
    const k = createMachine(config, userland, { files });
    super(k, prog);
    this.userland = userland;
    userland.host = this;
    k.sink = (e) => this.onKernelEvent(e);
    k.kpHook = (_k, point) => this.emit({ kind: 'kernelPoint', lwp: this.running ? this.keyOf(this.running) : null, fn: point });
    userland.stmtHook = (l, fnId, stmt) => {
      this.running = l;
      const fn = prog.fns[fnId];
      const st = fn.stmts[stmt];
      const u = userState(l);
      this.hookAt = { pid: l.l_proc.p_pid, lid: l.l_lid, fn: fnId, stmt };
      const brk = this.emit({ kind: 'statement', lwp: this.keyOf(l), file: prog.fileName, line: st?.line ?? fn.line, column: st?.col ?? fn.col, depth: u?.frames.length ?? 1 });
      this.hookAt = null;
      return brk === true;
    };
    const origRun = userland.run.bind(userland);
    userland.run = (kk, l, budget) => {
      this.running = l;
      return origRun(kk, l, budget);
    };
  }

  get abi(): AbiName {
    return this.k.abi.name;
  }

  get program(): string {
    return this.prog.fileName;
  }

  emitNow(e: SimEvent): void {
    this.emit(e);
  }

  /** LWP keys are cached per LWP object (objects are new after a restore, so never stale). */
  private readonly keys = new WeakMap<Lwp, LwpKey>();

  keyOf(l: Lwp): LwpKey {
    let key = this.keys.get(l);
    if (key === undefined || key.gen !== this.k.s.generation) {
      key = { gen: this.k.s.generation, pid: l.l_proc.p_pid, lid: l.l_lid };
      this.keys.set(l, key);
    }
    return key;
  }

  blockedReason = '';

  sliceCount(): number {
    return this.k.s.steps;
  }

  run(budget: number, emit: Emit, single?: SingleThreadMode): RunStatus {
    if (this.ended) return 'ended';
    this.emit = emit;
    try {
      if (!this.booted) {
        this.booted = true;
        boot(this.k);
      }
      if (!single) {
        const r = run(this.k, budget);
        this.inSyscall = null;
        return this.finish(r);
      }
      // Slice by slice, asking before each whether one LWP alone runs it.
      for (let n = 0; n < budget; n++) {
        const k = this.k;
        const only = single(k.s.steps);
        // A lone LWP whose generation is over (it rebooted the machine): nothing of the old
        // generation is left to freeze, so the new kernel runs as usual.
        if (only === null || only.gen !== k.s.generation) {
          const r = run(k, 1);
          this.inSyscall = null;
          if (r.status !== 'budget') return this.finish(r);
        } else {
          if (k.s.halted !== null) return this.finish({ status: 'halted', slices: 0 });
          const why = this.singleSlice(only);
          this.inSyscall = null;
          if (why !== null) {
            this.blockedReason = why;
            return 'blocked';
          }
        }
        if (k.stopRequest !== null) {
          // A clean break (TRAP_BREAK) or a stop the kernel asked for (a reboot).
          k.stopRequest = null;
          return 'budget';
        }
      }
      return 'budget';
    } finally {
      this.emit = DISCARD;
    }
  }

  /**
   * One slice of `key` alone (every other LWP stays where it is), or why it cannot run. Time
   * moves on only for the LWP's own timed sleep: then the clock jumps to the next callout and
   * the callouts due fire (another LWP a callout wakes becomes runnable but is not scheduled).
   */
  private singleSlice(key: LwpKey): string | null {
    const k = this.k;
    const s = k.s;
    const name = `LWP ${key.pid}.${key.lid}`;
    const frozen = 'other LWPs are frozen';
    const l = this.lwpOf(key.pid, key.lid);
    if (!l || l.l_stat === LSZOMB) return `${name} has exited; ${frozen}`;
    switch (l.l_stat) {
      case LSONPROC:
        break;
      case LSRUN: {
        // It needs a CPU: an idle one, else CPU 0's LWP is preempted (it keeps its place in
        // its program; only its l_stat goes from LSONPROC to LSRUN).
        let ci = s.cpus.find((c) => c.ci_curlwp === null);
        if (!ci) {
          ci = s.cpus[0];
          const holder = ci.ci_curlwp;
          if (holder) preempt(k, holder);
        }
        runq_remove(s, l);
        cpu_switchto(k, ci, l);
        break;
      }
      case LSSLEEP: {
        const next = callout_next(s);
        if (l.l_wchan !== null && l.l_slptimo > 0 && next !== undefined) {
          if (next > s.time) s.time = next;
          callout_softclock(k);
          return null;
        }
        const sc = this.syscall(key);
        const where = sc ? `blocked in ${sc.name}` : 'asleep';
        return `${name} ${where}${l.l_wmesg ? ` (${l.l_wmesg})` : ''}; ${frozen}`;
      }
      case LSSUSPENDED:
        return `${name} is suspended; ${frozen}`;
      case LSSTOP:
        return `${name} is stopped (its process stopped on a signal); ${frozen}`;
      case LSIDL:
        return `${name} has not started yet; ${frozen}`;
      default:
        return `${name} cannot run (l_stat ${l.l_stat}); ${frozen}`;
    }
    this.sliceOf(l);
    return null;
  }

  /** The kernel's slice with no yield points: nobody else may have the CPU. */
  private sliceOf(l: Lwp): void {
    this.running = l;
    lwp_slice(this.k, l, 1, true);
  }

  private finish(r: RunResult): RunStatus {
    switch (r.status) {
      case 'budget':
      case 'break':
        return 'budget';
      case 'idle':
        return this.end(this.failuresExitCode(), 'every process has exited');
      case 'blocked':
        // As a headless run: the exit code says whether every expect held.
        return this.end(this.failuresExitCode(), `deadlock: every live LWP sleeps for ever (${this.sleepers()})`);
      case 'halted': {
        const h = this.k.s.halted;
        const exit = h?.how === 'panic' ? 1 : this.failuresExitCode();
        return this.end(exit, h ? `the machine ${h.how === 'panic' ? `panicked: ${h.message}` : `stopped (${h.how})`}` : 'the machine halted');
      }
    }
  }

  snapshot(): unknown {
    const r = this.running;
    const snap: HostSnapshot = {
      machine: snapshotMachine(this.k), failures: this.userland.failures.length, ended: this.ended,
      running: r ? { pid: r.l_proc.p_pid, lid: r.l_lid } : null,
    };
    return { snap, booted: this.booted };
  }

  restore(s: unknown): void {
    const { snap, booted } = s as { snap: HostSnapshot; booted: boolean };
    restoreMachine(this.k, snap.machine);
    this.userland.failures.length = snap.failures;
    this.ended = snap.ended;
    this.booted = booted;
    this.running = snap.running ? this.lwpOf(snap.running.pid, snap.running.lid) ?? null : null;
    this.hookAt = null;
    this.inSyscall = null;
  }

  get userlandForRunner(): ScenarioUserland {
    return this.userland;
  }

  /** Console output the current patch produced so far (and forget it). */
  takeOutput(): string {
    const out = this.patchOutput.join('');
    this.patchOutput = [];
    return out;
  }

  apply(patch: SimPatch): PatchResult {
    const saved = this.emit;
    this.patchOutput = [];
    this.emit = (e) => {
      if (e.kind === 'output') this.patchOutput.push(e.text.endsWith('\n') ? e.text : e.text + '\n');
    };
    try {
      switch (patch.kind) {
        case 'writeMemory':
          writePhysMemory(this.k, patch.addr, patch.bytes);
          return { message: `wrote ${patch.bytes.length} bytes at 0x${patch.addr.toString(16)}` };
        case 'runSyscall':
          return runSyscallPatch(this, patch.args);
        case 'terminateLwp':
          return this.terminate(patch.lwp);
        case 'setVariable':
          return this.setVariable(patch.lwp, patch.frame, patch.path[0] ?? '', patch.value);
        case 'setExpression':
          return this.setExpression(patch.lwp, patch.frame, patch.expression, patch.value);
      }
    } finally {
      this.emit = saved;
    }
  }

  /** Whether the machine can still run (for the syscall runner). */
  get isEnded(): boolean {
    return this.ended !== null;
  }

  private end(exitCode: number, reason: string): RunStatus {
    this.ended = { exitCode, reason };
    this.emit({ kind: 'ended', exitCode, reason });
    return 'ended';
  }

  private failuresExitCode(): number {
    return this.userland.failures.length > 0 ? 1 : 0;
  }

  private sleepers(): string {
    const out: string[] = [];
    for (const p of this.k.s.procs.values()) {
      for (const l of p.p_lwps.values()) if (l.l_stat === LSSLEEP) out.push(`${p.p_pid}.${l.l_lid} ${l.l_wmesg ?? ''}`.trim());
    }
    return out.slice(0, 8).join(', ') || 'none';
  }

  private lwpOf(pid: number, lid: number): Lwp | undefined {
    return this.k.s.procs.get(pid)?.p_lwps.get(lid);
  }

  private onKernelEvent(e: KEvent): void {
    const gen = this.k.s.generation;
    switch (e.type) {
      case 'syscall_enter': {
        const l = this.lwpOf(e.pid, e.lid);
        if (l) this.running = l;
        this.inSyscall = l ?? null;
        this.emit({ kind: 'syscallEnter', lwp: l ? this.keyOf(l) : { gen, pid: e.pid, lid: e.lid }, name: e.name, args: e.args });
        return;
      }
      case 'syscall_exit': {
        const cur = this.inSyscall;
        this.inSyscall = null;
        const failed = e.errno !== null && e.errno !== 'ERESTART';
        const errno = failed ? (this.k.abi.errno[e.errno ?? ''] ?? -1) : 0;
        const l = cur && cur.l_lid === e.lid && cur.l_proc.p_pid === e.pid ? cur : this.lwpOf(e.pid, e.lid);
        this.emit({ kind: 'syscallExit', lwp: l ? this.keyOf(l) : { gen, pid: e.pid, lid: e.lid }, name: e.name, ret: e.ret, errno, errnoName: failed ? e.errno : null });
        return;
      }
      case 'lwp_create':
        this.emit({ kind: 'lwpCreated', lwp: { gen, pid: e.pid, lid: e.lid }, name: '' });
        return;
      case 'lwp_exit':
        this.emit({ kind: 'lwpExited', lwp: { gen, pid: e.pid, lid: e.lid } });
        return;
      case 'lwp_state':
        // Not an event the debugger stops at (data breakpoints watch l_stat itself).
        return;
      case 'console':
        // A program's print reaches the console through DebugUserland.print, as stdout.
        if (e.source === 'kernel') this.emit({ kind: 'output', text: e.text, category: 'console' });
        return;
      case 'reboot': {
        const how = String(e.detail.how ?? 'reboot');
        this.emit({ kind: 'reboot', lwp: this.running ? this.keyOf(this.running) : null, howto: how, kexec: how.includes('kexec') });
        return;
      }
      case 'panic':
        this.emit({ kind: 'panic', lwp: null, message: String(e.detail.message ?? 'panic') });
        return;
      case 'generation': {
        this.running = null;
        const g = Number(e.detail.gen ?? gen);
        this.emit({ kind: 'generationStarted', gen: g, banner: String(e.detail.banner ?? ''), crash: e.detail.crashKernel === true });
        return;
      }
      default:
        return;
    }
  }

  private terminate(key: LwpKey): PatchResult {
    const l = this.lwpOf(key.pid, key.lid);
    if (!l) return { message: `no LWP ${key.pid}.${key.lid}` };
    l.l_flag |= LW_WEXIT;
    if (l.l_stat === LSSLEEP && (l.l_flag & LW_SINTR) !== 0) sleepq_unsleep(this.k, l);
    else if (l.l_stat === LSSUSPENDED) lwp_continue(this.k, l);
    return { message: `LWP ${key.pid}.${key.lid} will exit when it next runs` };
  }

  private setVariable(key: LwpKey | null, frame: number, name: string, text: string): PatchResult {
    const l = key ? this.lwpOf(key.pid, key.lid) : undefined;
    if (!l) return { ok: false, message: 'no such LWP' };
    const r = evaluateText(text, { lookup: (n) => this.lookup(l, Math.max(frame, 0), n) });
    if (!r.ok) return { ok: false, message: r.message };
    if (frame < 0) return this.setLwpField(l, name, r.value);
    const slot = localSlot(this.prog, l, frame, name);
    const u = userState(l);
    if (slot === undefined || !u) return { ok: false, message: `'${name}' is not a local of this frame` };
    const fr = u.frames[u.frames.length - 1 - frame];
    if (r.value.type === 'int') fr.locals[slot] = r.value.value;
    else if (r.value.type === 'string') fr.locals[slot] = r.value.value;
    else return { ok: false, message: 'only integers and strings can be set' };
    return { message: `${name} = ${text}` };
  }

  /**
   * Set Value on a watch expression: `name`, `name.field`, `name[i]` (chained) naming a local
   * of user frame `frame`, an element of an array, a field of a struct or a byte of a buffer;
   * or a settable LWP field by its name. Anything else is refused with the reason.
   */
  private setExpression(key: LwpKey | null, frame: number, text: string, valueText: string): PatchResult {
    const l = key ? this.lwpOf(key.pid, key.lid) : undefined;
    if (!l) return { ok: false, message: 'no such LWP' };
    const e = parseExpression(text);
    const refused = (why: string): PatchResult => ({
      ok: false,
      message: `'${text}' cannot be set: ${why}. Set Value takes a local of the selected frame, a struct field (s.f), an array element or buffer byte (a[i]), or an LWP field (${SETTABLE_LWP_FIELDS.join(', ')})`,
    });
    if (typeof e === 'string') return refused(e);
    const steps: ({ field: string } | { index: Expr })[] = [];
    let root: Expr = e;
    while (root.k === 'field' || root.k === 'index') {
      steps.unshift(root.k === 'field' ? { field: root.name } : { index: root.index });
      root = root.e;
    }
    if (root.k !== 'name') return refused('it is not a variable, a field or an element');
    const user = Math.max(frame, 0);
    const scope = { lookup: (n: string) => this.lookup(l, user, n) };
    const rhs = evaluateText(valueText, scope);
    if (!rhs.ok) return { ok: false, message: rhs.message };
    const slot = localSlot(this.prog, l, user, root.name);
    const u = userState(l);
    const fr = u?.frames[u.frames.length - 1 - user];
    if (slot === undefined || !fr) {
      if (steps.length === 0 && SETTABLE_LWP_FIELDS.some((f) => f === root.name)) return this.setLwpField(l, root.name, rhs.value);
      return refused(`'${root.name}' is not a local of this frame`);
    }
    const locals = fr.locals;
    let get = (): Value | undefined => locals[slot];
    let put = (v: Value): void => { locals[slot] = v; };
    let path = root.name;
    for (const st of steps) {
      const v = get();
      if ('field' in st) {
        if (typeof v !== 'object' || v.t !== 'st') return refused(`${path} is not a struct`);
        const fields = v.f;
        const name = st.field;
        if (!(name in fields)) return refused(`${path} has no field '${name}' (fields: ${Object.keys(fields).join(', ')})`);
        get = () => fields[name];
        put = (x) => { fields[name] = x; };
        path += `.${name}`;
        continue;
      }
      const ir = evaluateExpr(st.index, scope);
      if (!ir.ok) return { ok: false, message: ir.message };
      if (ir.value.type !== 'int') return refused(`the index of ${path} is not an integer`);
      const i = Number(ir.value.value);
      if (typeof v === 'object' && v.t === 'arr') {
        const items = v.a;
        if (i < 0 || i >= items.length) return refused(`index ${i} is out of range (${path} has ${items.length} elements)`);
        get = () => items[i];
        put = (x) => { items[i] = x; };
      } else if (typeof v === 'object' && v.t === 'buf') {
        if (i < 0 || i >= v.len) return refused(`index ${i} is out of range (${path} has ${v.len} bytes)`);
        const b = rhs.value.type === 'int' ? rhs.value.value : -1n;
        if (b < 0n || b > 255n) return { ok: false, message: `a byte of ${path} takes an integer 0..255` };
        const addr = v.addr + i;
        if (copyout(l.l_proc.p_vmspace, addr, Uint8Array.of(Number(b))) !== 0) return { ok: false, message: `${path}[${i}] is not writable` };
        return { message: `${path}[${i}] = ${b}` };
      } else {
        return refused(`${path} is ${typeof v === 'string' ? 'a string (strings cannot be changed in place)' : 'not an array or a buffer'}`);
      }
      path += `[${i}]`;
    }
    const old = get();
    if (typeof old === 'object') return refused(`${path} is ${old.t === 'st' ? 'a struct' : old.t === 'arr' ? 'an array' : old.t === 'buf' ? 'a buffer' : 'a reference'}: set its fields or elements`);
    if (rhs.value.type === 'int') put(fromBigInt(rhs.value.value));
    else if (rhs.value.type === 'string') put(rhs.value.value);
    else return { ok: false, message: 'only integers and strings can be set' };
    return { message: `${path} = ${valueText}` };
  }

  /** Raw LWP fields a user may poke (state and queues stay the kernel's business). */
  private setLwpField(l: Lwp, name: string, v: DebugValue): PatchResult {
    const ints = SETTABLE_LWP_INTS;
    if (name === 'l_name') {
      if (v.type !== 'string' && v.type !== 'null') return { ok: false, message: 'l_name takes a string or null' };
      l.l_name = v.type === 'string' ? v.value.slice(0, 16) : null;
      return { message: `l_name = ${l.l_name ?? 'null'}` };
    }
    const field = ints.find((f) => f === name);
    if (!field) return { ok: false, message: `${name} cannot be set (settable: l_name, ${ints.join(', ')})` };
    if (v.type !== 'int') return { ok: false, message: `${name} takes an integer` };
    l[field] = Number(BigInt.asIntN(32, v.value));
    return { message: `${name} = 0x${(l[field] >>> 0).toString(16)}` };
  }

  /** Every process of the running generation. */
  procs(): Proc[] {
    return [...this.k.s.procs.values()];
  }
}
