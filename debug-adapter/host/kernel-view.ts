// The read side of the kernel host: the machine as debugger values and as the contract's
// view rows, through kernel/inspect.ts and the kexec subsystem's plain-data state.

import type { Kernel } from '../../kernel/kern/kernel';
import type { Lwp, PlainValue } from '../../kernel/kern/state';
import { inspectCallouts, inspectClock, inspectCpus, inspectLwpOf, inspectProcess, inspectProcesses, inspectSleepQueues, type LwpInfo } from '../../kernel/inspect';
import { inspectGenerations, inspectKexec, inspectMemoryMap, readPhysMemory, type ImageInfo } from '../../kernel/kexec/inspect';
import { syscallArgs, syscallInfo, syscallsOf, ctypeString, type CType } from '../../kernel/abi/syscalls';
import type { CompiledScenario } from '../../scenario/bytecode';
import { sysctl } from '../../scenario/runtime/builtins-impl';
import type {
  AbiName, GenerationRow, KexecImageRow, KexecImagesResponse, LwpRow, LwpStateName, MemoryMapResponse, MemoryRangeRow,
  ProcessRow, SyscallArgKind, SyscallCatalogResponse,
} from '../contract';
import type { DebugValue, EvalResult, LwpKey, NamedValue, SchedulerView, SimFrame, StepInTarget, SyscallView, ThreadInfo, WatchTarget } from '../engine/sim-host';
import { kernelLocation, kernelPointNames } from '../kernel-sources';
import { errnoMeaning } from '../../kernel/abi/strerror';
import { evaluateText } from './evaluate';
import { stagedIdentity, type ImageIdentity } from './image-identity';
import { evaluateInFrame } from '../../scenario/evaluate';
import { formatValue } from '../../scenario/runtime/format';
import { scenarioValue } from './scenario-values';
import { hexOf } from './scenario-values';
import { stmtOf, userFrames, userLocals, userState } from './user-frames';
import { callSiteAt, steppableCalls } from '../../scenario/source-map';

/** A kernel PlainValue (resume locals) as a debugger value. */
function plainValue(v: PlainValue): DebugValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'int', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'text', display: String(v) };
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (v instanceof Uint8Array) return { type: 'bytes', length: v.length, read: (start, count) => v.subarray(start, start + count) };
  if (Array.isArray(v)) return { type: 'list', length: v.length, summary: `[${v.length}]`, item: (i) => ({ name: `[${i}]`, value: plainValue(v[i]) }) };
  const keys = Object.keys(v);
  return { type: 'record', summary: `{ ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''} }`, fields: () => keys.map((name) => ({ name, value: plainValue(v[name]) })) };
}

function imageRow(img: ImageInfo | null, id: ImageIdentity): KexecImageRow | null {
  if (!img) return null;
  return {
    kind: img.slot, entry: img.entryHex, flags: hexOf(img.flags), flagNames: img.flagNames,
    cmdline: img.cmdline, initrdSize: img.initrdSize === null ? null : Number(img.initrdSize),
    banner: id.banner, init: id.init, loadedBy: img.via,
    segments: img.segments.map((s) => ({
      index: s.index, buf: hexOf(s.buf), bufsz: Number(s.bufsz), mem: s.memHex, memsz: Number(s.memsz), memoryReference: s.memHex,
    })),
  };
}

const SYSCTLS = ['kern.ostype', 'kern.version', 'kern.osrelease', 'kern.generation', 'kern.securelevel', 'kernel.kexec_load_disabled', 'hw.ncpu', 'kern.hz', 'vm.phys_segs'];

/** Raw LWP fields a data breakpoint can watch. */
export const WATCHABLE_LWP_FIELDS = ['l_stat', 'l_flag', 'l_prflag', 'l_pflag', 'l_wchan', 'l_wmesg', 'l_cpu', 'l_name', 'l_private', 'l_sigpend', 'l_sigmask', 'l_scnum', 'l_retval', 'l_error', 'l_waitingfor', 'l_waiter', 'l_lwpctl'] as const;

const int = (n: number | bigint, display?: string): DebugValue => ({ type: 'int', value: BigInt(n), display });
const str = (s: string | null): DebugValue => (s === null ? { type: 'null' } : { type: 'string', value: s });
const flags = (n: number, names: string[]): DebugValue => int(n, `${hexOf(n)}${names.length ? ` (${names.join(' | ')})` : ''}`);

