// Read-only inspection of the kexec subsystem for the debugger, the views and the CLI
// (docs/architecture.md "Events and inspection"): staged images, the memory map with staged
// segments overlaid, physical memory bytes, boot generations, panics and the kdump vmcore.
// Everything returned is a fresh copy; 64-bit values stay bigints and come with hex strings.

import type { Kernel } from '../kern/kernel';
import { kp } from '../kern/kernel';
import { physRead, physWrite } from '../mem/phys';
import { physSegs } from '../mem/physsegs';
import { totalRam } from '../mem/map';
import type { StagedImage } from './image';
import { GenerationRecord, kx, PanicRecord } from './state';

const hex = (v: bigint): string => '0x' + v.toString(16);

export interface SegmentInfo {
  index: number;
  buf: bigint;
  bufsz: bigint;
  mem: bigint;
  memsz: bigint;
  /** `mem`, `mem + memsz` as hex, for display. */
  memHex: string;
  endHex: string;
  role: string | null;
}

export interface ImageInfo {
  slot: 'normal' | 'crash';
  via: 'kexec_load' | 'kexec_file_load';
  entry: bigint;
  entryHex: string;
  flags: bigint;
  /** The flags decoded by name in the machine's ABI (e.g. KEXEC_ON_CRASH, KEXEC_ARCH_X86_64). */
  flagNames: string[];
  preserveContext: boolean;
  cmdline: string | null;
  initrdSize: bigint | null;
  segments: SegmentInfo[];
  totalBytes: bigint;
  loadedAtNs: bigint;
  generation: number;
}

function flagNames(k: Kernel, img: StagedImage): string[] {
  const f = img.flags;
  const names: string[] = [];
  if (k.abi.name !== 'linux') {
    if (f !== 0n) names.push(hex(f));
    return names;
  }
  const c = k.abi.constants;
  const bit = (name: string): void => {
    const v = BigInt(c[name] ?? 0);
    if (v !== 0n && (f & v) === v) names.push(name);
  };
  if (img.via === 'kexec_file_load') {
    for (const n of ['KEXEC_FILE_UNLOAD', 'KEXEC_FILE_ON_CRASH', 'KEXEC_FILE_NO_INITRAMFS']) bit(n);
    return names;
  }
  for (const n of ['KEXEC_ON_CRASH', 'KEXEC_PRESERVE_CONTEXT']) bit(n);
  const arch = f & 0xffff0000n;
  if (arch !== 0n) {
    const name = Object.keys(c).find((n) => n.startsWith('KEXEC_ARCH_') && n !== 'KEXEC_ARCH_MASK' && BigInt(c[n]) === arch);
    names.push(name ?? hex(arch));
  }
  return names;
}

function imageInfo(k: Kernel, img: StagedImage | null): ImageInfo | null {
  if (img === null) return null;
  return {
    slot: img.slot,
    via: img.via,
    entry: img.entry,
    entryHex: hex(img.entry),
    flags: img.flags,
    flagNames: flagNames(k, img),
    preserveContext: img.preserveContext,
    cmdline: img.cmdline,
    initrdSize: img.initrdSize,
    segments: img.segments.map((s, index) => ({
      index, buf: s.buf, bufsz: s.bufsz, mem: s.mem, memsz: s.memsz, memHex: hex(s.mem), endHex: hex(s.mem + s.memsz),
      role: s.role ?? null,
    })),
    totalBytes: img.segments.reduce((t, s) => t + s.bufsz, 0n),
    loadedAtNs: img.loadedAtNs,
    generation: img.generation,
  };
}

export interface KexecInfo {
  normal: ImageInfo | null;
  crash: ImageInfo | null;
  /** A load (or kexec reboot) holds the kexec lock / FreeBSD's `loading` flag. */
  locked: boolean;
  lockOwner: { pid: number; lid: number } | null;
  loadDisabled: boolean;
  securelevel: number;
  cmdline: string;
  /** The kexec subsystem's kernel log (reservation, trampoline, Starting kexec reboot, banners). */
  log: string[];
}

