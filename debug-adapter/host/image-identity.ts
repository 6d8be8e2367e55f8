// Which kernel a staged image will boot, for the Kexec view: the banner and init program of a
// KSim image, or the version string of a bzImage, read from the staged segment that holds the
// entry point (kexec_load) or the first one (kexec_file_load). Best effort: null when unknown.

import type { Kernel } from '../../kernel/kern/kernel';
import { kx } from '../../kernel/kexec/state';
import type { StagedImage } from '../../kernel/kexec/image';
import { isKsimImage, parseKsimImage } from '../../kernel/kexec/ksim-image';
import { bzImageVersionString } from '../../kernel/kexec/bzimage';
import { parsePurgatory } from '../../kernel/kexec/purgatory';

export interface ImageIdentity {
  banner: string | null;
  init: string | null;
}

/** A version string is printable ASCII; anything else was read from the wrong place. */
const PRINTABLE = /^[\x20-\x7e]+$/;

function identify(img: StagedImage | null): ImageIdentity {
  if (!img) return { banner: null, init: null };
  const seg = img.segments.find((s) => s.memsz > 0n && img.entry >= s.mem && img.entry < s.mem + s.memsz);
  for (const s of seg ? [seg, ...img.segments] : img.segments) {
    const bytes = s.bytes;
    try {
      if (isKsimImage(bytes)) {
        const info = parseKsimImage(bytes);
        if (!('error' in info)) return { banner: info.banner, init: info.init || null };
      }
      // kexec_file_load enters its purgatory first, which carries the bzImage's version (the
      // staged boot_params keep the setup header, but not the code its version pointer names).
      const version = parsePurgatory(bytes)?.version || (bytes.length >= 0x300 ? bzImageVersionString(bytes) : null);
      if (version && PRINTABLE.test(version)) {
        return { banner: `Linux version ${version}`, init: /(?:^|\s)init=(\S+)/.exec(img.cmdline ?? '')?.[1] ?? null };
      }
    } catch {
      // not an image we know: keep looking
    }
  }
  return { banner: null, init: null };
}

export function stagedIdentity(k: Kernel, slot: 'normal' | 'crash'): ImageIdentity {
  const st = kx(k);
  return identify(slot === 'normal' ? st.normal : st.crash);
}