/** Constant-name prefixes a flags argument takes, by syscall and argument. */
const FLAG_PREFIXES: Readonly<Record<string, string[]>> = {
  '_lwp_create.flags': ['LWP_'],
  '___lwp_park60.flags': ['TIMER_'],
  'open.flags': ['O_'],
  'kexec_load.flags': ['KEXEC_ON_CRASH', 'KEXEC_PRESERVE_CONTEXT', 'KEXEC_ARCH_'],
  'kexec_file_load.flags': ['KEXEC_FILE_'],
  'reboot.howto': ['RB_'],
  'reboot.cmd': ['LINUX_REBOOT_CMD_'],
  'reboot.magic1': ['LINUX_REBOOT_MAGIC'],
  'reboot.magic2': ['LINUX_REBOOT_MAGIC'],
};

function flagNamesFor(k: Kernel, syscall: string, arg: string): string[] {
  const prefixes = FLAG_PREFIXES[`${syscall}.${arg}`];
  if (!prefixes) return [];
  return Object.keys(k.abi.allConstants).filter((n) => prefixes.some((p) => n.startsWith(p))).sort();
}

function argKind(name: string, t: CType): SyscallArgKind {
  if (typeof t !== 'string') {
    if (t.isString) return 'string';
    if (t.pointee === 'struct kexec_segment') return 'segments';
    if (t.pointee === 'struct timespec') return 'timespec';
    if (t.pointee === 'void' || t.pointee === 'char') return 'buffer';
    return 'pointer';
  }
  if (t === 'lwpid_t') return 'lwpid';
  if (t === 'pid_t') return 'pid';
  if (t === 'clockid_t') return 'clock';
  if (/flags|howto|how|magic/.test(name)) return 'flags';
  if (/^sig/.test(name)) return 'signal';
  if (/fd$/.test(name)) return 'fd';
  return 'int';
}

/** What an LWP is called in threads and listings: its `_lwp_setname` name, else its process's. */
function displayName(l: Lwp): string {
  return l.l_name ?? l.l_proc.p_name;
}

export class KernelView {
  /** The LWP stopped in the statement hook and the statement it is about to run. */
  protected hookAt: { pid: number; lid: number; fn: number; stmt: number } | null = null;
  /** The LWP between its syscall-enter and syscall-exit events in the current run, if any. */
  protected inSyscall: Lwp | null = null;

  constructor(readonly k: Kernel, readonly prog: CompiledScenario) {}

  generation(): number {
    return this.k.s.generation;
  }

  banner(): string {
    const gens = inspectGenerations(this.k);
    const g = gens.find((x) => x.gen === this.k.s.generation) ?? gens[gens.length - 1];
    return g?.kernel.banner ?? 'KSim';
  }

  now(): bigint {
    return BigInt(this.k.s.time);
  }

  protected lwp(key: LwpKey): Lwp | undefined {
    if (key.gen !== this.k.s.generation) return undefined;
    return this.k.s.procs.get(key.pid)?.p_lwps.get(key.lid);
  }

  private row(info: LwpInfo, l: Lwp): LwpRow {
    let syscall: LwpRow['syscall'] = null;
    if (info.syscall) {
      const names = syscallArgs(info.syscall, this.k.abi.name);
      syscall = { name: info.syscall, args: names.map((a, i) => ({ name: a.name, value: hexOf(BigInt(l.l_args[i] ?? 0)) })) };
    }
    return {
      pid: info.pid, lid: info.l_lid, name: info.l_name ?? '', state: info.state as LwpStateName,
      flags: hexOf(info.l_flag), flagNames: [...info.flags, ...info.prflags], wchan: info.l_wchan, wmesg: info.l_wmesg,
      cpu: info.l_cpu >= 0 ? info.l_cpu : null, syscall,
    };
  }

  lwps(): LwpRow[] {
    const out: LwpRow[] = [];
    const procs = [...this.k.s.procs.values()].sort((a, b) => a.p_pid - b.p_pid);
    for (const p of procs) {
      const ls = [...p.p_lwps.values()].sort((a, b) => a.l_lid - b.l_lid);
      for (const l of ls) out.push(this.row(inspectLwpOf(this.k, l), l));
    }
    return out;
  }

