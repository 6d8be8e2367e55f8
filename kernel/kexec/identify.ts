// Which of the three kernel formats KSim knows a byte buffer is: a KSim image, a bzImage
// (anything with the boot protocol's "HdrS" at 0x202 and the 0xAA55 boot flag), or an ELF64
// file. The booting generation and the debugger's Kexec view both use it.

import { BOOT_FLAG, HDRS_MAGIC, readField } from './bzimage';
import { isElf64 } from './elf';
import { isKsimImage } from './ksim-image';

export type KernelFormat = 'ksim' | 'bzImage' | 'elf64' | 'unknown';

export function identifyKernelImage(buf: Uint8Array): KernelFormat {
  if (isKsimImage(buf)) return 'ksim';
  if (isElf64(buf)) return 'elf64';
  if (buf.length >= 0x206
    && readField(buf, 'header') === BigInt(HDRS_MAGIC)
    && readField(buf, 'boot_flag') === BigInt(BOOT_FLAG)) return 'bzImage';
  return 'unknown';
}