/** Staged images (normal and crash) and the subsystem's switches. */
export function inspectKexec(k: Kernel): KexecInfo {
  const st = kx(k);
  return {
    normal: imageInfo(k, st.normal),
    crash: imageInfo(k, st.crash),
    locked: st.locked,
    lockOwner: st.lockOwner === null ? null : { ...st.lockOwner },
    loadDisabled: st.loadDisabled,
    securelevel: st.securelevel,
    cmdline: st.cmdline,
    log: st.log.slice(),
  };
}

export interface MemoryRegionInfo {
  start: bigint;
  /** Exclusive. */
  end: bigint;
  type: 'ram' | 'reserved' | 'crash kernel' | 'crash kernel (low)';
}

export interface MemoryMapInfo {
  regions: MemoryRegionInfo[];
  totalRam: bigint;
  /** FreeBSD vm.phys_segs (bsd ABI), else empty. */
  physSegs: { start: bigint; end: bigint; domain: number }[];
  /** Staged segments overlaid on the map. */
  staged: { slot: 'normal' | 'crash'; index: number; mem: bigint; memsz: bigint; role: string | null }[];
  /** Physical memory actually backed by the simulator, in bytes (sparse chunks). */
  residentBytes: number;
}

/** The memory map from the configuration, the crash regions and the staged segments. */
export function inspectMemoryMap(k: Kernel): MemoryMapInfo {
  const st = kx(k);
  const regions: MemoryRegionInfo[] = st.map.map((r) => ({ start: r.start, end: r.end, type: r.type }));
  if (st.crashRes !== null) regions.push({ ...st.crashRes, type: 'crash kernel' });
  if (st.crashLowRes !== null) regions.push({ ...st.crashLowRes, type: 'crash kernel (low)' });
  regions.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const staged: MemoryMapInfo['staged'] = [];
  for (const img of [st.normal, st.crash]) {
    if (img === null) continue;
    img.segments.forEach((s, index) => staged.push({ slot: img.slot, index, mem: s.mem, memsz: s.memsz, role: s.role ?? null }));
  }
  return {
    regions,
    totalRam: totalRam(st.map),
    physSegs: k.abi.name === 'bsd' ? physSegs(st.map).map((s) => ({ start: s.start, end: s.end, domain: s.domain })) : [],
    staged,
    residentBytes: st.phys.chunks.size * 65536,
  };
}

/** Physical memory bytes (never-written memory reads as zero). For the debugger's memory view. */
export function readPhysMemory(k: Kernel, addr: bigint, len: number): Uint8Array {
  return physRead(kx(k).phys, addr, len);
}

/** Writes physical memory (the debugger's writeMemory). */
export function writePhysMemory(k: Kernel, addr: bigint, bytes: Uint8Array): void {
  kp(k, 'phys_write');
  physWrite(kx(k).phys, addr, bytes);
}

/** Every boot generation, oldest first, with how each ended. */
export function inspectGenerations(k: Kernel): GenerationRecord[] {
  return kx(k).generations.map((g) => ({ ...g, kernel: { ...g.kernel } }));
}

export function inspectPanics(k: Kernel): PanicRecord[] {
  return kx(k).panics.map((p) => ({ ...p }));
}

export interface VmcoreInfo {
  gen: number;
  panic: string;
  /** The crashed generation's processes and LWPs, as they were at the panic. */
  procs: { pid: number; name: string; uid: number; lwps: { lid: number; name: string | null; stat: number; wmesg: string | null }[] }[];
}

/** The previous generation kept by a crash kernel (kdump's vmcore), or null. */
export function inspectVmcore(k: Kernel): VmcoreInfo | null {
  const v = kx(k).vmcore;
  if (v === null) return null;
  return {
    gen: v.gen,
    panic: v.panic,
    procs: [...v.procs.values()].map((p) => ({
      pid: p.p_pid, name: p.p_name, uid: p.p_uid,
      lwps: [...p.p_lwps.values()].map((l) => ({ lid: l.l_lid, name: l.l_name, stat: l.l_stat, wmesg: l.l_wmesg })),
    })),
  };
}

/** Bytes of the crashed generation's physical memory (/proc/vmcore), read-only. */
export function readVmcoreMemory(k: Kernel, addr: bigint, len: number): Uint8Array | null {
  const v = kx(k).vmcore;
  return v === null ? null : physRead(v.phys, addr, len);
}
