// A process's user address space: mapped regions with 4 KiB page protection, whose bytes are
// stored sparsely in 64 KiB chunks. Everything a
// system call reads or writes through a user pointer goes through copyin/copyout here, so
// a NULL, unmapped or wild pointer gives EFAULT exactly where a real kernel would (design §3:
// "the kernel faults (EFAULT) when it reads or writes through it with a non-zero length").
//
// Chunks are created on first write; reading an untouched chunk of a mapped region yields
// zeros. Plain data (Maps and Uint8Arrays). Snapshots share chunks copy-on-write
// (uvmspace_cowshare): a vmspace writes in place only into the chunks in `vm_owned`; the first
// write to a shared chunk copies it. The storage chunk is larger than a page because copying a
// 16 MiB buffer (a kexec segment) 4 KiB at a time spends more time per call than in memcpy;
// protection and faults stay page-granular (the regions), so nothing a user sees changes.

import { EFAULT, ENAMETOOLONG } from '../kern/errno';

export const PAGE_SIZE = 4096;
/** Bytes per storage chunk of `vm_pages` (a power of two, a multiple of PAGE_SIZE). */
export const UVM_CHUNK = 65536;

/** Where user text (code addresses the Userland hands out) lives. */
export const USER_TEXT_BASE = 0x400000;
export const USER_TEXT_END = 0x10000000;
/** Where uvm_alloc places data (buffers, structs, out-parameters), up to USER_DATA_END. */
export const USER_DATA_BASE = 0x10000000;
export const USER_DATA_END = 0x7f0000000000;
/** Highest user address + 1 (amd64 VM_MAXUSER_ADDRESS as NetBSD defines it). */
export const VM_MAXUSER_ADDRESS = 0x7f7fffffc000;

export interface VmRegion {
  start: number;
  end: number;
  /** 'r', 'rw', 'rx' */
  prot: string;
  name: string;
}

export interface Vmspace {
  vm_regions: VmRegion[];
  /** Chunk number (address / UVM_CHUNK) → bytes. */
  vm_pages: Map<number, Uint8Array>;
  /** Chunks this vmspace may write in place (the others may be shared with a snapshot). */
  vm_owned: Set<number>;
  /** Next free address for uvm_alloc. */
  vm_brk: number;
}

export function uvmspace_alloc(): Vmspace {
  return {
    vm_regions: [{ start: USER_TEXT_BASE, end: USER_TEXT_END, prot: 'rx', name: 'text' }],
    vm_pages: new Map(),
    vm_owned: new Set(),
    vm_brk: USER_DATA_BASE,
  };
}

/** Maps [start, start+len) with protection `prot` (page-rounded). */
export function uvm_map(vm: Vmspace, start: number, len: number, prot: string, name: string): void {
  const s = Math.floor(start / PAGE_SIZE) * PAGE_SIZE;
  const e = Math.ceil((start + len) / PAGE_SIZE) * PAGE_SIZE;
  vm.vm_regions.push({ start: s, end: e, prot, name });
}

/**
 * Allocates `len` bytes of fresh zeroed read-write user memory (16-byte aligned, never
 * address 0) and returns its address, or 0 when the data area is exhausted.
 */
export function uvm_alloc(vm: Vmspace, len: number, name = 'data'): number {
  const size = Math.max(16, Math.ceil(len / 16) * 16);
  const addr = vm.vm_brk;
  if (addr + size > USER_DATA_END) return 0;
  vm.vm_brk = addr + size;
  const last = vm.vm_regions[vm.vm_regions.length - 1];
  if (last !== undefined && last.name === name && last.prot === 'rw' && last.end >= addr) {
    last.end = Math.max(last.end, Math.ceil((addr + size) / PAGE_SIZE) * PAGE_SIZE);
  } else {
    uvm_map(vm, addr, size, 'rw', name);
  }
  return addr;
}

function region(vm: Vmspace, addr: number): VmRegion | undefined {
  const rs = vm.vm_regions;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (addr >= r.start && addr < r.end) return r;
  }
  return undefined;
}

/** Can [addr, addr+len) be accessed (write when `write`)? len 0 is always fine. */
export function uvm_access(vm: Vmspace, addr: number, len: number, write: boolean): boolean {
  if (len === 0) return true;
  if (!Number.isSafeInteger(addr) || addr <= 0 || addr + len > VM_MAXUSER_ADDRESS) return false;
  let a = addr;
  const end = addr + len;
  while (a < end) {
    const r = region(vm, a);
    if (r === undefined) return false;
    if (write && r.prot.indexOf('w') < 0) return false;
    if (r.prot.indexOf('r') < 0) return false;
    a = r.end;
  }
  return true;
}

function page(vm: Vmspace, pn: number): Uint8Array {
  let p = vm.vm_pages.get(pn);
  if (p === undefined) {
    p = new Uint8Array(UVM_CHUNK);
    vm.vm_pages.set(pn, p);
    vm.vm_owned.add(pn);
  } else if (!vm.vm_owned.has(pn)) {
    p = p.slice();
    vm.vm_pages.set(pn, p);
    vm.vm_owned.add(pn);
  }
  return p;
}

