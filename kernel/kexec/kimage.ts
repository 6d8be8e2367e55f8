// Shared pieces of the load paths: the load lock, committing an image into its slot with the
// events and console lines that go with it, the virtual time a load takes, and user copies
// with 64-bit addresses.

import type { Kernel } from '../kern/kernel';
import type { Lwp } from '../kern/state';
import { PAGE_SIZE, uvm_access, UVM_CHUNK, VM_MAXUSER_ADDRESS } from '../vm/uvm';
import { EFAULT } from '../kern/errno';
import { physWrite, physZero } from '../mem/phys';
import type { ImageSlot, StagedImage } from './image';
import { KexecState, kx, stagingShared } from './state';

/**
 * Virtual time of a load: a fixed 2 µs plus `kexec_copy_ns_per_page` (machine switch, default
 * 400 ns, about 10 GB/s) per 4 KiB copied, so a load of 16 × 16 MiB takes about 26 ms of virtual
 * time, long enough for another LWP to meet EBUSY.
 */
export const KEXEC_LOAD_BASE_NS = 2000;
export const KEXEC_COPY_NS_PER_PAGE = 400;

export function loadTimeNs(st: KexecState, bytes: bigint): number {
  return KEXEC_LOAD_BASE_NS + Number((bytes * BigInt(st.copyNsPerPage) + 4095n) / 4096n);
}

/** `kexec_trylock()` / FreeBSD's atomic `loading` flag: never blocks. */
export function kexecTrylock(st: KexecState, l: Lwp | null): boolean {
  if (st.locked) return false;
  st.locked = true;
  st.lockOwner = l === null ? null : { pid: l.l_proc.p_pid, lid: l.l_lid };
  return true;
}

export function kexecUnlock(st: KexecState): void {
  st.locked = false;
  st.lockOwner = null;
}

/** Bytes of freed staging buffers kept for reuse (the staging pool). */
export const STAGING_POOL_MAX = 1024 * 1024 * 1024;

/**
 * A staging buffer of `len` bytes: a freed one from the pool when one is big enough (warm
 * memory, as a kernel reuses its free pages), else a new one. Its contents are overwritten by
 * the copy; nothing else reads it before.
 */
export function stagingAlloc(st: KexecState, len: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < st.pool.length; i++) {
    const b = st.pool[i];
    if (b.length >= len && (best < 0 || b.length < st.pool[best].length)) best = i;
  }
  if (best < 0) return new Uint8Array(len);
  const b = st.pool[best];
  st.pool.splice(best, 1);
  return b.length === len ? b : new Uint8Array(b.buffer, b.byteOffset, len);
}

/**
 * Returns segment buffers to the pool once nothing references them (a dropped image, a failed
 * load). A buffer a snapshot shares (stagingShared) is still referenced there: never pooled.
 */
export function stagingFree(st: KexecState, segments: readonly { bytes: Uint8Array }[]): void {
  let total = st.pool.reduce((t, b) => t + b.length, 0);
  for (const s of segments) {
    if (stagingShared(s.bytes)) continue;
    const whole = new Uint8Array(s.bytes.buffer, s.bytes.byteOffset, s.bytes.buffer.byteLength - s.bytes.byteOffset);
    if (whole.length < PAGE_SIZE || total + whole.length > STAGING_POOL_MAX) continue;
    st.pool.push(whole);
    total += whole.length;
  }
}

/**
 * copyin with a 64-bit user address into a staging buffer (an address no user mapping can have
 * faults). Reads the process's pages directly so that 16 MiB segments cost one pass over memory.
 */
