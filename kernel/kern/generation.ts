// Boot generations (design §2 "Reboot into a new generation"): executing a staged image
// (FreeBSD's kexec shutdown hook + MD reboot, spec §3.3; Linux's kernel_kexec / machine_kexec,
// spec §8.1–8.2), the crash kernel on panic (spec §7.4), kexec jump (KEXEC_PRESERVE_CONTEXT,
// spec §8.1) and the ends that stop the machine (halt, power-off, reboot, panic).
//
// The kernel core knows nothing of this: when a generation ends, `generation_teardown` takes
// every process off the machine (each LWP and process emits its exit event), and the next
// generation starts through the Userland's `init(k, generation)`, which reads the booted
// kernel's identity with `generation_kernel(k)`.

import { kp, type Kernel } from './kernel';
import type { Callout, Lwp, Proc } from './state';
import { EJUSTRETURN } from './errno';
import { callout_register, callout_schedule } from './callout';
import { resume_register } from './resume';
import { sleepq_block, sleepq_enqueue, sleepq_unsleep, sleepq_wakeresult } from '../sched/sleepq';
import { preempt } from '../sched/sched';
import { runq_add, runq_remove } from '../sched/runq';
import { LSONPROC, LSRUN, LSZOMB, SOBJ_SLEEP } from '../proc/lwpdefs';
import { proc_alive } from '../proc/proc';
import { clonePhysMem, physRead, physWrite } from '../mem/phys';
import { bzImageVersionString, readField } from '../kexec/bzimage';
import { bootParamsCmdlineAddr } from '../kexec/bzimage-load';
import { parseElf64, PT_LOAD } from '../kexec/elf';
import { identifyKernelImage } from '../kexec/identify';
import { isKsimImage, parseKsimImage } from '../kexec/ksim-image';
import { isPurgatory, parsePurgatory } from '../kexec/purgatory';
import { reserveCrashkernel } from '../kexec/crashkernel';
import type { StagedImage } from '../kexec/image';
import { kexecLog, kexecTrylock, kexecUnlock, placeSegment } from '../kexec/kimage';
import {
  currentGeneration, GenerationEnd, GenerationRecord, KernelIdentity, KexecState, kx,
} from '../kexec/state';

/** How much of the segment at the entry point is examined to recognise the kernel. */
const IDENTIFY_WINDOW = 1 << 20;

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

function emit(k: Kernel, type: 'reboot' | 'panic' | 'generation' | 'halt', detail: { [key: string]: unknown }): void {
  if (k.sink !== null) k.sink({ type, time: k.s.time, detail });
}

/** The identity of the running generation's kernel (what `init(k, generation)` starts). */
export function generation_kernel(k: Kernel): KernelIdentity {
  return currentGeneration(k).kernel;
}

function nextGenerationNumber(st: KexecState): number {
  return st.generations.reduce((m, g) => (g.gen > m ? g.gen : m), 0) + 1;
}

function endGeneration(k: Kernel, how: GenerationEnd, panic: string | null = null): GenerationRecord {
  const g = currentGeneration(k);
  if (g.ended === null) {
    g.ended = how;
    g.endedAtNs = k.s.time;
    if (panic !== null) g.panic = panic;
  }
  return g;
}

function initName(cmdline: string): string {
  let init = '';
  for (const word of cmdline.split(/\s+/)) if (word.startsWith('init=')) init = word.slice(5);
  // init=/sbin/stage2 names the program `stage2`.
  return init.split('/').pop() ?? '';
}

function readCString(k: Kernel, addr: bigint, max: number): string {
  const b = physRead(kx(k).phys, addr, max);
  const end = b.indexOf(0);
  return new TextDecoder().decode(b.subarray(0, end < 0 ? b.length : end));
}

type Identified = { ok: true; kernel: KernelIdentity } | { ok: false; panic: string };

/**
 * Who the jumped-to kernel is, from the bytes now at its entry (spec issue 5): a KSim image
 * header at the start of the segment holding the entry, KSim's purgatory (kexec_file_load's
 * bzImage: version string, then `init=` from the boot_params command line), a whole bzImage
 * or ELF file placed as one segment. Anything else panics the new generation.
 */
