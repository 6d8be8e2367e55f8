// The kexec subsystem's part of the machine state (`k.s.ext.kexec`): the memory map, physical
// memory, the staged images, the load lock, the crash reservation, the switches of both
// personalities, the boot generations and the panics. Plain data only (design §2). A snapshot
// does not deep-copy it: `kexecStateClone` (registered with snapshot_clone_register) clones
// physical memory copy-on-write and shares the staged images' bytes, which are immutable once
// staged (see there).

import type { Kernel } from '../kern/kernel';
import type { Callout, Lwp, PlainValue, Proc } from '../kern/state';
import { snapshot_clone_register } from '../kern/snapshot';
import { MemoryConfig, MemRegion, memoryMapFromConfig } from '../mem/map';
import { clonePhysMem, createPhysMem, PhysMemState } from '../mem/phys';
import { CrashRegion, reserveCrashkernel } from './crashkernel';
import type { StagedImage, StagedSegment } from './image';
import type { KernelFormat } from './identify';

export type GenerationEnd = 'kexec' | 'kexec_jump' | 'reboot' | 'halt' | 'poweroff' | 'panic' | 'crash_kexec';

/** Who the kernel of a generation is (spec issue 5: identity comes from the image). */
export interface KernelIdentity {
  format: KernelFormat | 'power-on';
  banner: string;
  /** bzImage: the setup header's version string; KSim image: the banner. */
  version: string;
  abi: 'bsd' | 'linux';
  /** Physical entry point jumped to (0 at power-on). */
  entry: bigint;
  /** The program started as init, or '' for none (power-on: the scenario's processes). */
  init: string;
  /** Kernel command line (bzImage boot params), or ''. */
  cmdline: string;
}

export interface GenerationRecord {
  gen: number;
  kernel: KernelIdentity;
  bootedAtNs: number;
  /** How the generation ended, or null while it runs. */
  ended: GenerationEnd | null;
  endedAtNs: number | null;
  /** Panic message when it ended in (or booted into) a panic. */
  panic: string | null;
  /** This generation is a crash (kdump) kernel booted on the previous one's panic. */
  crashKernel: boolean;
}

export interface PanicRecord {
  gen: number;
  timeNs: number;
  message: string;
  /** 'crash_kexec' when a staged crash kernel took over, 'halt' otherwise. */
  outcome: 'crash_kexec' | 'halt';
}

/** The previous generation as kdump keeps it: a frozen copy of memory and processes. */
export interface Vmcore {
  gen: number;
  phys: PhysMemState;
  /** Processes of the crashed generation, with their LWPs, never run again. */
  procs: Map<number, Proc>;
  panic: string;
}

/**
 * A preserve-context jump in progress (spec §8.1): the generation that called reboot is set
 * aside here, whole, while the image's program runs; `kexec_jump_return` puts it back.
 */
export interface KexecJump {
  /** Generation that called reboot. */
  gen: number;
  /** pid/lid of the LWP inside reboot(), which returns 0 on resume. */
  pid: number;
  lid: number;
  procs: Map<number, Proc>;
  runq: Lwp[];
  callouts: Callout[];
  tids: Map<number, number>;
  uidlwps: Map<number, number>;
  nextpid: number;
  /** The image, and the destination bytes it replaced (restored on return). */
  image: StagedImage;
  saved: Uint8Array[];
  /** The old kernel's kexec state, restored on return. */
  normal: StagedImage | null;
  crash: StagedImage | null;
  cmdline: string;
  crashRes: CrashRegion | null;
  crashLowRes: CrashRegion | null;
  crashProtected: boolean;
}

