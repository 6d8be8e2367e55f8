// Sparse physical memory (design §2 "Physical memory is sparse").
//
// The machine's RAM is a map from chunk index to a 64 KiB byte array. A chunk exists only once
// something non-zero may have been written to it, so a 64 GiB machine costs only the chunks
// written. 64 KiB (16 pages) keeps the chunk count low for big copies (256 MiB = 4096 chunks)
// while a single debugger poke allocates only 64 KiB.
//
// Snapshots are copy-on-write: a clone shares every chunk with its source, and each state
// only writes in place into chunks it owns (chunk.owner === state.owner). Cloning hands both
// states fresh owner ids, so the first write on either side copies the chunk. The state is
// plain data (numbers, a Map, typed arrays), so structuredClone works too (it just copies
// everything instead of sharing).

export const PHYS_CHUNK_SHIFT = 16;
export const PHYS_CHUNK_SIZE = 1 << PHYS_CHUNK_SHIFT;
const CHUNK_MASK = PHYS_CHUNK_SIZE - 1;

export interface PhysChunk {
  /** Owner id of the state allowed to write into `bytes` in place. */
  owner: number;
  bytes: Uint8Array;
}

export interface PhysMemState {
  owner: number;
  chunks: Map<number, PhysChunk>;
}

let nextOwner = 1;

/**
 * Bytes copied by copy-on-write faults (the first write to a chunk shared with a clone), over
 * the process's lifetime. Not machine state: tests read it to check that a snapshot copies
 * nothing and that a write after one copies exactly the chunks it touches.
 */
export const physCowStats = { copiedBytes: 0 };

export function createPhysMem(): PhysMemState {
  return { owner: nextOwner++, chunks: new Map() };
}

/**
 * A copy-on-write clone: O(number of chunks), no byte is copied until one side writes.
 * Both the source and the clone lose in-place write rights to the shared chunks.
 */
export function clonePhysMem(src: PhysMemState): PhysMemState {
  src.owner = nextOwner++;
  return { owner: nextOwner++, chunks: new Map(src.chunks) };
}

/** Bytes of chunks this state references (what a 64 GiB machine actually costs). */
export function physResidentBytes(s: PhysMemState): number {
  return s.chunks.size * PHYS_CHUNK_SIZE;
}

function toIndex(addr: bigint): number {
  if (addr < 0n) throw new RangeError(`negative physical address ${addr}`);
  return Number(addr);
}

function writableChunk(s: PhysMemState, index: number): Uint8Array {
  const c = s.chunks.get(index);
  if (c === undefined) {
    const bytes = new Uint8Array(PHYS_CHUNK_SIZE);
    s.chunks.set(index, { owner: s.owner, bytes });
    return bytes;
  }
  if (c.owner !== s.owner) {
    const bytes = c.bytes.slice();
    physCowStats.copiedBytes += bytes.length;
    s.chunks.set(index, { owner: s.owner, bytes });
    return bytes;
  }
  return c.bytes;
}

/** Copies `src` to physical address `addr`. */
export function physWrite(s: PhysMemState, addr: bigint, src: Uint8Array): void {
  let a = toIndex(addr);
  let off = 0;
  const len = src.length;
  while (off < len) {
    const index = Math.floor(a / PHYS_CHUNK_SIZE);
    const inChunk = a - index * PHYS_CHUNK_SIZE;
    const n = Math.min(PHYS_CHUNK_SIZE - inChunk, len - off);
    const dst = writableChunk(s, index);
    if (n === PHYS_CHUNK_SIZE) dst.set(src.subarray(off, off + n));
    else dst.set(src.subarray(off, off + n), inChunk);
    off += n;
    a += n;
  }
}

/** Zeroes [addr, addr + len). Whole chunks are dropped, so zero-filling costs no memory. */
export function physZero(s: PhysMemState, addr: bigint, len: bigint): void {
  let a = toIndex(addr);
  const end = a + toIndex(len);
  while (a < end) {
    const index = Math.floor(a / PHYS_CHUNK_SIZE);
    const inChunk = a & CHUNK_MASK;
    const n = Math.min(PHYS_CHUNK_SIZE - inChunk, end - a);
    if (n === PHYS_CHUNK_SIZE) {
      s.chunks.delete(index);
    } else if (s.chunks.has(index)) {
      writableChunk(s, index).fill(0, inChunk, inChunk + n);
    }
    a += n;
  }
}

/** Reads `len` bytes at `addr` (never-written memory reads as zero). */
export function physRead(s: PhysMemState, addr: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let a = toIndex(addr);
  let off = 0;
  while (off < len) {
    const index = Math.floor(a / PHYS_CHUNK_SIZE);
    const inChunk = a - index * PHYS_CHUNK_SIZE;
    const n = Math.min(PHYS_CHUNK_SIZE - inChunk, len - off);
    const c = s.chunks.get(index);
    if (c !== undefined) out.set(c.bytes.subarray(inChunk, inChunk + n), off);
    off += n;
    a += n;
  }
  return out;
}

/** Reads a little-endian u64 (used for kexec jump's re-entry word and boot params). */
export function physReadU64(s: PhysMemState, addr: bigint): bigint {
  const b = physRead(s, addr, 8);
  return new DataView(b.buffer).getBigUint64(0, true);
}

export function physWriteU64(s: PhysMemState, addr: bigint, v: bigint): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  physWrite(s, addr, b);
}

/** True when every byte of the two states is equal (chunks compared only where they differ). */
export function physEqual(a: PhysMemState, b: PhysMemState): boolean {
  const keys = new Set<number>([...a.chunks.keys(), ...b.chunks.keys()]);
  for (const k of keys) {
    const x = a.chunks.get(k)?.bytes;
    const y = b.chunks.get(k)?.bytes;
    if (x === y) continue;
    const zx = x ?? new Uint8Array(PHYS_CHUNK_SIZE);
    const zy = y ?? new Uint8Array(PHYS_CHUNK_SIZE);
    for (let i = 0; i < PHYS_CHUNK_SIZE; i++) if (zx[i] !== zy[i]) return false;
  }
  return true;
}