export function identifyBootedKernel(k: Kernel, img: StagedImage): Identified {
  const st = kx(k);
  const entry = img.entry;
  const abi = k.abi.name;
  const inSeg = (a: bigint): StagedImage['segments'][number] | undefined =>
    img.segments.find((s) => s.memsz > 0n && a >= s.mem && a < s.mem + s.memsz);
  const seg = inSeg(entry);
  if (seg === undefined) return { ok: false, panic: `kexec: entry point ${hex(entry)} is outside every loaded segment` };
  const window = Number(seg.memsz < BigInt(IDENTIFY_WINDOW) ? seg.memsz : BigInt(IDENTIFY_WINDOW));
  const bytes = physRead(st.phys, seg.mem, window);
  if (isPurgatory(bytes)) {
    const pinfo = parsePurgatory(bytes);
    if (pinfo === null) return { ok: false, panic: `kexec: damaged purgatory at ${hex(seg.mem)}` };
    if (inSeg(pinfo.kernelEntry) === undefined) {
      return { ok: false, panic: `kexec: purgatory's kernel entry ${hex(pinfo.kernelEntry)} is outside every loaded segment` };
    }
    const params = physRead(st.phys, pinfo.bootParams, 4096);
    const cmdline = readCString(k, bootParamsCmdlineAddr(params), 4096);
    return {
      ok: true,
      kernel: {
        format: 'bzImage', banner: `Linux version ${pinfo.version}`, version: pinfo.version, abi, entry,
        init: initName(cmdline), cmdline,
      },
    };
  }
  const format = identifyKernelImage(bytes);
  if (format === 'ksim') {
    const info = parseKsimImage(bytes);
    if ('error' in info) return { ok: false, panic: `kexec: KSim image at ${hex(seg.mem)}: ${info.error}` };
    if (info.entry !== entry) {
      return { ok: false, panic: `kexec: jumped to ${hex(entry)}, but the KSim image at ${hex(seg.mem)} has its entry at ${hex(info.entry)}` };
    }
    return {
      ok: true,
      kernel: {
        format: 'ksim', banner: info.banner, version: info.banner, abi: info.abi === 'inherit' ? abi : info.abi,
        entry, init: info.init, cmdline: '',
      },
    };
  }
  if (format === 'bzImage') {
    const version = bzImageVersionString(bytes) ?? '';
    const ptr = readField(bytes, 'cmd_line_ptr');
    const cmdline = ptr === 0n ? '' : readCString(k, ptr, 2048);
    return {
      ok: true,
      kernel: { format: 'bzImage', banner: `Linux version ${version}`, version, abi, entry, init: initName(cmdline), cmdline },
    };
  }
  if (format === 'elf64') {
    const elf = parseElf64(bytes);
    if ('error' in elf) return { ok: false, panic: `kexec: ELF kernel at ${hex(seg.mem)}: ${elf.error}` };
    // A KSim image as the first PT_LOAD's contents names the init program.
    const load = elf.phdrs.find((p) => p.type === PT_LOAD);
    let banner = `ELF kernel (e_machine ${elf.machine}, ${elf.phdrs.filter((p) => p.type === PT_LOAD).length} PT_LOAD)`;
    let init = '';
    if (load !== undefined && load.offset + 64n <= BigInt(bytes.length)) {
      const inner = bytes.subarray(Number(load.offset));
      if (isKsimImage(inner)) {
        const info = parseKsimImage(inner);
        if (!('error' in info)) {
          banner = info.banner;
          init = info.init;
        }
      }
    }
    return { ok: true, kernel: { format: 'elf64', banner, version: banner, abi, entry, init, cmdline: '' } };
  }
  return { ok: false, panic: `kexec: no kernel image recognised at entry ${hex(entry)}` };
}

/**
 * Takes every process of the running generation off the machine. Each LWP that has not exited
 * emits `lwp_exit`, each live process `proc_exit`; the run queue, CPUs, callouts, thread ids
 * and per-uid counts are emptied, and pids start again at 1. Returns the processes (kdump keeps
 * them frozen).
 */
