// Linux `/proc/iomem` (spec §7.3): one line per resource, `2×depth` spaces, start and end as
// lower-case hex padded to 8 digits, end inclusive, ` : `, the name. The crash reservations are
// children (depth 1) of the `System RAM` entry that holds them.

import { MemRegion } from './map';

export interface IomemChild {
  start: bigint;
  /** Exclusive (converted to the inclusive end when printed). */
  end: bigint;
  name: string;
}

function hex8(v: bigint): string {
  return v.toString(16).padStart(8, '0');
}

/**
 * Formats the map with `children` (e.g. `Crash kernel` regions) nested under the region that
 * contains them. `showAddresses` false prints every address as zeros, as Linux does for readers
 * without CAP_SYS_ADMIN.
 */
export function formatIomem(map: readonly MemRegion[], children: readonly IomemChild[], showAddresses = true): string {
  const line = (depth: number, start: bigint, endExcl: bigint, name: string): string => {
    const s = showAddresses ? hex8(start) : '00000000';
    const e = showAddresses ? hex8(endExcl - 1n) : '00000000';
    return `${'  '.repeat(depth)}${s}-${e} : ${name}\n`;
  };
  let out = '';
  for (const r of map) {
    out += line(0, r.start, r.end, r.type === 'ram' ? 'System RAM' : 'reserved');
    const kids = children
      .filter((c) => c.start >= r.start && c.end <= r.end)
      .sort((a, b) => (a.start < b.start ? -1 : 1));
    for (const c of kids) out += line(1, c.start, c.end, c.name);
  }
  return out;
}