function getByte(vm: Vmspace, a: number): number {
  const p = vm.vm_pages.get(Math.floor(a / UVM_CHUNK));
  return p === undefined ? 0 : p[a & (UVM_CHUNK - 1)]!;
}

function setByte(vm: Vmspace, a: number, v: number): void {
  page(vm, Math.floor(a / UVM_CHUNK))[a & (UVM_CHUNK - 1)] = v;
}

/** Copies len bytes in from user space; returns the bytes or EFAULT. */
export function copyin(vm: Vmspace, addr: number, len: number): Uint8Array | typeof EFAULT {
  if (!uvm_access(vm, addr, len, false)) return EFAULT;
  const out = new Uint8Array(len);
  let done = 0;
  while (done < len) {
    const a = addr + done;
    const off = a & (UVM_CHUNK - 1);
    const n = Math.min(UVM_CHUNK - off, len - done);
    const p = vm.vm_pages.get(Math.floor(a / UVM_CHUNK));
    if (p !== undefined) out.set(p.subarray(off, off + n), done);
    done += n;
  }
  return out;
}

/** Copies bytes out to user space; 0 or EFAULT (nothing written on a fault). */
export function copyout(vm: Vmspace, addr: number, bytes: Uint8Array): number {
  const len = bytes.length;
  if (!uvm_access(vm, addr, len, true)) return EFAULT;
  let done = 0;
  while (done < len) {
    const a = addr + done;
    const off = a & (UVM_CHUNK - 1);
    const n = Math.min(UVM_CHUNK - off, len - done);
    page(vm, Math.floor(a / UVM_CHUNK)).set(bytes.subarray(done, done + n), off);
    done += n;
  }
  return 0;
}

/**
 * Copies a NUL-terminated string of at most `maxlen` bytes including the NUL (copyinstr(9)).
 * Returns the string, EFAULT, or ENAMETOOLONG with the first maxlen bytes in `partial`.
 */
export function copyinstr(
  vm: Vmspace, addr: number, maxlen: number,
): { err: 0; str: string } | { err: number; str: string } {
  let s = '';
  for (let i = 0; i < maxlen; i++) {
    if (!uvm_access(vm, addr + i, 1, false)) return { err: EFAULT, str: s };
    const b = getByte(vm, addr + i);
    if (b === 0) return { err: 0, str: s };
    s += String.fromCharCode(b);
  }
  return { err: ENAMETOOLONG, str: s };
}

/** Reads a little-endian integer of `size` bytes (4 or 8), signed when `signed`. No checks. */
export function uvm_read_int(vm: Vmspace, addr: number, size: 4 | 8, signed: boolean): number {
  let lo = 0;
  for (let i = 3; i >= 0; i--) lo = lo * 256 + getByte(vm, addr + i);
  if (size === 4) return signed && lo >= 0x80000000 ? lo - 0x100000000 : lo;
  let hi = 0;
  for (let i = 7; i >= 4; i--) hi = hi * 256 + getByte(vm, addr + i);
  if (signed && hi >= 0x80000000) return (hi - 0x100000000) * 0x100000000 + lo;
  return hi * 0x100000000 + lo;
}

/** Reads an unsigned 64-bit little-endian value exactly (addresses, kexec `mem`). No checks. */
export function uvm_read_u64(vm: Vmspace, addr: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(getByte(vm, addr + i));
  return v;
}

/** Writes a little-endian integer of `size` bytes (two's complement for negatives). No checks. */
export function uvm_write_int(vm: Vmspace, addr: number, size: 4 | 8, value: number | bigint): void {
  let v = BigInt.asUintN(size * 8, BigInt(value));
  if (size === 4) {
    let n = Number(v);
    for (let i = 0; i < 4; i++) {
      setByte(vm, addr + i, n & 0xff);
      n = Math.floor(n / 256);
    }
    return;
  }
  for (let i = 0; i < 8; i++) {
    setByte(vm, addr + i, Number(v & 0xffn));
    v >>= 8n;
  }
}

/** Fast 32-bit write for the scheduler's lwpctl updates (address known to be mapped). */
export function uvm_write_i32(vm: Vmspace, addr: number, value: number): void {
  const p = page(vm, Math.floor(addr / UVM_CHUNK));
  const o = addr & (UVM_CHUNK - 1);
  p[o] = value & 0xff;
  p[o + 1] = (value >>> 8) & 0xff;
  p[o + 2] = (value >>> 16) & 0xff;
  p[o + 3] = (value >>> 24) & 0xff;
}

/** Reads bytes without a fault check (for the inspector; unmapped bytes read as 0). */
export function uvm_peek(vm: Vmspace, addr: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = getByte(vm, addr + i);
  return out;
}

/**
 * Copy-on-write sharing for snapshots: returns a chunk map sharing every chunk with `vm`, and
 * takes `vm`'s in-place write rights away (its next write to any chunk copies it).
 */
export function uvmspace_cowshare(vm: Vmspace): Map<number, Uint8Array> {
  vm.vm_owned = new Set();
  return new Map(vm.vm_pages);
}
