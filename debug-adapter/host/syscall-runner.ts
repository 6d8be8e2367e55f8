// Runs one system call from outside the scenario (the command-palette runner, the LWP view's
// actions): arguments are built in the calling process's user memory, the call runs as the
// chosen LWP through the kernel's dispatch table, and the LWP's own syscall state is put back.
// A call that would sleep is abandoned (the machine is restored) and reported as such.

import type { Lwp, SysArg } from '../../kernel/kern/state';
import { KSLEEP } from '../../kernel/kern/kernel';
import { syscall_return } from '../../kernel/kern/syscall';
import { EJUSTRETURN } from '../../kernel/kern/errno';
import { restoreMachine, snapshotMachine } from '../../kernel/machine';
import { copyout, uvm_alloc, uvm_read_int, uvm_write_int } from '../../kernel/vm/uvm';
import { syscallArgs, type CType } from '../../kernel/abi/syscalls';
import { resume_lookup } from '../../kernel/kern/resume';
import type { Kernel } from '../../kernel/kern/kernel';
import { sleepq_unsleep } from '../../kernel/sched/sleepq';
import { runq_remove } from '../../kernel/sched/runq';
import { LP_RUNNING, LW_SINTR } from '../../kernel/proc/lwpdefs';
import { imageBytes } from '../../scenario/runtime/builtins-impl';
import type { ScenarioUserland } from '../../scenario/runtime/userland';
import type { RunSyscallArguments, RunSyscallResponse, SyscallArgValue } from '../contract';
import type { PatchResult } from '../engine/sim-host';
import type { KernelView } from './kernel-view';
import { errnoMeaning } from '../../kernel/abi/strerror';

export interface RunnerHost extends KernelView {
  readonly userlandForRunner: ScenarioUserland;
  /** Console output collected while the patch runs. */
  takeOutput(): string;
}

class ArgError extends Error {}

/**
 * The LWP a call runs as: `lid` of `pid` when given; else an LWP of `pid` (else of the first
 * process) in user mode, other than `avoid` (the target of an LWP action) when there is one.
 */
function pickLwp(host: RunnerHost, pid?: number, lid?: number, avoid?: number): Lwp | undefined {
  const live = (l: Lwp): boolean => l.l_stat !== 5 && l.l_stat !== 6;
  const procs = pid !== undefined
    ? [host.k.s.procs.get(pid)].filter((p) => p !== undefined)
    : [...host.k.s.procs.values()].sort((a, b) => a.p_pid - b.p_pid);
  if (lid !== undefined) {
    const l = procs[0]?.p_lwps.get(lid);
    return l && live(l) ? l : undefined;
  }
  const rank = (l: Lwp): number => (l.l_lid === avoid ? 2 : 0) + (l.l_resume === null ? 0 : 1);
  for (const p of procs) {
    const ls = [...p.p_lwps.values()].filter(live).sort((a, b) => rank(a) - rank(b) || a.l_lid - b.l_lid);
    if (ls.length > 0) return ls[0];
  }
  return undefined;
}

function bytesOf(size: number, fill = 0): Uint8Array {
  if (!Number.isInteger(size) || size < 0 || size > 64 * 1024 * 1024) throw new ArgError(`buffer size ${size} is not between 0 and 64M`);
  return new Uint8Array(size).fill(fill & 0xff);
}

function intValue(v: string): bigint {
  const t = v.trim();
  try {
    return /^-/.test(t) ? -BigInt(t.slice(1)) : BigInt(t);
  } catch {
    throw new ArgError(`'${v}' is not an integer (write 42, 0x2a, 0o52 or 0b101010)`);
  }
}

function imageOf(host: RunnerHost, name: string): Uint8Array {
  const decl = host.prog.images.get(name);
  if (!decl) throw new ArgError(`no kernel_image named ${name} in this scenario`);
  return imageBytes(host.userlandForRunner, decl);
}

function marshal(host: RunnerHost, l: Lwp, type: CType, v: SyscallArgValue, outs: { name: string; addr: number; pointee: string }[], name: string): SysArg {
  const vm = l.l_proc.p_vmspace;
  const alloc = (bytes: Uint8Array): number => {
    const addr = uvm_alloc(vm, Math.max(1, bytes.length), 'runner');
    if (addr === 0) throw new ArgError('out of user memory');
    if (bytes.length) copyout(vm, addr, bytes);
    return addr;
  };
  switch (v.kind) {
    case 'int': {
      const n = intValue(v.value);
      if (typeof type === 'string' && /^(int|lwpid_t|pid_t|clockid_t|u_int)$/.test(type)) return Number(BigInt.asIntN(32, n));
      const u = BigInt.asUintN(64, n);
      return u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u;
    }
    case 'null':
      return 0;
    case 'string':
      return alloc(new TextEncoder().encode(v.value + '\0'));
    case 'buffer': {
      const addr = alloc(bytesOf(v.size, v.fill));
      if (typeof type !== 'string' && type.dir !== 'in') outs.push({ name, addr, pointee: type.pointee });
      return addr;
    }
    case 'timespec': {
      const addr = alloc(new Uint8Array(16));
      uvm_write_int(vm, addr, 8, BigInt(v.tv_sec));
      uvm_write_int(vm, addr + 8, 8, BigInt(v.tv_nsec));
      return addr;
    }
    case 'image':
      return alloc(imageOf(host, v.name));
    case 'segments': {
      const table = alloc(new Uint8Array(32 * Math.max(1, v.segments.length)));
      v.segments.forEach((s, i) => {
        const buf = !s.buf ? 0 : 'image' in s.buf ? alloc(imageOf(host, s.buf.image)) : alloc(bytesOf(s.buf.size, s.buf.fill));
        uvm_write_int(vm, table + 32 * i, 8, BigInt(buf));
        uvm_write_int(vm, table + 32 * i + 8, 8, BigInt(s.bufsz));
        uvm_write_int(vm, table + 32 * i + 16, 8, intValue(s.mem));
        uvm_write_int(vm, table + 32 * i + 24, 8, BigInt(s.memsz));
      });
      return table;
    }
  }
}

