// Staged kexec images (spec §2.1, §4.1) and the segment descriptors they are built from.
// Everything is plain data: a staged image is a few bigints and one byte array per segment,
// so a machine snapshot clones it and the debugger's Kexec view reads it directly.

export const PAGE_SIZE = 4096n;
export const KEXEC_SEGMENT_SIZE = 32;

/** One `struct kexec_segment` as the caller passed it (spec §1.1.1 / §1.2.2). */
export interface SegmentDesc {
  /** User address of the source bytes. */
  buf: bigint;
  bufsz: bigint;
  /** Physical destination. */
  mem: bigint;
  memsz: bigint;
}

export interface StagedSegment extends SegmentDesc {
  /** Exactly `bufsz` bytes copied from the caller at load time; the rest up to memsz is zero. */
  bytes: Uint8Array;
  /** kexec_file_load: what the loader put there (purgatory, boot_params, kernel, initrd, ...). */
  role?: string;
}

export type ImageSlot = 'normal' | 'crash';

export interface StagedImage {
  slot: ImageSlot;
  entry: bigint;
  /** The flags argument as passed (kexec_load) or the file flags (kexec_file_load). */
  flags: bigint;
  /** kexec_load segments sorted by mem (bsd) or in array order (linux). */
  segments: StagedSegment[];
  /** Linux KEXEC_PRESERVE_CONTEXT: reboot calls the image and returns (spec §8.1). */
  preserveContext: boolean;
  /** How it was loaded. */
  via: 'kexec_load' | 'kexec_file_load';
  /** kexec_file_load: the command line (without its NUL), or null. */
  cmdline: string | null;
  /** kexec_file_load: initrd length in bytes, or null without one. */
  initrdSize: bigint | null;
  /** Virtual time (ns) and boot generation of the load, for the views. */
  loadedAtNs: bigint;
  generation: number;
}

/** Decodes `count` 32-byte little-endian descriptors (buf, bufsz, mem, memsz). */
export function decodeSegments(raw: Uint8Array, count: number): SegmentDesc[] {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: SegmentDesc[] = [];
  for (let i = 0; i < count; i++) {
    const o = i * KEXEC_SEGMENT_SIZE;
    out.push({
      buf: dv.getBigUint64(o, true),
      bufsz: dv.getBigUint64(o + 8, true),
      mem: dv.getBigUint64(o + 16, true),
      memsz: dv.getBigUint64(o + 24, true),
    });
  }
  return out;
}

/** Encodes descriptors (tests and the scenario runtime's marshalling use the same layout). */
export function encodeSegments(descs: readonly SegmentDesc[]): Uint8Array {
  const raw = new Uint8Array(descs.length * KEXEC_SEGMENT_SIZE);
  const dv = new DataView(raw.buffer);
  descs.forEach((d, i) => {
    const o = i * KEXEC_SEGMENT_SIZE;
    dv.setBigUint64(o, BigInt.asUintN(64, d.buf), true);
    dv.setBigUint64(o + 8, BigInt.asUintN(64, d.bufsz), true);
    dv.setBigUint64(o + 16, BigInt.asUintN(64, d.mem), true);
    dv.setBigUint64(o + 24, BigInt.asUintN(64, d.memsz), true);
  });
  return raw;
}

/** Numeric ascending sort by mem (spec §2.2 step 4; the ⚠ int-truncating comparator is not emulated). */
export function sortByMem<T extends SegmentDesc>(descs: readonly T[]): T[] {
  return [...descs].sort((a, b) => (a.mem < b.mem ? -1 : a.mem > b.mem ? 1 : 0));
}

export function isPageAligned(v: bigint): boolean {
  return v % PAGE_SIZE === 0n;
}

/** A deep, independent copy (tests compare staged state byte for byte with it). */
export function cloneImage(img: StagedImage | null): StagedImage | null {
  if (img === null) return null;
  return { ...img, segments: img.segments.map((s) => ({ ...s, bytes: s.bytes.slice() })) };
}

/** Byte-for-byte equality of two staged states (null = nothing staged). */
export function imagesEqual(a: StagedImage | null, b: StagedImage | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.slot !== b.slot || a.entry !== b.entry || a.flags !== b.flags || a.via !== b.via) return false;
  if (a.preserveContext !== b.preserveContext || a.cmdline !== b.cmdline || a.initrdSize !== b.initrdSize) return false;
  if (a.segments.length !== b.segments.length) return false;
  return a.segments.every((s, i) => {
    const t = b.segments[i];
    if (s.buf !== t.buf || s.bufsz !== t.bufsz || s.mem !== t.mem || s.memsz !== t.memsz) return false;
    if (s.bytes.length !== t.bytes.length) return false;
    for (let k = 0; k < s.bytes.length; k++) if (s.bytes[k] !== t.bytes[k]) return false;
    return true;
  });
}

/** Bytes a load copies (what its virtual time is proportional to). */
export function imageBytes(descs: readonly SegmentDesc[]): bigint {
  return descs.reduce((n, d) => n + d.bufsz, 0n);
}