export function generation_teardown(k: Kernel): Map<number, Proc> {
  kp(k, 'generation_teardown');
  const s = k.s;
  const procs = s.procs;
  for (const p of procs.values()) {
    if (!proc_alive(p)) continue;
    for (const l of p.p_lwps.values()) {
      if (l.l_stat === LSZOMB) continue;
      if (k.sink !== null) k.sink({ type: 'lwp_exit', time: s.time, pid: p.p_pid, lid: l.l_lid });
    }
    if (k.sink !== null) k.sink({ type: 'proc_exit', time: s.time, pid: p.p_pid, status: 0, signal: 0 });
  }
  for (const ci of s.cpus) ci.ci_curlwp = null;
  for (const l of s.runq) l.l_runq = -1;
  s.procs = new Map();
  s.runq = [];
  s.callouts = [];
  s.tids = new Map();
  s.uidlwps = new Map();
  s.nextpid = 1;
  return procs;
}

/**
 * Starts a new generation running `kernel`: a fresh kexec state (nothing staged, the lock free,
 * the crash reservation from the new command line), the `generation` event, then the Userland's
 * init, or, when the image could not boot, a panic of the new generation.
 */
function boot_generation(k: Kernel, kernel: KernelIdentity, panicMsg: string | null, crashKernel: boolean): void {
  kp(k, 'boot_generation');
  const st = kx(k);
  const gen = nextGenerationNumber(st);
  k.s.generation = gen;
  st.normal = null;
  st.crash = null;
  kexecUnlock(st);
  st.crashProtected = false;
  st.cmdline = kernel.cmdline;
  st.crashRes = null;
  st.crashLowRes = null;
  if (k.abi.name === 'linux' && kernel.cmdline.includes('crashkernel=')) {
    const r = reserveCrashkernel(st.map, kernel.cmdline);
    st.crashRes = r.main;
    st.crashLowRes = r.main !== null ? r.low : null;
    for (const line of r.log) kexecLog(k, null, line);
  }
  const rec: GenerationRecord = {
    gen, kernel, bootedAtNs: k.s.time, ended: null, endedAtNs: null, panic: null, crashKernel,
  };
  st.generations.push(rec);
  kexecLog(k, null, kernel.banner);
  emit(k, 'generation', { gen, format: kernel.format, banner: kernel.banner, entry: kernel.entry, init: kernel.init, crashKernel });
  if (panicMsg !== null) {
    machine_panic_halt(k, panicMsg);
    return;
  }
  k.userland.init(k, gen);
}

/** Copies each staged segment to its destination (zero-filled to memsz), in the image's order. */
function copySegments(k: Kernel, img: StagedImage): void {
  const st = kx(k);
  // FreeBSD: ascending target order (segments were sorted at load); Linux: array order.
  // Every non-empty segment is copied (FreeBSD ⚠ quirk 5 is not emulated).
  for (const s of img.segments) if (s.memsz > 0n) placeSegment(st, s.mem, s.memsz, s.bytes);
}

/**
 * `machine_kexec`: jump into a staged image. The old generation ends as `how`; the new one
 * boots from the image's identity. Never returns to the caller's process.
 */
export function machine_kexec(k: Kernel, img: StagedImage, how: 'kexec' | 'crash_kexec', panicMsg: string | null = null): void {
  kp(k, 'machine_kexec');
  const st = kx(k);
  const from = k.s.generation;
  if (how !== 'crash_kexec') copySegments(k, img);
  endGeneration(k, how, panicMsg);
  emit(k, 'reboot', { how, generation: from, entry: img.entry, slot: img.slot });
  const id = identifyBootedKernel(k, img);
  const procs = generation_teardown(k);
  if (how === 'crash_kexec') {
    // kdump: the old generation's memory and processes stay, frozen, for inspection.
    st.vmcore = { gen: from, phys: clonePhysMem(st.phys), procs, panic: panicMsg ?? '' };
  }
  const kernel: KernelIdentity = id.ok ? id.kernel : {
    format: 'unknown', banner: 'unknown kernel', version: '', abi: k.abi.name, entry: img.entry, init: '', cmdline: '',
  };
  boot_generation(k, kernel, id.ok ? null : id.panic, how === 'crash_kexec');
  k.stopRequest = how;
}

/** The machine stops for good: halt, power-off, a reboot that does not kexec, or a panic. */
export function machine_stop(k: Kernel, how: 'halt' | 'poweroff' | 'reboot', message: string): void {
  kp(k, 'machine_stop');
  endGeneration(k, how);
  kexecLog(k, null, message);
  emit(k, how === 'reboot' ? 'reboot' : 'halt', { how, generation: k.s.generation });
  k.s.halted = { how, message };
  k.stopRequest = how;
}

