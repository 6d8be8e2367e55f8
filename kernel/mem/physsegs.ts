// FreeBSD's `vm.phys_segs` (spec §1.1.3): the RAM segments the VM system manages, which bound
// where `kexec_load` may place a segment (spec §2.2 step 5c).

import { FOUR_GIB, MemRegion, ramRegions } from './map';

export interface PhysSeg {
  start: bigint;
  /** Exclusive, as FreeBSD prints it. */
  end: bigint;
  domain: number;
  /** Free list index: 0 = VM_FREELIST_DEFAULT, 1 = VM_FREELIST_DMA32. */
  freeList: number;
}

/**
 * Address of `vm_phys_free_queues[domain][flind]` in the simulated kernel's data segment. The
 * text shows it only as a pointer; KSim prints a fixed, made-up kernel address per free list so
 * that the output is deterministic.
 */
const FREE_QUEUES_BASE = 0xffffffff81f3c000n;
const FREE_QUEUES_STRIDE = 0x1b00n;

/**
 * Segments in ascending address order. amd64 creates the DMA32 free list when memory lies above
 * 4 GiB; KSim then splits RAM at 4 GiB, so a range crossing 4 GiB becomes two adjacent segments
 * that a kexec segment may not straddle (spec §1.1.3, F7). The LOWMEM (16 MiB) free list is not
 * modelled.
 */
export function physSegs(map: readonly MemRegion[]): PhysSeg[] {
  const ram = ramRegions(map);
  const dma32 = ram.some((r) => r.end > FOUR_GIB);
  const segs: PhysSeg[] = [];
  for (const r of ram) {
    if (dma32 && r.start < FOUR_GIB && r.end > FOUR_GIB) {
      segs.push({ start: r.start, end: FOUR_GIB, domain: 0, freeList: 1 });
      segs.push({ start: FOUR_GIB, end: r.end, domain: 0, freeList: 0 });
    } else {
      segs.push({ start: r.start, end: r.end, domain: 0, freeList: dma32 && r.end <= FOUR_GIB ? 1 : 0 });
    }
  }
  return segs;
}

/** The sysctl's text: per segment a blank line, `SEGMENT n:`, a blank line, four fields. */
export function formatPhysSegs(segs: readonly PhysSeg[]): string {
  let s = '';
  segs.forEach((seg, n) => {
    const fl = FREE_QUEUES_BASE + BigInt(seg.domain) * 4n * FREE_QUEUES_STRIDE + BigInt(seg.freeList) * FREE_QUEUES_STRIDE;
    s += `\nSEGMENT ${n}:\n\n`;
    s += `start:     ${percentHashJx(seg.start)}\n`;
    s += `end:       ${percentHashJx(seg.end)}\n`;
    s += `domain:    ${seg.domain}\n`;
    s += `free list: ${percentHashJx(fl)}\n`;
  });
  return s;
}

/** C's `%#jx`: `0x` prefix except for zero, which prints as `0`. */
export function percentHashJx(v: bigint): string {
  return v === 0n ? '0' : '0x' + v.toString(16);
}

/**
 * Spec §2.2 step 5c: [mem, mem + memsz) must lie inside a single segment; a zero-length range
 * needs start ≤ mem ≤ end.
 */
export function inOnePhysSeg(segs: readonly PhysSeg[], mem: bigint, memsz: bigint): boolean {
  const end = mem + memsz;
  return segs.some((s) => mem >= s.start && end <= s.end);
}
