// The x86 boot protocol's setup header (spec §6.1) and Linux 6.1's in-kernel bzImage64 probe
// (spec §6.2). Offsets are file offsets; every field is little-endian.

export const SETUP_HDR_OFFSET = 0x1f1;
export const HDRS_MAGIC = 0x53726448; // "HdrS"
export const BOOT_FLAG = 0xaa55;
export const LOADFLAG_LOADED_HIGH = 0x01;
export const XLF_KERNEL_64 = 0x01;
export const XLF_CAN_BE_LOADED_ABOVE_4G = 0x02;
export const XLF_5LEVEL = 0x20;
/** Protocol 2.12 is the first with xloadflags, which the 64-bit loader needs (spec §6.2 step 4). */
export const MIN_PROTOCOL_BZIMAGE64 = 0x020c;

/** Field name → [file offset, size in bytes] (spec §6.1). */
export const SETUP_HEADER_FIELDS = {
  setup_sects: [0x1f1, 1],
  root_flags: [0x1f2, 2],
  syssize: [0x1f4, 4],
  ram_size: [0x1f8, 2],
  vid_mode: [0x1fa, 2],
  root_dev: [0x1fc, 2],
  boot_flag: [0x1fe, 2],
  jump: [0x200, 2],
  header: [0x202, 4],
  version: [0x206, 2],
  realmode_swtch: [0x208, 4],
  start_sys_seg: [0x20c, 2],
  kernel_version: [0x20e, 2],
  type_of_loader: [0x210, 1],
  loadflags: [0x211, 1],
  setup_move_size: [0x212, 2],
  code32_start: [0x214, 4],
  ramdisk_image: [0x218, 4],
  ramdisk_size: [0x21c, 4],
  bootsect_kludge: [0x220, 4],
  heap_end_ptr: [0x224, 2],
  ext_loader_ver: [0x226, 1],
  ext_loader_type: [0x227, 1],
  cmd_line_ptr: [0x228, 4],
  initrd_addr_max: [0x22c, 4],
  kernel_alignment: [0x230, 4],
  relocatable_kernel: [0x234, 1],
  min_alignment: [0x235, 1],
  xloadflags: [0x236, 2],
  cmdline_size: [0x238, 4],
  hardware_subarch: [0x23c, 4],
  hardware_subarch_data: [0x240, 8],
  payload_offset: [0x248, 4],
  payload_length: [0x24c, 4],
  setup_data: [0x250, 8],
  pref_address: [0x258, 8],
  init_size: [0x260, 4],
  handover_offset: [0x264, 4],
  kernel_info_offset: [0x268, 4],
} as const;

export type SetupHeaderField = keyof typeof SETUP_HEADER_FIELDS;
export type SetupHeader = Record<SetupHeaderField, bigint>;

/** Reads one field; bytes past the end of the file read as 0. */
export function readField(buf: Uint8Array, field: SetupHeaderField): bigint {
  const [off, size] = SETUP_HEADER_FIELDS[field];
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[off + i] ?? 0);
  return v;
}

export function writeField(buf: Uint8Array, field: SetupHeaderField, value: bigint | number): void {
  const [off, size] = SETUP_HEADER_FIELDS[field];
  let v = BigInt(value);
  for (let i = 0; i < size; i++) {
    buf[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

export function parseSetupHeader(buf: Uint8Array): SetupHeader {
  const h = {} as SetupHeader;
  for (const f of Object.keys(SETUP_HEADER_FIELDS) as SetupHeaderField[]) h[f] = readField(buf, f);
  return h;
}

/** The NUL-terminated version string at `kernel_version + 0x200`, or null without one. */
export function bzImageVersionString(buf: Uint8Array): string | null {
  const ptr = readField(buf, 'kernel_version');
  if (ptr === 0n) return null;
  const start = Number(ptr) + 0x200;
  if (start >= buf.length) return null;
  let end = start;
  while (end < buf.length && end - start < 512 && buf[end] !== 0) end++;
  return new TextDecoder().decode(buf.subarray(start, end));
}

export interface ProbeEnv {
  /** The kernel runs 32-bit EFI runtime services (spec §6.2 step 8). */
  efi32: boolean;
  /** 5-level paging is active (spec §6.2 step 9). */
  la57: boolean;
}

export type ProbeResult = { ok: true } | { ok: false; errno: 'ENOEXEC'; reason: string };

/** `bzImage64_probe`: every ENOEXEC condition in 6.1's order, with the kernel's message. */
export function bzImage64Probe(buf: Uint8Array, env: ProbeEnv = { efi32: false, la57: false }): ProbeResult {
  const no = (reason: string): ProbeResult => ({ ok: false, errno: 'ENOEXEC', reason });
  if (buf.length < 2 * 512) return no('File is too short to be a bzImage');
  if (readField(buf, 'header') !== BigInt(HDRS_MAGIC)) return no('Not a bzImage');
  if (readField(buf, 'boot_flag') !== BigInt(BOOT_FLAG)) return no('No x86 boot sector present');
  if (readField(buf, 'version') < BigInt(MIN_PROTOCOL_BZIMAGE64)) return no('Must be at least protocol version 2.12');
  const loadflags = readField(buf, 'loadflags');
  if ((loadflags & BigInt(LOADFLAG_LOADED_HIGH)) === 0n) return no('zImage not a bzImage');
  const xlf = readField(buf, 'xloadflags');
  if ((xlf & BigInt(XLF_KERNEL_64)) === 0n) return no('Not a bzImage64. XLF_KERNEL_64 is not set.');
  if ((xlf & BigInt(XLF_CAN_BE_LOADED_ABOVE_4G)) === 0n) return no('XLF_CAN_BE_LOADED_ABOVE_4G is not set.');
  if (env.efi32) return no('EFI is 32 bit. Can not load 64-bit kernel.');
  if (env.la57 && (xlf & BigInt(XLF_5LEVEL)) === 0n) return no('bzImage cannot handle 5-level paging mode.');
  return { ok: true };
}

/** `(setup_sects (0 → 4) + 1) × 512`: where the protected-mode kernel starts (spec §6.3). */
export function kern16Size(buf: Uint8Array): number {
  let sects = Number(readField(buf, 'setup_sects'));
  if (sects === 0) sects = 4;
  return (sects + 1) * 512;
}
