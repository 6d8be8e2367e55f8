// KSim's purgatory: the small segment `kexec_file_load` places first and enters first (spec
// §8.2: purgatory then jumps to the kernel's 64-bit entry with RSI = boot_params). Real
// purgatory is code that re-checks a SHA-256 digest; KSim's is a record the booting machine
// reads: where to jump, where boot_params are, and the kernel's version string (which real
// kernels carry in their own code, and which the setup header's pointer cannot reach once the
// real-mode part is dropped). The digest check is not modelled.

export const PURGATORY_MAGIC = 'KSIMPURG';

export interface PurgatoryInfo {
  /** Kernel load address + 0x200 (the 64-bit entry). */
  kernelEntry: bigint;
  bootParams: bigint;
  /** The bzImage's version string, or empty. */
  version: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Layout: magic (8), u64 kernel entry, u64 boot_params, u32 version length, version bytes. */
export function buildPurgatory(info: PurgatoryInfo): Uint8Array {
  const v = enc.encode(info.version);
  const buf = new Uint8Array(28 + v.length);
  buf.set(enc.encode(PURGATORY_MAGIC), 0);
  const dv = new DataView(buf.buffer);
  dv.setBigUint64(8, info.kernelEntry, true);
  dv.setBigUint64(16, info.bootParams, true);
  dv.setUint32(24, v.length, true);
  buf.set(v, 28);
  return buf;
}

export function isPurgatory(buf: Uint8Array): boolean {
  return buf.length >= 28 && dec.decode(buf.subarray(0, 8)) === PURGATORY_MAGIC;
}

export function parsePurgatory(buf: Uint8Array): PurgatoryInfo | null {
  if (!isPurgatory(buf)) return null;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const n = dv.getUint32(24, true);
  if (28 + n > buf.length) return null;
  return {
    kernelEntry: dv.getBigUint64(8, true),
    bootParams: dv.getBigUint64(16, true),
    version: dec.decode(buf.subarray(28, 28 + n)),
  };
}

/** Purgatory's memsz (one page), known before its contents so it can be placed first. */
export const PURGATORY_SIZE_MAX = 4096;
