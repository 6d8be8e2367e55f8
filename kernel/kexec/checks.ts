// The segment checks of both personalities, as pure functions over descriptors. They return the
// errno *name* of the first failing check (or null); the system-call layer maps names to the
// machine's numbering.

import { inOnePhysSeg, PhysSeg } from '../mem/physsegs';
import { isPageAligned, PAGE_SIZE, SegmentDesc } from './image';

export type KexecErrno = 'EPERM' | 'EINVAL' | 'EBUSY' | 'EFAULT' | 'ENOMEM' | 'EADDRNOTAVAIL' | 'ENOEXEC'
  | 'EBADF' | 'ETXTBSY' | 'EFBIG' | 'ENOSYS';

/**
 * FreeBSD step 5 (spec §2.2), on descriptors already sorted by mem: for each, (a) bufsz > memsz,
 * (b) mem or memsz not page aligned, (c) range not inside one vm.phys_segs segment → EINVAL.
 */
export function freebsdCheckSegments(sorted: readonly SegmentDesc[], segs: readonly PhysSeg[]): KexecErrno | null {
  for (const d of sorted) {
    if (d.bufsz > d.memsz) return 'EINVAL';
    if (!isPageAligned(d.mem) || !isPageAligned(d.memsz)) return 'EINVAL';
    if (!inOnePhysSeg(segs, d.mem, d.memsz)) return 'EINVAL';
  }
  return null;
}

export interface LinuxSanityEnv {
  /** KEXEC_DESTINATION_MEMORY_LIMIT: MAXMEM − 1 (2^46 − 1 with 4-level paging). */
  destinationLimit: bigint;
  /** totalram_pages (spec §4.4 step 4). */
  totalRamPages: bigint;
  /** crashk_res as [start, end] inclusive for crash images, else null. */
  crash: { start: bigint; end: bigint } | null;
}

/** `sanity_check_segment_list` (spec §4.4), in order; the first failure wins. */
export function sanityCheckSegmentList(descs: readonly SegmentDesc[], env: LinuxSanityEnv): KexecErrno | null {
  const U64 = (v: bigint): bigint => BigInt.asUintN(64, v);
  // 1. wrap-around, alignment, destination limit.
  for (const d of descs) {
    const mend = U64(d.mem + d.memsz);
    if (d.mem > mend) return 'EADDRNOTAVAIL';
    if (!isPageAligned(d.mem) || !isPageAligned(mend)) return 'EADDRNOTAVAIL';
    if (mend >= env.destinationLimit) return 'EADDRNOTAVAIL';
  }
  // 2. overlap, the kernel's test applied literally.
  for (let i = 0; i < descs.length; i++) {
    const mi = descs[i].mem;
    const ei = U64(mi + descs[i].memsz);
    for (let j = 0; j < i; j++) {
      const mj = descs[j].mem;
      const ej = U64(mj + descs[j].memsz);
      if (ei > mj && mi < ej) return 'EINVAL';
    }
  }
  // 3. bufsz > memsz.
  for (const d of descs) if (d.bufsz > d.memsz) return 'EINVAL';
  // 4. more than half of RAM, per segment and in total.
  const half = env.totalRamPages / 2n;
  let total = 0n;
  for (const d of descs) {
    const pages = (d.memsz + PAGE_SIZE - 1n) / PAGE_SIZE;
    if (pages > half) return 'EINVAL';
    total += pages;
    if (total > half) return 'EINVAL';
  }
  // 5. crash images stay inside the reservation.
  if (env.crash !== null) {
    for (const d of descs) {
      if (d.mem < env.crash.start || U64(d.mem + d.memsz - 1n) > env.crash.end) return 'EADDRNOTAVAIL';
    }
  }
  return null;
}
