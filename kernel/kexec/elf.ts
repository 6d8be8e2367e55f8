// ELF64 kernels: the header and program headers, and the segment list kexec-tools' ELF loader
// builds from them (one segment per PT_LOAD: the file bytes at p_offset, p_filesz long, loaded
// at p_paddr and zero-filled to p_memsz; the entry is e_entry).

export const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const PT_LOAD = 1;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;

export interface ElfProgramHeader {
  type: number;
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
}

export interface ElfKernel {
  machine: number;
  type: number;
  entry: bigint;
  phdrs: ElfProgramHeader[];
}

export interface ElfSegment {
  buf: Uint8Array;
  bufsz: bigint;
  mem: bigint;
  memsz: bigint;
}

export function isElf64(buf: Uint8Array): boolean {
  return buf.length >= EHDR_SIZE && ELF_MAGIC.every((b, i) => buf[i] === b) && buf[4] === ELFCLASS64;
}

/** Parses a little-endian ELF64 file; returns an error text for what it cannot read. */
export function parseElf64(buf: Uint8Array): ElfKernel | { error: string } {
  if (!ELF_MAGIC.every((b, i) => buf[i] === b)) return { error: 'not an ELF file' };
  if (buf.length < EHDR_SIZE || buf[4] !== ELFCLASS64) return { error: 'not a 64-bit ELF file' };
  if (buf[5] !== ELFDATA2LSB) return { error: 'not a little-endian ELF file' };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const type = dv.getUint16(16, true);
  const machine = dv.getUint16(18, true);
  const entry = dv.getBigUint64(24, true);
  const phoff = dv.getBigUint64(32, true);
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  if (phnum > 0 && phentsize < PHDR_SIZE) return { error: `e_phentsize ${phentsize} is too small` };
  const phdrs: ElfProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const off = phoff + BigInt(i * phentsize);
    if (off + BigInt(PHDR_SIZE) > BigInt(buf.length)) return { error: 'program headers run past the end of the file' };
    const o = Number(off);
    phdrs.push({
      type: dv.getUint32(o, true),
      flags: dv.getUint32(o + 4, true),
      offset: dv.getBigUint64(o + 8, true),
      vaddr: dv.getBigUint64(o + 16, true),
      paddr: dv.getBigUint64(o + 24, true),
      filesz: dv.getBigUint64(o + 32, true),
      memsz: dv.getBigUint64(o + 40, true),
      align: dv.getBigUint64(o + 48, true),
    });
  }
  return { machine, type, entry, phdrs };
}

/**
 * kexec-tools' ELF loader: PT_LOAD → { buf = file bytes, bufsz = p_filesz, mem = p_paddr,
 * memsz = p_memsz }, entry = e_entry. File bytes past the end of the file are an error.
 */
export function elfToSegments(buf: Uint8Array): { entry: bigint; segments: ElfSegment[] } | { error: string } {
  const elf = parseElf64(buf);
  if ('error' in elf) return elf;
  const segments: ElfSegment[] = [];
  for (const ph of elf.phdrs) {
    if (ph.type !== PT_LOAD) continue;
    if (ph.offset + ph.filesz > BigInt(buf.length)) return { error: 'PT_LOAD runs past the end of the file' };
    const start = Number(ph.offset);
    segments.push({
      buf: buf.slice(start, start + Number(ph.filesz)),
      bufsz: ph.filesz,
      mem: ph.paddr,
      memsz: ph.memsz,
    });
  }
  return { entry: elf.entry, segments };
}

export interface ElfBuildSegment {
  paddr: bigint;
  vaddr?: bigint;
  data: Uint8Array;
  memsz?: bigint;
  flags?: number;
}

/** Builds a small ELF64 executable (for tests and examples): header, PT_LOADs, data. */
export function buildElf64(entry: bigint, segs: readonly ElfBuildSegment[], machine = EM_X86_64): Uint8Array {
  const phoff = EHDR_SIZE;
  let dataOff = phoff + PHDR_SIZE * segs.length;
  dataOff = (dataOff + 15) & ~15;
  const total = dataOff + segs.reduce((n, s) => n + ((s.data.length + 15) & ~15), 0);
  const buf = new Uint8Array(total);
  const dv = new DataView(buf.buffer);
  buf.set(ELF_MAGIC, 0);
  buf[4] = ELFCLASS64;
  buf[5] = ELFDATA2LSB;
  buf[6] = 1; // EV_CURRENT
  dv.setUint16(16, 2, true); // ET_EXEC
  dv.setUint16(18, machine, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(24, entry, true);
  dv.setBigUint64(32, BigInt(phoff), true);
  dv.setUint16(52, EHDR_SIZE, true);
  dv.setUint16(54, PHDR_SIZE, true);
  dv.setUint16(56, segs.length, true);
  let off = dataOff;
  segs.forEach((s, i) => {
    const p = phoff + i * PHDR_SIZE;
    dv.setUint32(p, PT_LOAD, true);
    dv.setUint32(p + 4, s.flags ?? 5, true);
    dv.setBigUint64(p + 8, BigInt(off), true);
    dv.setBigUint64(p + 16, s.vaddr ?? s.paddr, true);
    dv.setBigUint64(p + 24, s.paddr, true);
    dv.setBigUint64(p + 32, BigInt(s.data.length), true);
    dv.setBigUint64(p + 40, s.memsz ?? BigInt(s.data.length), true);
    dv.setBigUint64(p + 48, 0x1000n, true);
    buf.set(s.data, off);
    off += (s.data.length + 15) & ~15;
  });
  return buf;
}