function machine_panic_halt(k: Kernel, message: string): void {
  const st = kx(k);
  endGeneration(k, 'panic', message);
  st.panics.push({ gen: k.s.generation, timeNs: k.s.time, message, outcome: 'halt' });
  kexecLog(k, null, `panic: ${message}`);
  emit(k, 'panic', { generation: k.s.generation, message, outcome: 'halt' });
  k.s.halted = { how: 'panic', message };
  k.stopRequest = 'panic';
}

/**
 * `panic()` (spec §7.4): with a Linux crash image staged (and the kexec lock free) the crash
 * kernel boots at once (`__crash_kexec`), keeping the old generation as a vmcore; otherwise
 * the machine halts showing the panic. The caller (a scenario's `panic("why")` or a fatal
 * kernel condition) must not touch the current LWP afterwards: it is gone.
 */
export function panic(k: Kernel, message: string): void {
  kp(k, 'panic');
  const st = kx(k);
  if (k.abi.name === 'linux' && st.crash !== null && kexecTrylock(st, null)) {
    kp(k, '__crash_kexec');
    const img = st.crash;
    st.panics.push({ gen: k.s.generation, timeNs: k.s.time, message, outcome: 'crash_kexec' });
    kexecLog(k, null, `Kernel panic - not syncing: ${message}`);
    emit(k, 'panic', { generation: k.s.generation, message, outcome: 'crash_kexec' });
    machine_kexec(k, img, 'crash_kexec', message);
    return;
  }
  machine_panic_halt(k, message);
}

/**
 * Executes the staged normal image from `reboot` (the caller holds nothing). FreeBSD prints
 * `Starting kexec reboot`, Linux `Starting new kernel`. Returns EJUSTRETURN: the calling LWP
 * is gone with its generation.
 */
export function kernel_kexec_reboot(k: Kernel, l: Lwp, img: StagedImage): number {
  kp(k, 'kernel_kexec');
  kexecLog(k, l, k.abi.name === 'linux' ? 'Starting new kernel' : 'Starting kexec reboot');
  machine_kexec(k, img, 'kexec');
  return EJUSTRETURN;
}

// ---------------------------------------------------------------------------------------------
// kexec jump (KEXEC_PRESERVE_CONTEXT, spec §8.1): the old generation freezes, the image's
// program runs as a generation of its own, and when its last process is gone the old
// generation resumes where it called reboot, which returns 0.

/**
 * Starts a jump. The caller `l` sleeps at `kexec_jump_back` with the kexec lock held; its
 * processes, run queue and callouts are set aside. Returns KSLEEP.
 */
export function kexec_jump(k: Kernel, l: Lwp, img: StagedImage): number {
  kp(k, 'kexec_jump');
  const s = k.s;
  const st = kx(k);
  sleepq_enqueue(k, l, 'kexec_jump', 'kexecjmp', SOBJ_SLEEP, null);
  const r = sleepq_block(k, l, 0, false, 'kexec_jump_back', null);
  // Freeze the old generation: LWPs on other CPUs go back to the run queue, then everything
  // runnable, every process and every callout is put aside.
  for (const ci of s.cpus) {
    const cl = ci.ci_curlwp;
    if (cl !== null && cl.l_stat === LSONPROC) preempt(k, cl);
  }
  const runq = s.runq.slice();
  for (const x of runq) runq_remove(s, x);
  // Memory: the image replaces its destinations; the old contents are kept for the way back.
  const saved = img.segments.map((seg) => physRead(st.phys, seg.mem, Number(seg.memsz)));
  copySegments(k, img);
  st.jump = {
    gen: s.generation, pid: l.l_proc.p_pid, lid: l.l_lid, procs: s.procs, runq, callouts: s.callouts,
    tids: s.tids, uidlwps: s.uidlwps, nextpid: s.nextpid, image: img, saved,
    normal: st.normal, crash: st.crash, cmdline: st.cmdline, crashRes: st.crashRes, crashLowRes: st.crashLowRes,
    crashProtected: st.crashProtected,
  };
  emit(k, 'reboot', { how: 'kexec_jump', generation: s.generation, entry: img.entry, slot: img.slot });
  s.procs = new Map();
  s.callouts = [];
  s.tids = new Map();
  s.uidlwps = new Map();
  s.nextpid = 1;
  const id = identifyBootedKernel(k, img);
  const kernel: KernelIdentity = id.ok ? id.kernel : {
    format: 'unknown', banner: 'unknown kernel', version: '', abi: k.abi.name, entry: img.entry, init: '', cmdline: '',
  };
  // The jumped-to kernel has a kexec state of its own; the old one comes back on return.
  const gen = nextGenerationNumber(st);
  s.generation = gen;
  st.normal = null;
  st.crash = null;
  st.locked = false;
  st.lockOwner = null;
  st.crashRes = null;
  st.crashLowRes = null;
  st.crashProtected = false;
  st.generations.push({ gen, kernel, bootedAtNs: s.time, ended: null, endedAtNs: null, panic: null, crashKernel: false });
  kexecLog(k, null, kernel.banner);
  emit(k, 'generation', { gen, format: kernel.format, banner: kernel.banner, entry: kernel.entry, init: kernel.init, jump: true });
  if (!id.ok) {
    machine_panic_halt(k, id.panic);
    return r;
  }
  k.userland.init(k, gen);
  callout_schedule(k, s.time + 1, 'kexec_jump_watch', null, gen);
  k.stopRequest = 'kexec_jump';
  return r;
}