export interface KexecState {
  map: MemRegion[];
  phys: PhysMemState;
  normal: StagedImage | null;
  crash: StagedImage | null;
  /** FreeBSD's `loading` flag / Linux's `kexec_lock` (try-lock only). */
  locked: boolean;
  lockOwner: { pid: number; lid: number } | null;
  /** Linux crashk_res and crashk_low_res (end exclusive here; iomem prints inclusive). */
  crashRes: CrashRegion | null;
  crashLowRes: CrashRegion | null;
  /** The crash region is write-protected while a crash image is loaded (spec §7.2). */
  crashProtected: boolean;
  /** Linux `kernel.kexec_load_disabled` (one-way). */
  loadDisabled: boolean;
  /** FreeBSD `kern.securelevel`. */
  securelevel: number;
  /** Kernel command line of the running generation (`crashkernel=` is read from it at boot). */
  cmdline: string;
  /** Kernel log lines of the kexec subsystem (reservation, trampoline, Starting kexec reboot). */
  log: string[];
  generations: GenerationRecord[];
  panics: PanicRecord[];
  vmcore: Vmcore | null;
  jump: KexecJump | null;
  /** Virtual ns a load spends per 4 KiB copied (switch `kexec_copy_ns_per_page`). */
  copyNsPerPage: number;
  /** Freed staging buffers kept for the next load (kimage.ts stagingAlloc). */
  pool: Uint8Array[];
  /** Machine switches read at boot: 5-level paging, 32-bit EFI, lockdown. */
  la57: boolean;
  efi32: boolean;
  lockdown: boolean;
}

function switchString(k: Kernel, name: string): string | null {
  const v = k.s.config.switches[name];
  return typeof v === 'string' ? v : null;
}

