// A bzImage synthesizer for tests and examples (spec §6.4): the header is built field by field,
// so a test can break exactly one field and watch the probe refuse it.

import { SetupHeaderField, writeField } from './bzimage';

export interface BzImageOptions {
  /** Setup sectors after the boot sector (0 means 4 to the loader). Default 1. */
  setupSects?: number;
  /** Protected-mode payload bytes. Default 4096. */
  payload?: Uint8Array | number;
  /** Version string placed in the setup area (kernel_version points at it). */
  versionString?: string;
  /** Field overrides applied after the defaults, e.g. `{ version: 0x020b }`. */
  fields?: Partial<Record<SetupHeaderField, bigint | number>>;
}

const TWO_MIB = 0x200000;

/**
 * A minimal image that Linux 6.1's probe and load accept on x86_64: setup_sects 1, boot flag,
 * "HdrS", protocol 2.15, LOADED_HIGH, 2 MiB alignment, relocatable, XLF_KERNEL_64 |
 * XLF_CAN_BE_LOADED_ABOVE_4G, cmdline_size 2047, init_size ≥ payload (rounded to 2 MiB).
 */
export function buildBzImage(opts: BzImageOptions = {}): Uint8Array {
  const setupSects = opts.setupSects ?? 1;
  const realSects = setupSects === 0 ? 4 : setupSects;
  const kern16 = (realSects + 1) * 512;
  const payload = typeof opts.payload === 'number' || opts.payload === undefined
    ? patternedPayload(opts.payload ?? 4096)
    : opts.payload;
  const buf = new Uint8Array(Math.max(1024, kern16) + payload.length);
  buf.set(payload, Math.max(1024, kern16));
  const set = (f: SetupHeaderField, v: bigint | number): void => writeField(buf, f, v);
  set('setup_sects', setupSects);
  set('boot_flag', 0xaa55);
  // Short jump over the header: 0xEB then the offset to the header end (0x26C) from 0x202.
  buf[0x200] = 0xeb;
  buf[0x201] = 0x6a;
  set('header', 0x53726448);
  set('version', 0x020f);
  set('loadflags', 0x01);
  set('kernel_alignment', TWO_MIB);
  set('relocatable_kernel', 1);
  set('min_alignment', 21);
  set('xloadflags', 0x0003);
  set('cmdline_size', 2047);
  set('syssize', Math.ceil(payload.length / 16));
  set('init_size', Math.ceil(Math.max(payload.length, 1) / TWO_MIB) * TWO_MIB);
  const version = opts.versionString ?? '6.1.0-ksim (ksim@ksim) #1 SMP PREEMPT_DYNAMIC KSim 6.1.0-1';
  // Place the version string in the setup sectors after the header, like real kernels do.
  const vOff = 0x300;
  const vBytes = new TextEncoder().encode(version);
  if (vOff + vBytes.length + 1 <= Math.min(kern16, 1024)) {
    buf.set(vBytes, vOff);
    set('kernel_version', vOff - 0x200);
  }
  for (const [f, v] of Object.entries(opts.fields ?? {}) as [SetupHeaderField, bigint | number][]) set(f, v);
  return buf;
}

function patternedPayload(n: number): Uint8Array {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = (i * 131 + 7) & 0xff;
  return p;
}