function anyLiveProcess(k: Kernel): boolean {
  for (const p of k.s.procs.values()) if (proc_alive(p) && p.p_lwps.size > 0) return true;
  return false;
}

/**
 * Fires whenever every CPU of the jumped-to generation is idle: when its processes are all
 * gone, the old kernel resumes; otherwise it waits again (but never spins on a machine that can
 * make no progress).
 */
function kexec_jump_watch(k: Kernel, c: Callout): void {
  const st = kx(k);
  if (st.jump === null || k.s.generation !== c.c_arg) return;
  if (!anyLiveProcess(k)) {
    kexec_jump_return(k);
    return;
  }
  const s = k.s;
  const next = s.callouts.length > 0 ? s.callouts[0].c_time : undefined;
  if (s.runq.length > 0 || s.cpus.some((ci) => ci.ci_curlwp !== null)) {
    callout_schedule(k, s.time + 1, 'kexec_jump_watch', null, c.c_arg);
  } else if (next !== undefined) {
    callout_schedule(k, next, 'kexec_jump_watch', null, c.c_arg);
  }
}

/** The called image returned: swap memory back and resume the frozen generation. */
export function kexec_jump_return(k: Kernel): void {
  kp(k, 'kexec_jump_return');
  const s = k.s;
  const st = kx(k);
  const j = st.jump;
  if (j === null) return;
  endGeneration(k, 'kexec_jump');
  generation_teardown(k);
  // The image keeps what the called code changed; destinations get the old contents back.
  j.image.segments.forEach((seg, i) => {
    seg.bytes = physRead(st.phys, seg.mem, Number(seg.bufsz));
    physWrite(st.phys, seg.mem, j.saved[i]);
  });
  s.procs = j.procs;
  s.tids = j.tids;
  s.uidlwps = j.uidlwps;
  s.nextpid = j.nextpid;
  s.callouts = j.callouts;
  s.generation = j.gen;
  for (const x of j.runq) if (x.l_stat === LSRUN) runq_add(s, x);
  st.normal = j.normal;
  st.crash = j.crash;
  st.cmdline = j.cmdline;
  st.crashRes = j.crashRes;
  st.crashLowRes = j.crashLowRes;
  st.crashProtected = j.crashProtected;
  st.jump = null;
  emit(k, 'generation', { gen: j.gen, resumed: true });
  const l = s.procs.get(j.pid)?.p_lwps.get(j.lid);
  if (l !== undefined) sleepq_unsleep(k, l);
  k.stopRequest = 'kexec_jump_return';
}

/** Resume point of the LWP that called reboot for a jump: the call returns 0. */
function kexec_jump_back(k: Kernel, l: Lwp): number {
  sleepq_wakeresult(k, l, false);
  kexecUnlock(kx(k));
  l.l_retval = 0;
  return 0;
}

resume_register('kexec_jump_back', kexec_jump_back, ['sleepq_block', 'machine_kexec', 'kernel_kexec', 'sys_reboot']);
callout_register('kexec_jump_watch', kexec_jump_watch);