function failure(message: string, _host: RunnerHost): PatchResult {
  return { message };
}

/**
 * A call that slept only to model elapsed time (a timed, uninterruptible sleep such as the
 * segment copy of kexec_load) is finished at once: the LWP leaves the sleep queue, gets its
 * CPU and state back, and its resume point runs. Returns KSLEEP for any other sleep.
 */
function finishTimedSleep(k: Kernel, l: Lwp, stat0: number, cpu: Kernel['s']['cpus'][number] | null): number {
  if ((l.l_flag & LW_SINTR) !== 0 || l.l_slptimo === 0 || l.l_resume === null) return KSLEEP;
  const rp = resume_lookup(l.l_resume);
  if (!rp) return KSLEEP;
  l.l_sleepgen++;
  l.l_slptimo = 0;
  sleepq_unsleep(k, l);
  runq_remove(k.s, l);
  l.l_runq = -1;
  l.l_stat = stat0;
  if (cpu) {
    cpu.ci_curlwp = l;
    l.l_pflag |= LP_RUNNING;
  }
  return rp.fn(k, l);
}

export function runSyscallPatch(host: RunnerHost, req: RunSyscallArguments): PatchResult {
  const k = host.k;
  const abi = k.abi;
  const n = abi.syscallNumbers[req.name];
  if (n === undefined) return failure(`no syscall ${req.name} in the ${abi.name} ABI`, host);
  const impl = k.sysent[n];
  const types = syscallArgs(req.name, abi.name);
  const first = req.args[0];
  const avoid = types[0]?.type === 'lwpid_t' && first?.kind === 'int' ? Number(first.value) : undefined;
  const l = pickLwp(host, req.pid, req.lid, avoid);
  if (!l) {
    const who = req.lid !== undefined ? `LWP ${req.pid ?? '?'}.${req.lid}` : req.pid !== undefined ? `an LWP in process ${req.pid}` : 'an LWP';
    return failure(`no live ${who} to run the call as`, host);
  }
  if (req.args.length !== types.length) {
    return failure(`${req.name} takes ${types.length} argument(s) (${types.map((t) => t.name).join(', ')}), not ${req.args.length}`, host);
  }
  const before = snapshotMachine(k);
  const gen = k.s.generation;
  const outs: { name: string; addr: number; pointee: string }[] = [];
  let args: SysArg[];
  try {
    args = types.map((t, i) => marshal(host, l, t.type, req.args[i], outs, t.name));
  } catch (e) {
    restoreMachine(k, before);
    if (e instanceof ArgError) return failure(e.message, host);
    throw e;
  }
  for (const [i, t] of types.entries()) {
    if (typeof t.type !== 'string' && t.type.dir !== 'in' && req.args[i].kind === 'int' && t.type.pointee === 'lwpid_t') {
      outs.push({ name: t.name, addr: Number(args[i]), pointee: 'lwpid_t' });
    }
  }
  const saved = { scnum: l.l_scnum, args: l.l_args.slice(), retval: l.l_retval, error: l.l_error };
  l.l_scnum = n;
  l.l_args = args.slice();
  host.takeOutput();
  const onCpu = k.s.cpus.find((c) => c.ci_curlwp === l) ?? null;
  const stat0 = l.l_stat;
  l.l_retval = 0; // as syscall() does: a call that succeeds without a value returns 0, not the LWP's last result
  let err = impl ? impl(k, l, l.l_args) : 78;
  for (let i = 0; err === KSLEEP && i < 8; i++) err = finishTimedSleep(k, l, stat0, onCpu);
  if (err === KSLEEP) {
    restoreMachine(k, before);
    const response: RunSyscallResponse = {
      ret: '-1', errno: abi.errno.EAGAIN ?? 35, errnoName: 'EWOULDBLOCK', errnoMeaning: 'The call would sleep; it was not run (the machine is unchanged)',
      wouldBlock: true, out: [], output: '', rebooted: false, generation: k.s.generation,
    };
    return { message: `${req.name} would block`, syscall: response };
  }
  if (!impl) err = 78;
  const rebooted = k.s.generation !== gen;
  let ret = '0';
  let errno = 0;
  if (err !== EJUSTRETURN && !rebooted) {
    syscall_return(k, l, err);
    ret = String(l.l_retval);
    errno = l.l_error > 0 ? l.l_error : 0;
  }
  const out = rebooted ? [] : outs.map((o) => ({
    name: o.name,
    value: o.pointee === 'lwpid_t' ? String(uvm_read_int(l.l_proc.p_vmspace, o.addr, 4, true)) : `0x${o.addr.toString(16)}`,
  }));
  if (!rebooted && l.l_proc.p_lwps.get(l.l_lid) === l) {
    l.l_scnum = saved.scnum;
    l.l_args = saved.args;
    l.l_retval = saved.retval;
    l.l_error = saved.error;
  }
  const errnoName = errno ? abi.errnoName(errno) ?? null : null;
  const response: RunSyscallResponse = {
    ret, errno, errnoName, errnoMeaning: errnoName ? errnoMeaning(errnoName) : null,
    wouldBlock: false, out, output: host.takeOutput(), rebooted, generation: k.s.generation,
  };
  return { message: `${req.name} returned ${ret}${errnoName ? ` (${errnoName})` : ''}`, syscall: response };
}