  threadList(): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    const procs = [...this.k.s.procs.values()].sort((a, b) => a.p_pid - b.p_pid);
    for (const p of procs) {
      const ls = [...p.p_lwps.values()].sort((a, b) => a.l_lid - b.l_lid);
      for (const l of ls) {
        if (l.l_stat === 5 || l.l_stat === 6) continue;
        out.push({ pid: p.p_pid, lid: l.l_lid, name: displayName(l) });
      }
    }
    return out;
  }

  processCount(): number {
    return this.k.s.procs.size;
  }

  processes(): ProcessRow[] {
    return inspectProcesses(this.k).map((p) => ({
      pid: p.p_pid, ppid: p.p_ppid, comm: p.name, uid: p.p_uid, state: p.state, lwpCount: p.lwps.length,
    }));
  }

  lwpFields(key: LwpKey): NamedValue[] | undefined {
    const l = this.lwp(key);
    if (!l) return undefined;
    const i = inspectLwpOf(this.k, l);
    const w = (field: string): WatchTarget => ({ kind: 'lwpField', lwp: key, field });
    return [
      { name: 'l_lid', value: int(i.l_lid) },
      { name: 'l_name', value: str(i.l_name), watch: w('l_name') },
      { name: 'l_stat', value: int(i.l_stat, i.state), watch: w('l_stat') },
      { name: 'l_flag', value: flags(i.l_flag, i.flags), watch: w('l_flag') },
      { name: 'l_prflag', value: flags(i.l_prflag, i.prflags), watch: w('l_prflag') },
      { name: 'l_pflag', value: flags(i.l_pflag, i.pflags), watch: w('l_pflag') },
      { name: 'l_wchan', value: str(i.l_wchan), watch: w('l_wchan') },
      { name: 'l_wmesg', value: str(i.l_wmesg), watch: w('l_wmesg') },
      { name: 'l_syncobj', value: { type: 'text', display: i.syncobj } },
      { name: 'l_cpu', value: int(i.l_cpu), watch: w('l_cpu') },
      { name: 'l_private', value: int(i.l_private, hexOf(i.l_private)), watch: w('l_private') },
      { name: 'l_sigmask', value: { type: 'text', display: i.l_sigmask.names.join(' ') || '(empty)' }, watch: w('l_sigmask') },
      { name: 'l_sigpend', value: { type: 'text', display: i.l_sigpend.names.join(' ') || '(empty)' }, watch: w('l_sigpend') },
      { name: 'l_waitingfor', value: int(i.l_waitingfor), watch: w('l_waitingfor') },
      { name: 'l_waiter', value: int(i.l_waiter), watch: w('l_waiter') },
      { name: 'detached', value: { type: 'bool', value: i.detached } },
      { name: 'l_lwpctl', value: int(i.l_lwpctl, hexOf(i.l_lwpctl)), watch: w('l_lwpctl') },
      { name: 'lc_curcpu', value: i.lc_curcpu === null ? { type: 'null' } : int(i.lc_curcpu) },
      { name: 'lc_pctr', value: i.lc_pctr === null ? { type: 'null' } : int(i.lc_pctr) },
      { name: 'syscall', value: str(i.syscall) },
      { name: 'kstack', value: { type: 'text', display: i.kstack.join(' ← ') || '(user mode)' } },
      { name: 'timeout', value: i.timeout === null ? { type: 'null' } : int(i.timeout, `${i.timeout} ns`) },
      { name: 'l_tid', value: int(i.l_tid) },
      { name: 'switches', value: int(i.switches) },
    ];
  }

  processFields(pid: number): NamedValue[] | undefined {
    const p = inspectProcess(this.k, pid);
    if (!p) return undefined;
    return [
      { name: 'p_pid', value: int(p.p_pid) },
      { name: 'p_ppid', value: int(p.p_ppid) },
      { name: 'p_uid', value: int(p.p_uid) },
      { name: 'p_comm', value: str(p.name) },
      { name: 'p_stat', value: int(p.p_stat, p.state) },
      { name: 'p_sflag', value: flags(p.p_sflag, p.sflags) },
      { name: 'p_lflag', value: flags(p.p_lflag, p.lflags) },
      { name: 'p_nlwps', value: int(p.p_nlwps) },
      { name: 'p_nrlwps', value: int(p.p_nrlwps) },
      { name: 'p_nzlwps', value: int(p.p_nzlwps) },
      { name: 'p_ndlwps', value: int(p.p_ndlwps) },
      { name: 'p_nlwpwait', value: int(p.p_nlwpwait) },
      { name: 'p_nlwpid', value: int(p.p_nlwpid) },
      { name: 'p_sigpend', value: { type: 'text', display: p.p_sigpend.names.join(' ') || '(empty)' } },
      { name: 'generation', value: int(p.generation) },
      { name: 'lwps', value: { type: 'text', display: p.lwps.join(', ') } },
    ];
  }

  frames(key: LwpKey): SimFrame[] {
    const l = this.lwp(key);
    if (!l) return [];
    const hook = this.hookAt && this.hookAt.pid === key.pid && this.hookAt.lid === key.lid ? this.hookAt : null;
    const user = userFrames(this.prog, l, hook);
    const info = inspectLwpOf(this.k, l);
    const kernel: SimFrame[] = info.kstack.map((fn) => ({ name: fn, kind: 'kernel', ...kernelLocation(fn) }));
    return [...kernel, ...user];
  }

  scheduler(): SchedulerView {
    const name = (x: { pid: number; lid: number }): ThreadInfo => {
      const l = this.k.s.procs.get(x.pid)?.p_lwps.get(x.lid);
      return { pid: x.pid, lid: x.lid, name: l ? displayName(l) : '' };
    };
    const clock = inspectClock(this.k);
    return {
      now: clock.time,
      cpus: inspectCpus(this.k).map((c) => ({ index: c.index, curlwp: c.curlwp && name(c.curlwp), switches: c.switches })),
      runq: clock.runnable.map(name),
      sleepqs: inspectSleepQueues(this.k).map((q) => ({ wchan: q.wchan, wmesg: q.wmesg, sleepers: q.sleepers.map(name) })),
      callouts: inspectCallouts(this.k).map((c) => ({ due: c.due, func: c.func, lwp: c.lwp && name(c.lwp) })),
    };
  }

  stepInTargets(key: LwpKey): StepInTarget[] {
    const l = this.lwp(key);
    const u = l ? userState(l) : null;
    const fr = u?.frames[u.frames.length - 1];
    if (!fr) return [];
    const hook = this.hookAt && this.hookAt.pid === key.pid && this.hookAt.lid === key.lid && this.hookAt.fn === fr.fn ? this.hookAt : null;
    const stmt = hook ? hook.stmt : stmtOf(this.prog, fr.fn, fr.pc);
    return steppableCalls(this.prog, fr.fn, stmt).map((c) => ({
      site: `${fr.fn}:${c.pc}`, name: c.name, written: c.written, kind: c.kind, line: c.line, column: c.col,
    }));
  }

  callSiteOf(key: LwpKey, depth: number): string | null {
    const l = this.lwp(key);
    const fr = l ? userState(l)?.frames[depth - 1] : undefined;
    if (!fr) return null;
    const pc = callSiteAt(this.prog, fr.fn, fr.pc);
    return pc === null ? null : `${fr.fn}:${pc}`;
  }

  locals(key: LwpKey, userIndex: number): NamedValue[] {
    const l = this.lwp(key);
    return l ? userLocals(this.k, this.prog, l, userIndex, key) : [];
  }

  syscall(key: LwpKey): SyscallView | null {
    const l = this.lwp(key);
    if (!l || l.l_scnum < 0) return null;
    const name = this.k.sysname[l.l_scnum] ?? `#${l.l_scnum}`;
    const info = inspectLwpOf(this.k, l);
    const inProgress = info.syscall !== null || this.inSyscall === l;
    const args = syscallArgs(name, this.k.abi.name).map((a, i): NamedValue => {
      const raw = BigInt(l.l_args[i] ?? 0);
      const asHex = typeof a.type !== 'string' || /entry|addr|mem|base/.test(a.name);
      return { name: a.name, value: int(raw, asHex ? hexOf(raw) : undefined) };
    });
    let result: SyscallView['result'] = null;
    if (!inProgress) {
      const errno = Number(l.l_error) > 0 ? Number(l.l_error) : 0;
      const errnoName = errno ? this.k.abi.errnoName(errno) ?? null : null;
      result = { ret: BigInt(l.l_retval), errno, errnoName, errnoMeaning: errnoName ? errnoMeaning(errnoName) : null };
    }
    return { name, args, result, inProgress };
  }


  resumePoint(key: LwpKey): { name: string; locals: NamedValue[] } | null {
    const l = this.lwp(key);
    if (!l || l.l_resume === null) return null;
    const locals = l.l_locals ?? {};
    return { name: l.l_resume, locals: Object.keys(locals).map((name) => ({ name, value: plainValue(locals[name]) })) };
  }

  kexecImages(): KexecImagesResponse {
    const info = inspectKexec(this.k);
    return {
      generation: this.k.s.generation,
      normal: imageRow(info.normal, stagedIdentity(this.k, 'normal')),
      crash: imageRow(info.crash, stagedIdentity(this.k, 'crash')),
    };
  }

  memoryMap(): MemoryMapResponse {
    const m = inspectMemoryMap(this.k);
    const kind = (t: string): MemoryRangeRow['kind'] => (t === 'ram' ? 'System RAM' : t.startsWith('crash') ? 'Crash kernel' : 'reserved');
    const ranges: MemoryRangeRow[] = m.regions.map((r) => ({
      start: hexOf(r.start), end: hexOf(r.end), size: Number(r.end - r.start), kind: kind(r.type), memoryReference: hexOf(r.start),
    }));
    const staged: MemoryRangeRow[] = m.staged.map((s) => ({
      start: hexOf(s.mem), end: hexOf(s.mem + s.memsz), size: Number(s.memsz), kind: 'staged segment',
      image: s.slot, segment: s.index, memoryReference: hexOf(s.mem),
    }));
    return { generation: this.k.s.generation, totalBytes: Number(m.totalRam), residentBytes: m.residentBytes, ranges, staged };
  }

  generations(): GenerationRow[] {
    return inspectGenerations(this.k).map((g) => ({
      id: g.gen, banner: g.kernel.banner, abi: g.kernel.abi as AbiName, bootedAt: String(g.bootedAtNs),
      endedAt: g.endedAtNs === null ? null : String(g.endedAtNs),
      ended: g.ended ?? 'running',
      detail: g.panic ?? (g.ended ?? null), crash: g.crashKernel,
      image: {
        format: g.kernel.format, version: g.kernel.version, entry: hexOf(g.kernel.entry),
        init: g.kernel.init, cmdline: g.kernel.cmdline,
      },
    }));
  }

  sysctls(): NamedValue[] {
    const out: NamedValue[] = [];
    for (const name of SYSCTLS) {
      try {
        const v = sysctl(this.k, name);
        out.push({ name, value: typeof v === 'string' ? str(v) : typeof v === 'number' || typeof v === 'bigint' ? int(v) : { type: 'text', display: JSON.stringify(v) } });
      } catch {
        // not in this ABI
      }
    }
    return out;
  }

  readPhys(addr: bigint, length: number): Uint8Array {
    return readPhysMemory(this.k, addr, length);
  }

  physSize(): bigint {
    let end = 0n;
    for (const r of inspectMemoryMap(this.k).regions) if (r.end > end) end = r.end;
    return end;
  }

  watchValue(w: WatchTarget): string | undefined {
    if (w.kind === 'phys') {
      const b = this.readPhys(w.addr, w.length);
      let h = 2166136261;
      for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 16777619);
      return (h >>> 0).toString(16);
    }
    const l = this.lwp(w.lwp);
    if (!l) return undefined;
    if (w.kind === 'local') {
      // The frame that held the local has returned (or another call reuses its depth): gone.
      const fr = userState(l)?.frames[w.depth - 1];
      return fr && fr.fn === w.fn ? formatValue(fr.locals[w.slot] ?? 0) : undefined;
    }
    const v = (l as unknown as Record<string, unknown>)[w.field];
    if (w.field === 'l_stat') return inspectLwpOf(this.k, l).state;
    if (typeof v === 'object' && v !== null) return JSON.stringify(v);
    return String(v);
  }

  /** Names an expression can use: locals, the syscall's arguments, errno, the ABI's constants. */
  lookup(l: Lwp | undefined, userIndex: number, name: string): DebugValue | undefined {
    if (l) {
      const local = userLocals(this.k, this.prog, l, userIndex).find((n) => n.name === name);
      if (local) return local.value;
      if (l.l_scnum >= 0) {
        const args = syscallArgs(this.k.sysname[l.l_scnum] ?? '', this.k.abi.name);
        const i = args.findIndex((a) => a.name === name);
        if (i >= 0) return int(BigInt(l.l_args[i] ?? 0));
      }
      if (name === 'errno') return int(userState(l)?.errno ?? 0);
      if (name === 'lid') return int(l.l_lid);
      if (name === 'pid') return int(l.l_proc.p_pid);
      // The LWP's own fields by name (`l_flag`), as its scope shows them: a watch can name them.
      if (name.startsWith('l_')) {
        const field = this.lwpFields({ gen: this.k.s.generation, pid: l.l_proc.p_pid, lid: l.l_lid })?.find((n) => n.name === name);
        if (field) return field.value;
      }
    }
    const c = this.k.abi.allConstants[name];
    return c === undefined ? undefined : int(BigInt(c));
  }

  /**
   * The scenario's own evaluator first (the language's exact semantics); when it does not know
   * a name, the debugger's view adds the current syscall's arguments, pid and lid.
   */
  evaluate(expr: string, key: LwpKey | null, userIndex: number): EvalResult {
    const l = key ? this.lwp(key) : undefined;
    const r = evaluateInFrame(this.prog, this.k, l ?? null, userIndex, expr);
    if (r.ok) return { ok: true, value: scenarioValue(this.k, l?.l_proc.p_vmspace ?? null, r.value) };
    const mine = evaluateText(expr, { lookup: (n) => this.lookup(l, userIndex, n) });
    return mine.ok ? mine : { ok: false, message: r.message };
  }

  syscallCatalog(): SyscallCatalogResponse {
    const abi = this.k.abi.name;
    return {
      abi,
      syscalls: syscallsOf(abi).map((s) => {
        const args = syscallArgs(s.name, abi);
        return {
          name: s.name, number: s.numbers[abi] ?? -1,
          synopsis: `${s.ret} ${s.name}(${args.map((a) => `${ctypeString(a.type)} ${a.name}`).join(', ') || 'void'})`,
          summary: s.summary,
          args: args.map((a) => {
            const kind = argKind(a.name, a.type);
            const flagNames = kind === 'flags' || a.name === 'cmd' ? flagNamesFor(this.k, s.name, a.name) : undefined;
            return { name: a.name, ctype: ctypeString(a.type), kind: flagNames?.length ? 'flags' as const : kind, flagNames };
          }),
          errors: s.errors.map((e) => ({ name: e.errno, meaning: e.when })),
        };
      }),
    };
  }

  statementLines(file: string): number[] {
    if (!sameFile(file, this.prog.fileName)) return [];
    const lines = new Set<number>();
    for (const fn of this.prog.fns) for (const st of fn.stmts) lines.add(st.line);
    return [...lines].sort((a, b) => a - b);
  }

  functionNames(): { syscalls: string[]; kernel: string[] } {
    return { syscalls: syscallsOf(this.k.abi.name).map((s) => s.name), kernel: kernelPointNames() };
  }

  completions(prefix: string): string[] {
    const names = new Set<string>();
    for (const s of syscallsOf(this.k.abi.name)) names.add(s.name);
    for (const c of Object.keys(this.k.abi.allConstants)) names.add(c);
    for (const fn of this.prog.fns) for (const n of fn.slotNames) if (n && !n.startsWith('$')) names.add(n);
    return [...names].filter((n) => n.startsWith(prefix)).sort();
  }

  /** Syscall info by name (for the runner). */
  syscallInfoOf(name: string): ReturnType<typeof syscallInfo> {
    return syscallInfo(name);
  }
}

function sameFile(a: string, b: string): boolean {
  const na = a.replace(/\\/g, '/');
  const nb = b.replace(/\\/g, '/');
  return na === nb || na.endsWith('/' + nb) || nb.endsWith('/' + na);
}