export function copyinStage(st: KexecState, l: Lwp, addr: bigint, len: bigint): Uint8Array | typeof EFAULT {
  if (len === 0n) return new Uint8Array(0);
  if (addr <= 0n || addr + len > BigInt(VM_MAXUSER_ADDRESS)) return EFAULT;
  const vm = l.l_proc.p_vmspace;
  const a0 = Number(addr);
  const n = Number(len);
  if (!uvm_access(vm, a0, n, false)) return EFAULT;
  const out = stagingAlloc(st, n);
  let done = 0;
  while (done < n) {
    const a = a0 + done;
    const off = a % UVM_CHUNK;
    const m = Math.min(UVM_CHUNK - off, n - done);
    const page = vm.vm_pages.get(Math.floor(a / UVM_CHUNK));
    if (page === undefined) out.fill(0, done, done + m);
    else out.set(m === UVM_CHUNK ? page : page.subarray(off, off + m), done);
    done += m;
  }
  return out;
}

/** copyin with a 64-bit user address (descriptors, command lines): a fresh buffer. */
export function copyin64(l: Lwp, addr: bigint, len: bigint): Uint8Array | typeof EFAULT {
  if (len === 0n) return new Uint8Array(0);
  if (addr <= 0n || addr + len > BigInt(VM_MAXUSER_ADDRESS)) return EFAULT;
  const vm = l.l_proc.p_vmspace;
  if (!uvm_access(vm, Number(addr), Number(len), false)) return EFAULT;
  const out = new Uint8Array(Number(len));
  let done = 0;
  const a0 = Number(addr);
  while (done < out.length) {
    const a = a0 + done;
    const off = a % UVM_CHUNK;
    const m = Math.min(UVM_CHUNK - off, out.length - done);
    const page = vm.vm_pages.get(Math.floor(a / UVM_CHUNK));
    if (page !== undefined) out.set(page.subarray(off, off + m), done);
    done += m;
  }
  return out;
}

/** Appends a kernel log line and shows it on the console (as the calling LWP when there is one). */
export function kexecLog(k: Kernel, l: Lwp | null, text: string): void {
  kx(k).log.push(text);
  if (k.sink !== null) {
    k.sink({ type: 'console', time: k.s.time, pid: l?.l_proc.p_pid ?? 0, lid: l?.l_lid ?? 0, text: text + '\n', source: 'kernel' });
  }
}

function emit(k: Kernel, type: 'image_staged' | 'image_unloaded', detail: { [key: string]: unknown }): void {
  if (k.sink !== null) k.sink({ type, time: k.s.time, detail });
}

/** Empties a slot (emits `image_unloaded` with the slot when something was staged). */
export function kimageFree(k: Kernel, slot: ImageSlot): void {
  const st = kx(k);
  const old = slot === 'crash' ? st.crash : st.normal;
  if (old === null) return;
  if (slot === 'crash') {
    st.crash = null;
    st.crashProtected = false;
  } else {
    st.normal = null;
  }
  stagingFree(st, old.segments);
  emit(k, 'image_unloaded', { slot, generation: k.s.generation });
}

/**
 * Installs `img` in its slot, replacing what was there (events: `image_unloaded` for the old
 * one, `image_staged` with entry, flags, segment count and bytes for the new one). A crash
 * image's bytes already sit in the reservation; it is write-protected from now on.
 */
export function kimageCommit(k: Kernel, img: StagedImage): void {
  const st = kx(k);
  kimageFree(k, img.slot);
  if (img.slot === 'crash') {
    st.crash = img;
    st.crashProtected = true;
  } else {
    st.normal = img;
  }
  emit(k, 'image_staged', {
    slot: img.slot,
    via: img.via,
    entry: img.entry,
    flags: img.flags,
    segments: img.segments.map((s) => ({ mem: s.mem, memsz: s.memsz, bufsz: s.bufsz })),
    cmdline: img.cmdline,
    generation: img.generation,
  });
}

/** Writes a segment at its destination and zero-fills the rest up to memsz. */
export function placeSegment(st: KexecState, mem: bigint, memsz: bigint, bytes: Uint8Array): void {
  physWrite(st.phys, mem, bytes);
  const tail = memsz - BigInt(bytes.length);
  if (tail > 0n) physZero(st.phys, mem + BigInt(bytes.length), tail);
}