function switchNumber(k: Kernel, name: string): number {
  const v = k.s.config.switches[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

function memoryConfig(k: Kernel): MemoryConfig {
  const m = k.s.config.memory;
  if (typeof m === 'number') return BigInt(m);
  return m.map((r) => ({ start: BigInt(r.start), end: BigInt(r.end) }));
}

/**
 * Creates the subsystem's state for a machine at power-on: the memory map from `memory`, the
 * crash reservation from `crashkernel` (linux), the switches `securelevel` (bsd),
 * `kexec_load_disabled`, `la57`, `efi32`, `lockdown` and `cmdline` (linux).
 */
export function kexecStateInit(k: Kernel): KexecState {
  const map = memoryMapFromConfig(memoryConfig(k));
  let cmdline = switchString(k, 'cmdline') ?? '';
  const ck = switchString(k, 'crashkernel');
  if (ck !== null && !/(^|\s)crashkernel=/.test(cmdline)) cmdline = (cmdline + ' crashkernel=' + ck).trim();
  const st: KexecState = {
    map,
    phys: createPhysMem(),
    normal: null,
    crash: null,
    locked: false,
    lockOwner: null,
    crashRes: null,
    crashLowRes: null,
    crashProtected: false,
    loadDisabled: switchNumber(k, 'kexec_load_disabled') !== 0,
    securelevel: switchNumber(k, 'securelevel'),
    cmdline,
    log: [],
    generations: [],
    panics: [],
    vmcore: null,
    jump: null,
    pool: [],
    copyNsPerPage: switchNumber(k, 'kexec_copy_ns_per_page') || 400,
    la57: switchNumber(k, 'la57') !== 0,
    efi32: switchNumber(k, 'efi32') !== 0,
    lockdown: switchNumber(k, 'lockdown') !== 0,
  };
  if (k.s.config.abi === 'linux' && cmdline.includes('crashkernel=')) {
    const r = reserveCrashkernel(map, cmdline);
    st.crashRes = r.main;
    st.crashLowRes = r.main !== null ? r.low : null;
    st.log.push(...r.log);
  }
  st.generations.push({
    gen: k.s.generation,
    kernel: {
      format: 'power-on', banner: k.s.config.abi === 'linux' ? 'Linux version 6.1.0-ksim' : 'FreeBSD 16.0-CURRENT (KSIM)',
      version: k.s.config.abi === 'linux' ? '6.1.0-ksim' : '16.0-CURRENT', abi: k.s.config.abi, entry: 0n, init: '', cmdline,
    },
    // The power-on kernel booted at time 0 even when the state is created later.
    bootedAtNs: 0,
    ended: null,
    endedAtNs: null,
    panic: null,
    crashKernel: false,
  });
  return st;
}

/** The subsystem state, created on first use (power-on state is a pure function of the config). */
export function kx(k: Kernel): KexecState {
  let st = k.s.ext.kexec as unknown as KexecState | undefined;
  if (st === undefined) {
    st = kexecStateInit(k);
    k.s.ext.kexec = st as unknown as PlainValue;
  }
  return st;
}

/** The record of the running generation (`k.s.generation`). */
export function currentGeneration(k: Kernel): GenerationRecord {
  const st = kx(k);
  for (let i = st.generations.length - 1; i >= 0; i--) if (st.generations[i].gen === k.s.generation) return st.generations[i];
  return st.generations[st.generations.length - 1];
}

// ---- snapshots ----------------------------------------------------------------------------
//
// A staged segment's bytes are never written after staging: unload, replacement and a kexec
// jump's return assign a new array to `bytes` (generation.ts) instead of writing into it. The
// one exception is recycling: stagingFree hands a dropped image's buffers to the staging pool,
// whose next load overwrites them. So a clone shares the bytes and marks their buffers
// *shared*; stagingFree never pools a shared buffer (it is left to the garbage collector), and
// a clone starts with an empty pool of its own (the pool is a cache, not machine state
// anything reads). Physical memory (and the vmcore's) is cloned copy-on-write. Everything else
// — small — is structured-cloned as before, in one call, so object identity inside the
// subsystem's state (an image that is both `jump.image` and `jump.normal`) is kept.

const sharedBuffers = new WeakSet<ArrayBufferLike>();

/** Is this staging buffer shared with a snapshot (so it must never be recycled)? */
export function stagingShared(bytes: Uint8Array): boolean {
  return sharedBuffers.has(bytes.buffer);
}

/** Every staged segment reachable from the state, each once, in a fixed traversal order. */
function stagedSegments(st: KexecState): StagedSegment[] {
  const out = new Set<StagedSegment>();
  const j = st.jump;
  for (const img of [st.normal, st.crash, j?.image ?? null, j?.normal ?? null, j?.crash ?? null]) {
    if (img !== null) for (const seg of img.segments) out.add(seg);
  }
  return [...out];
}

const NO_BYTES = new Uint8Array(0);

/** A snapshot clone of the subsystem's state; shares no mutable object with `st`. */
export function kexecStateClone(st: KexecState): KexecState {
  const segs = stagedSegments(st);
  const bytes = segs.map((seg) => seg.bytes);
  for (const seg of segs) seg.bytes = NO_BYTES;
  const { phys, pool, jump, vmcore } = st;
  const saved = jump?.saved ?? [];
  const vphys = vmcore?.phys ?? null;
  const blank = (): PhysMemState => ({ owner: 0, chunks: new Map() });
  st.phys = blank();
  st.pool = [];
  if (jump !== null) jump.saved = [];
  if (vmcore !== null) vmcore.phys = blank();
  const copy = structuredClone(st);
  st.phys = phys;
  st.pool = pool;
  if (jump !== null) jump.saved = saved;
  if (vmcore !== null && vphys !== null) vmcore.phys = vphys;
  segs.forEach((seg, i) => { seg.bytes = bytes[i]; });
  // The copy has the same shape, so the same traversal meets the corresponding segments.
  stagedSegments(copy).forEach((seg, i) => {
    seg.bytes = bytes[i];
    sharedBuffers.add(bytes[i].buffer);
  });
  copy.phys = clonePhysMem(phys);
  if (copy.jump !== null) copy.jump.saved = saved.slice();
  if (copy.vmcore !== null && vphys !== null) copy.vmcore.phys = clonePhysMem(vphys);
  return copy;
}

snapshot_clone_register('kexec', (v) => kexecStateClone(v as unknown as KexecState) as unknown as PlainValue);
