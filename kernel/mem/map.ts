// The physical memory map of a machine, built from its configuration (design §3 `machine`
// field `memory`: a size, or an array of `{ start, end }` RAM ranges with `end` exclusive).
//
// Every address is a bigint: physical addresses and sizes are 64-bit in both ABIs.

export type MemRegionType = 'ram' | 'reserved';

export interface MemRegion {
  start: bigint;
  /** Exclusive. */
  end: bigint;
  type: MemRegionType;
}

export interface MemRange {
  start: bigint;
  end: bigint;
}

export type MemoryConfig = bigint | number | readonly MemRange[];

export const KiB = 1024n;
export const MiB = 1024n * KiB;
export const GiB = 1024n * MiB;
export const FOUR_GIB = 4n * GiB;

/** Start of the PCI hole of the default map: RAM above 3 GiB is moved above 4 GiB, as on a PC. */
const PCI_HOLE_START = 3n * GiB;
const LOW_RAM_START = 0x1000n;
const LOW_RAM_END = 0x9f000n;
const HIGH_RAM_START = 0x100000n;

/**
 * A PC-like map for a plain size: page 0 and the VGA/BIOS hole [0x9f000, 1 MiB) are reserved,
 * RAM runs from 1 MiB to min(size, 3 GiB), and what is left above 3 GiB reappears at 4 GiB.
 * The map always spans `size` bytes of address space below 3 GiB, so a 512 MiB machine has
 * RAM at [0x100000, 0x20000000) and a scenario can stage at 0x200000.
 */
export function defaultMemoryMap(size: bigint): MemRegion[] {
  if (size < 2n * MiB) throw new RangeError(`machine memory ${size} is below 2 MiB`);
  const map: MemRegion[] = [
    { start: 0n, end: LOW_RAM_START, type: 'reserved' },
    { start: LOW_RAM_START, end: LOW_RAM_END, type: 'ram' },
    { start: LOW_RAM_END, end: HIGH_RAM_START, type: 'reserved' },
  ];
  const lowEnd = size < PCI_HOLE_START ? size : PCI_HOLE_START;
  map.push({ start: HIGH_RAM_START, end: lowEnd, type: 'ram' });
  if (size > PCI_HOLE_START) {
    map.push({ start: FOUR_GIB, end: FOUR_GIB + (size - PCI_HOLE_START), type: 'ram' });
  }
  return map;
}

/** The map for a configuration: a size gives the default map, ranges are taken as RAM. */
export function memoryMapFromConfig(config: MemoryConfig): MemRegion[] {
  if (typeof config === 'bigint' || typeof config === 'number') {
    return defaultMemoryMap(BigInt(config));
  }
  const ranges = [...config].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const map: MemRegion[] = [];
  for (const r of ranges) {
    if (r.end <= r.start) throw new RangeError(`memory range [${hex(r.start)}, ${hex(r.end)}) is empty`);
    const prev = map[map.length - 1];
    if (prev !== undefined && r.start < prev.end) {
      throw new RangeError(`memory range at ${hex(r.start)} overlaps the range before it`);
    }
    if (prev !== undefined && r.start === prev.end) prev.end = r.end;
    else map.push({ start: r.start, end: r.end, type: 'ram' });
  }
  return map;
}

export function ramRegions(map: readonly MemRegion[]): MemRegion[] {
  return map.filter((r) => r.type === 'ram');
}

/** Total RAM bytes (Linux `memblock_phys_mem_size`, `totalram_pages` × 4096). */
export function totalRam(map: readonly MemRegion[]): bigint {
  let t = 0n;
  for (const r of ramRegions(map)) t += r.end - r.start;
  return t;
}

/** RAM bytes below `limit` (Linux `memblock_mem_size(limit_pfn)`). */
export function ramBelow(map: readonly MemRegion[], limit: bigint): bigint {
  let t = 0n;
  for (const r of ramRegions(map)) {
    if (r.start >= limit) continue;
    t += (r.end < limit ? r.end : limit) - r.start;
  }
  return t;
}

/** True when [start, end) lies inside RAM (one or several adjacent RAM regions). */
export function isRam(map: readonly MemRegion[], start: bigint, end: bigint): boolean {
  return ramRegions(map).some((r) => start >= r.start && end <= r.end);
}

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}
