// Shared pieces of the load paths: the load lock, committing an image into its slot with the
// events and console lines that go with it, the virtual time a load takes, and user copies
// with 64-bit addresses.

import type { Kernel } from '../kern/kernel';
import type { Lwp } from '../kern/state';
import { copyin, VM_MAXUSER_ADDRESS } from '../vm/uvm';
import { EFAULT } from '../kern/errno';
import { physWrite, physZero } from '../mem/phys';
import type { ImageSlot, StagedImage } from './image';
import { KexecState, kx } from './state';

/**
 * Virtual time of a load: a fixed 2 µs plus 100 ns per KiB copied (about 10 GB/s), so a load of
 * 16 × 16 MiB takes about 26 ms of virtual time, long enough for another LWP to meet EBUSY.
 */
export const KEXEC_LOAD_BASE_NS = 2000;
export const KEXEC_LOAD_NS_PER_KIB = 100;

export function loadTimeNs(bytes: bigint): number {
  return KEXEC_LOAD_BASE_NS + Number((bytes * BigInt(KEXEC_LOAD_NS_PER_KIB) + 1023n) / 1024n);
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

/** copyin with a 64-bit user address: an address no user mapping can have faults. */
export function copyin64(l: Lwp, addr: bigint, len: bigint): Uint8Array | typeof EFAULT {
  if (len === 0n) return new Uint8Array(0);
  if (addr <= 0n || addr + len > BigInt(VM_MAXUSER_ADDRESS)) return EFAULT;
  return copyin(l.l_proc.p_vmspace, Number(addr), Number(len));
}

/** Appends a kernel log line and shows it on the console (as the calling LWP when there is one). */
export function kexecLog(k: Kernel, l: Lwp | null, text: string): void {
  kx(k).log.push(text);
  if (k.sink !== null) {
    k.sink({ type: 'console', time: k.s.time, pid: l?.l_proc.p_pid ?? 0, lid: l?.l_lid ?? 0, text: text + '\n' });
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
