// KSim's own kernel image format (docs/kernel-image-format.md): what a scenario's
// `kernel_image NAME { banner, entry, size, init }` declaration becomes when `image_bytes(NAME)`
// is staged. The header tells the booting generation who it is; the rest is filler up to `size`.

export const KSIM_IMAGE_MAGIC = 'KSIMKERN';
export const KSIM_IMAGE_VERSION = 1;
export const KSIM_IMAGE_HEADER_SIZE = 0x40;
/** Banner and init name together may use at most this many bytes (after the fixed header). */
export const KSIM_IMAGE_MAX_STRINGS = 0x1c0;

export type KsimImageAbi = 'inherit' | 'bsd' | 'linux';
const ABI_CODES: KsimImageAbi[] = ['inherit', 'bsd', 'linux'];

export interface KsimImageSpec {
  banner: string;
  /** Physical address the image expects to be entered at (normally where it is loaded). */
  entry: bigint;
  /** Total image length in bytes (≥ header + strings). */
  size: number;
  /** Name of the `program` the new kernel starts as init; empty for none. */
  init: string;
  abi?: KsimImageAbi;
}

export interface KsimImageInfo extends Required<KsimImageSpec> {
  headerCrc: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** CRC-32 (IEEE), used to tell a damaged header from a valid one. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Builds an image. Layout (little-endian): 0x00 magic "KSIMKERN", 0x08 u16 format version,
 * 0x0A u16 header length, 0x0C u8 ABI (0 inherit, 1 bsd, 2 linux), 0x0D..0x0F zero, 0x10 u64
 * entry, 0x18 u64 size, 0x20 u16 banner length, 0x22 u16 init length, 0x24 u32 CRC-32 of the
 * header and strings with this field zero, 0x28..0x3F zero, 0x40 banner bytes, then init bytes.
 * Filler bytes follow a fixed pattern so that staged images are visibly non-zero.
 */
export function buildKsimImage(spec: KsimImageSpec): Uint8Array {
  const banner = enc.encode(spec.banner);
  const init = enc.encode(spec.init);
  const strings = banner.length + init.length;
  if (strings > KSIM_IMAGE_MAX_STRINGS) throw new RangeError('kernel_image banner and init are too long');
  const headerLen = KSIM_IMAGE_HEADER_SIZE + strings;
  if (spec.size < headerLen) throw new RangeError(`kernel_image size ${spec.size} is below its header (${headerLen} bytes)`);
  const buf = new Uint8Array(spec.size);
  for (let i = headerLen; i < spec.size; i++) buf[i] = 0x90 ^ (i & 0x0f);
  buf.set(enc.encode(KSIM_IMAGE_MAGIC), 0);
  const dv = new DataView(buf.buffer);
  dv.setUint16(0x08, KSIM_IMAGE_VERSION, true);
  dv.setUint16(0x0a, headerLen, true);
  buf[0x0c] = ABI_CODES.indexOf(spec.abi ?? 'inherit');
  dv.setBigUint64(0x10, BigInt.asUintN(64, spec.entry), true);
  dv.setBigUint64(0x18, BigInt(spec.size), true);
  dv.setUint16(0x20, banner.length, true);
  dv.setUint16(0x22, init.length, true);
  buf.set(banner, KSIM_IMAGE_HEADER_SIZE);
  buf.set(init, KSIM_IMAGE_HEADER_SIZE + banner.length);
  dv.setUint32(0x24, crc32(buf.subarray(0, headerLen)), true);
  return buf;
}

export function isKsimImage(buf: Uint8Array): boolean {
  if (buf.length < KSIM_IMAGE_HEADER_SIZE) return false;
  return dec.decode(buf.subarray(0, 8)) === KSIM_IMAGE_MAGIC;
}

/** Parses a header; returns an error text for a damaged one (the booting kernel panics with it). */
export function parseKsimImage(buf: Uint8Array): KsimImageInfo | { error: string } {
  if (!isKsimImage(buf)) return { error: 'no KSim image magic' };
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = dv.getUint16(0x08, true);
  if (version !== KSIM_IMAGE_VERSION) return { error: `unknown KSim image format version ${version}` };
  const headerLen = dv.getUint16(0x0a, true);
  const bannerLen = dv.getUint16(0x20, true);
  const initLen = dv.getUint16(0x22, true);
  if (headerLen !== KSIM_IMAGE_HEADER_SIZE + bannerLen + initLen || headerLen > buf.length) {
    return { error: 'KSim image header length is inconsistent' };
  }
  const copy = buf.slice(0, headerLen);
  new DataView(copy.buffer).setUint32(0x24, 0, true);
  const crc = dv.getUint32(0x24, true);
  if (crc32(copy) !== crc) return { error: 'KSim image header checksum mismatch' };
  const abi = ABI_CODES[buf[0x0c]];
  if (abi === undefined) return { error: `unknown ABI code ${buf[0x0c]}` };
  return {
    banner: dec.decode(buf.subarray(KSIM_IMAGE_HEADER_SIZE, KSIM_IMAGE_HEADER_SIZE + bannerLen)),
    init: dec.decode(buf.subarray(KSIM_IMAGE_HEADER_SIZE + bannerLen, headerLen)),
    entry: dv.getBigUint64(0x10, true),
    size: Number(dv.getBigUint64(0x18, true)),
    abi,
    headerCrc: crc,
  };
}
