// Linux 6.1's `bzImage64_load` (spec §6.3) with `kexec_add_buffer`'s placement
// (`kexec_locate_mem_hole`, top-down in System RAM, or inside crashk_res for crash images).
// It turns a probed bzImage, an optional initrd and a command line into the segment list that
// `sanity_check_segment_list` then checks, exactly as the kernel does in file mode.

import { MemRegion, ramRegions } from '../mem/map';
import { kern16Size, readField, bzImageVersionString } from './bzimage';
import { KexecErrno } from './checks';
import { PAGE_SIZE } from './image';
import { buildPurgatory, PURGATORY_SIZE_MAX } from './purgatory';

export const MIN_PURGATORY_ADDR = 0x3000n;
export const MIN_BOOTPARAM_ADDR = 0x3000n;
export const MIN_KERNEL_LOAD_ADDR = 0x100000n;
export const MIN_INITRD_LOAD_ADDR = 0x1000000n;
/** Room the loader keeps in the command line for `elfcorehdr=0x… ` (spec §1.2.3). */
export const MAX_ELFCOREHDR_STR_LEN = 30;
export const KEXEC_SEGMENT_MAX = 16;
const BOOT_PARAMS_SIZE = 4096;
/** setup_data header (16) + efi_setup_data (96) + setup_data header (16) + RNG seed (32). */
const SETUP_DATA_TAIL = 16 + 96 + 16 + 32;

export interface FileSegment {
  mem: bigint;
  memsz: bigint;
  bufsz: bigint;
  bytes: Uint8Array;
  /** What the loader put there, for the views. */
  role: 'elfcorehdr' | 'purgatory' | 'boot_params' | 'kernel' | 'initrd';
}

export interface BzLoadInput {
  kernel: Uint8Array;
  initrd: Uint8Array | null;
  /** The command line bytes as passed, including the NUL (cmdline_len bytes), or empty. */
  cmdline: Uint8Array;
  crash: { start: bigint; end: bigint } | null;
  map: readonly MemRegion[];
  cpus: number;
}

export type BzLoadResult =
  | { ok: true; entry: bigint; segments: FileSegment[]; elfcorehdr: bigint | null }
  | { ok: false; errno: KexecErrno; reason: string };

const alignUp = (v: bigint, a: bigint): bigint => ((v + a - 1n) / a) * a;
const alignDown = (v: bigint, a: bigint): bigint => (v / a) * a;

interface Buf {
  bufsz: bigint;
  memsz: bigint;
  align: bigint;
  min: bigint;
  topDown: boolean;
}

/** `kexec_add_buffer` + `kexec_locate_mem_hole`: returns the chosen address or null. */
function locate(placed: readonly FileSegment[], regions: readonly { start: bigint; end: bigint }[], b: Buf): bigint | null {
  const memsz = alignUp(b.memsz, PAGE_SIZE);
  const align = b.align > PAGE_SIZE ? b.align : PAGE_SIZE;
  const clash = (s: bigint): FileSegment | undefined =>
    placed.find((p) => s <= p.mem + p.memsz - 1n && s + memsz - 1n >= p.mem);
  const ordered = [...regions].sort((x, y) => (x.start < y.start ? -1 : 1));
  if (b.topDown) ordered.reverse();
  for (const r of ordered) {
    const start = r.start;
    const end = r.end - 1n; // inclusive, as resources are
    if (end - start + 1n < memsz) continue;
    if (b.topDown) {
      let t = alignDown(end - memsz + 1n, align);
      for (;;) {
        if (t < start || t < b.min) break;
        const c = clash(t);
        if (c === undefined) return t;
        // The kernel steps down a page at a time and re-aligns; jumping below the clashing
        // segment reaches the same first fit.
        const below = c.mem - memsz;
        t = below < 0n ? -1n : alignDown(below < t - align ? below : t - align, align);
      }
    } else {
      let t = start > b.min ? start : b.min;
      for (;;) {
        t = alignUp(t, align);
        if (t + memsz - 1n > end) break;
        const c = clash(t);
        if (c === undefined) return t;
        t = c.mem + c.memsz > t + PAGE_SIZE ? c.mem + c.memsz : t + PAGE_SIZE;
      }
    }
  }
  return null;
}

/** The ELF core header the crash kernel reads as /proc/vmcore's map: one PT_LOAD per RAM range. */
export function buildElfCoreHeader(map: readonly MemRegion[], crash: { start: bigint; end: bigint }, cpus: number): Uint8Array {
  const ranges: { start: bigint; end: bigint }[] = [];
  const cEnd = crash.end + 1n;
  for (const r of ramRegions(map)) {
    // The crash region itself is not part of the dump: subtract it from each RAM range.
    if (cEnd <= r.start || crash.start >= r.end) {
      ranges.push({ start: r.start, end: r.end });
      continue;
    }
    if (r.start < crash.start) ranges.push({ start: r.start, end: crash.start });
    if (cEnd < r.end) ranges.push({ start: cEnd, end: r.end });
  }
  const phnum = cpus + 1 + ranges.length;
  const buf = new Uint8Array(64 + phnum * 56);
  const dv = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  dv.setUint16(16, 4, true); // ET_CORE
  dv.setUint16(18, 62, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(32, 64n, true);
  dv.setUint16(52, 64, true);
  dv.setUint16(54, 56, true);
  dv.setUint16(56, phnum, true);
  let p = 64;
  for (let i = 0; i < cpus + 1; i++, p += 56) dv.setUint32(p, 4, true); // PT_NOTE (cpu notes, vmcoreinfo)
  for (const r of ranges) {
    dv.setUint32(p, 1, true);
    dv.setUint32(p + 4, 7, true);
    dv.setBigUint64(p + 8, r.start, true);
    dv.setBigUint64(p + 24, r.start, true);
    dv.setBigUint64(p + 32, r.end - r.start, true);
    dv.setBigUint64(p + 40, r.end - r.start, true);
    p += 56;
  }
  return buf;
}

/** `bzImage64_load` (after a successful probe), spec §6.3 in order. */
export function bzImage64Load(input: BzLoadInput): BzLoadResult {
  const { kernel } = input;
  const kern16 = kern16Size(kernel);
  if (kernel.length < kern16) return { ok: false, errno: 'ENOEXEC', reason: 'bzImage truncated' };
  const cmdlineSize = readField(kernel, 'cmdline_size');
  const cmdlineLen = BigInt(input.cmdline.length);
  if (cmdlineLen > cmdlineSize) return { ok: false, errno: 'EINVAL', reason: 'Kernel command line too long' };
  if (cmdlineLen + BigInt(MAX_ELFCOREHDR_STR_LEN) > cmdlineSize) {
    return { ok: false, errno: 'EINVAL', reason: 'Appending elfcorehdr=<addr> to command line exceeds maximum allowed length' };
  }
  const regions = input.crash !== null
    ? [{ start: input.crash.start, end: input.crash.end + 1n }]
    : ramRegions(input.map).map((r) => ({ start: r.start, end: r.end }));
  const segs: FileSegment[] = [];
  const add = (role: FileSegment['role'], bytes: Uint8Array, b: Omit<Buf, 'bufsz'>): bigint | KexecErrno => {
    if (segs.length >= KEXEC_SEGMENT_MAX) return 'EINVAL';
    const mem = locate(segs, regions, { ...b, bufsz: BigInt(bytes.length) });
    if (mem === null) return 'EADDRNOTAVAIL';
    segs.push({ mem, memsz: alignUp(b.memsz, PAGE_SIZE), bufsz: BigInt(bytes.length), bytes, role });
    return mem;
  };
  const fail = (e: KexecErrno, what: string): BzLoadResult => ({ ok: false, errno: e, reason: `Could not place ${what}` });

  let elfcorehdr: bigint | null = null;
  if (input.crash !== null) {
    const hdr = buildElfCoreHeader(input.map, input.crash, input.cpus);
    const r = add('elfcorehdr', hdr, { memsz: BigInt(hdr.length), align: PAGE_SIZE, min: 0n, topDown: false });
    if (typeof r !== 'bigint') return fail(r, 'ELF core headers');
    elfcorehdr = r;
  }
  // Purgatory's bytes depend on where the rest goes; reserve its place now, fill it in below.
  const purgIndex = segs.length;
  const purg = add('purgatory', new Uint8Array(0), { memsz: BigInt(PURGATORY_SIZE_MAX), align: PAGE_SIZE, min: MIN_PURGATORY_ADDR, topDown: true });
  if (typeof purg !== 'bigint') return fail(purg, 'purgatory');

  const prefix = elfcorehdr !== null ? new TextEncoder().encode(`elfcorehdr=0x${elfcorehdr.toString(16)} `) : new Uint8Array(0);
  const paramsCmdlineSz = alignUp(BigInt(BOOT_PARAMS_SIZE) + cmdlineLen + BigInt(MAX_ELFCOREHDR_STR_LEN), 16n);
  const params = new Uint8Array(Number(paramsCmdlineSz) + SETUP_DATA_TAIL);
  const bp = add('boot_params', params, { memsz: BigInt(params.length), align: 16n, min: MIN_BOOTPARAM_ADDR, topDown: true });
  if (typeof bp !== 'bigint') return fail(bp, 'boot params');

  const payload = kernel.subarray(kern16);
  let kAlign = readField(kernel, 'kernel_alignment');
  if (kAlign === 0n) kAlign = PAGE_SIZE;
  const kmem = add('kernel', payload.slice(), { memsz: alignUp(readField(kernel, 'init_size'), PAGE_SIZE), align: kAlign, min: MIN_KERNEL_LOAD_ADDR, topDown: true });
  if (typeof kmem !== 'bigint') return fail(kmem, 'kernel');

  let initrdAddr = 0n;
  if (input.initrd !== null) {
    const r = add('initrd', input.initrd.slice(), { memsz: BigInt(input.initrd.length), align: PAGE_SIZE, min: MIN_INITRD_LOAD_ADDR, topDown: true });
    if (typeof r !== 'bigint') return fail(r, 'initrd');
    initrdAddr = r;
  }

  // boot_params: hdr copied from the file for `0x202 + byte[0x201] − 0x1F1` bytes (no clamp,
  // as coded; spec §6.3), then the fields the loader sets, then the command line.
  const hdrLen = 0x202 + (kernel[0x201] ?? 0) - 0x1f1;
  params.set(kernel.subarray(0x1f1, Math.min(0x1f1 + hdrLen, kernel.length)).subarray(0, Math.max(0, BOOT_PARAMS_SIZE - 0x1f1)), 0x1f1);
  const pv = new DataView(params.buffer);
  const cmdAddr = bp + BigInt(BOOT_PARAMS_SIZE);
  pv.setUint32(0x228, Number(cmdAddr & 0xffffffffn), true);
  pv.setUint32(0x0c8, Number(cmdAddr >> 32n), true); // ext_cmd_line_ptr
  params[0x210] = 0xd0; // type_of_loader: kexec-tools
  params[0x211] = 0; // loadflags
  if (input.initrd !== null) {
    pv.setUint32(0x218, Number(initrdAddr & 0xffffffffn), true);
    pv.setUint32(0x21c, input.initrd.length >>> 0, true);
    pv.setUint32(0x0c0, Number(initrdAddr >> 32n), true);
  }
  params.set(prefix, BOOT_PARAMS_SIZE);
  params.set(input.cmdline, BOOT_PARAMS_SIZE + prefix.length);
  if (input.cmdline.length + prefix.length > 0) params[BOOT_PARAMS_SIZE + prefix.length + input.cmdline.length - 1] = 0;

  const p = buildPurgatory({ kernelEntry: kmem + 0x200n, bootParams: bp, version: bzImageVersionString(kernel) ?? '' });
  segs[purgIndex] = { ...segs[purgIndex], bytes: p, bufsz: BigInt(p.length) };
  return { ok: true, entry: purg, segments: segs, elfcorehdr };
}

/** The command line a booted bzImage sees: the NUL-terminated string at boot_params' pointer. */
export function bootParamsCmdlineAddr(params: Uint8Array): bigint {
  const dv = new DataView(params.buffer, params.byteOffset, params.byteLength);
  return BigInt(dv.getUint32(0x228, true)) | (BigInt(dv.getUint32(0x0c8, true)) << 32n);
}
