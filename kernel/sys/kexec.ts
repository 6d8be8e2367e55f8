// kexec_load(2) for both personalities and Linux's kexec_file_load(2).
//
// bsd: FreeBSD 16 `kern_kexec_load` (spec §2.2, KSim's contract table, in order).
// linux: Linux 6.1 `do_kexec_load` (spec §4.2) and `kexec_file_load` (spec §5.1).
//
// A load copies bytes, which takes virtual time (kimage.ts loadTimeNs): the caller sleeps with
// the load lock held, at the resume point `kimage_load_segment`, and another LWP that tries to
// load meanwhile meets EBUSY, as on the real kernels. The user bytes are copied when the sleep
// ends; the staged image is replaced only when everything succeeded.

import { kp, type Kernel } from '../kern/kernel';
import { LINUX_ABI } from '../abi/linux';
import type { Lwp, ResumeLocals, SysArg } from '../kern/state';
import { ERRNO_INTERNAL, EFAULT } from '../kern/errno';
import { syscall_register } from '../kern/syscall';
import { arg_u64 } from '../kern/args';
import { resume_register } from '../kern/resume';
import { sleepq_block, sleepq_enqueue, sleepq_wakeresult } from '../sched/sleepq';
import { SOBJ_SLEEP } from '../proc/lwpdefs';
import { physSegs, percentHashJx } from '../mem/physsegs';
import { totalRam } from '../mem/map';
import { freebsdCheckSegments, KexecErrno, sanityCheckSegmentList } from '../kexec/checks';
import {
  decodeSegments, encodeSegments, imageBytes, ImageSlot, KEXEC_SEGMENT_SIZE, PAGE_SIZE, SegmentDesc,
  sortByMem, StagedImage, StagedSegment,
} from '../kexec/image';
import {
  copyin64, copyinStage, kexecLog, kexecTrylock, kexecUnlock, kimageCommit, kimageFree, loadTimeNs, placeSegment, stagingFree,
} from '../kexec/kimage';
import { KexecState, kx } from '../kexec/state';
import { bzImage64Probe } from '../kexec/bzimage';
import { bzImage64Load } from '../kexec/bzimage-load';
import { kexecReadFile } from '../kexec/sysfs';
import { vfs_register_virtual } from './file';

const err = (e: KexecErrno): number => ERRNO_INTERNAL[e];

export const KEXEC_SEGMENT_MAX = 16n;
// Linux 6.1 constants (spec §1.2.2, §1.2.3), from the linux ABI table as 64-bit values.
const linuxConst = (name: string): bigint => BigInt(LINUX_ABI.constants[name]!);
const KEXEC_ON_CRASH = linuxConst('KEXEC_ON_CRASH');
const KEXEC_PRESERVE_CONTEXT = linuxConst('KEXEC_PRESERVE_CONTEXT');
/** 6.1's KEXEC_FLAGS with CONFIG_KEXEC_JUMP (spec §1.2.3): later kernels add more bits. */
const KEXEC_FLAGS_61 = KEXEC_ON_CRASH | KEXEC_PRESERVE_CONTEXT;
const KEXEC_ARCH_MASK = linuxConst('KEXEC_ARCH_MASK');
const KEXEC_ARCH_X86_64 = linuxConst('KEXEC_ARCH_X86_64');
const KEXEC_FILE_UNLOAD = linuxConst('KEXEC_FILE_UNLOAD');
const KEXEC_FILE_ON_CRASH = linuxConst('KEXEC_FILE_ON_CRASH');
const KEXEC_FILE_NO_INITRAMFS = linuxConst('KEXEC_FILE_NO_INITRAMFS');
/** 6.1's KEXEC_FILE_FLAGS (spec §1.2.3): UNLOAD | ON_CRASH | NO_INITRAMFS. */
const KEXEC_FILE_FLAGS_61 = KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS;
/** KEXEC_DESTINATION_MEMORY_LIMIT on x86_64: MAXMEM − 1 (2^46 with 4-level, 2^52 with LA57). */
const destinationLimit = (la57: boolean): bigint => (la57 ? 1n << 52n : 1n << 46n) - 1n;
/** KEXEC_FILE_SIZE_MAX: min(4 GiB, SSIZE_MAX). */
const KEXEC_FILE_SIZE_MAX = 4n << 30n;

/**
 * `totalram_pages()`: RAM the page allocator manages, which excludes memblock reservations such
 * as the crash regions (spec §4.4 step 4 compares against half of it).
 */
function totalRamPages(st: KexecState): bigint {
  let ram = totalRam(st.map);
  for (const r of [st.crashRes, st.crashLowRes]) if (r !== null) ram -= r.end - r.start;
  return ram / PAGE_SIZE;
}

function isRoot(l: Lwp): boolean {
  return l.l_proc.p_uid === 0;
}

/** Sleeps for the copy with the lock held; `kimage_load_segment` finishes the load. */
function sleepForCopy(k: Kernel, l: Lwp, bytes: bigint, locals: ResumeLocals): number {
  sleepq_enqueue(k, l, 'kexec_lock', 'kexecld', SOBJ_SLEEP, null);
  return sleepq_block(k, l, loadTimeNs(kx(k), bytes), false, 'kimage_load_segment', locals);
}

// ---------------------------------------------------------------------------------------------
// FreeBSD 16 (spec §2.2)

function kern_kexec_load(k: Kernel, l: Lwp, args: SysArg[]): number {
  kp(k, 'kern_kexec_load');
  const st = kx(k);
  const entry = arg_u64(args[0]);
  const count = arg_u64(args[1]);
  const segments = arg_u64(args[2]);
  const flags = arg_u64(args[3]);
  // 0. priv_check(PRIV_REBOOT) in the syscall wrapper; 0a. securelevel is not checked (open item).
  if (!isRoot(l)) return err('EPERM');
  // 1. count > KEXEC_SEGMENT_MAX (an unsigned compare: "negative" counts are huge).
  if (count > KEXEC_SEGMENT_MAX) return err('EINVAL');
  // 2. another load in progress.
  if (!kexecTrylock(st, l)) return err('EBUSY');
  const n = Number(count);
  let descs: SegmentDesc[] = [];
  // 3. descriptors are copied in only when count > 0.
  if (n > 0) {
    const raw = copyin64(l, segments, BigInt(n * KEXEC_SEGMENT_SIZE));
    if (raw === EFAULT) return unlockWith(k, EFAULT);
    // 4. sorted by mem, numerically.
    descs = sortByMem(decodeSegments(raw, n));
  }
  // 5. per segment: bufsz > memsz, alignment, one vm.phys_segs segment.
  const bad = freebsdCheckSegments(descs, physSegs(st.map));
  if (bad !== null) return unlockWith(k, err(bad));
  // 6. flags must be 0 (the manual), also for count == 0.
  if (flags !== 0n) return unlockWith(k, err('EINVAL'));
  // 7. count == 0 unloads.
  if (n === 0) {
    kimageFree(k, 'normal');
    kexecLog(k, l, `trampoline at ${percentHashJx(0n)}`);
    return unlockWith(k, 0, l);
  }
  // 8. staging: the copy takes virtual time.
  return sleepForCopy(k, l, imageBytes(descs), {
    abi: 'bsd', entry, flags, slot: 'normal', descs: encodeSegments(descs),
  });
}

function unlockWith(k: Kernel, e: number, l?: Lwp): number {
  kexecUnlock(kx(k));
  if (e === 0 && l !== undefined) l.l_retval = 0;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Linux 6.1 kexec_load (spec §4.2)

function do_kexec_load(k: Kernel, l: Lwp, args: SysArg[]): number {
  kp(k, 'do_kexec_load');
  const st = kx(k);
  const entry = arg_u64(args[0]);
  const nr = arg_u64(args[1]);
  const segments = arg_u64(args[2]);
  const flags = arg_u64(args[3]);
  // 1. CAP_SYS_BOOT in the initial user namespace (uid 0 in KSim), kexec_load_disabled.
  if (!isRoot(l) || st.loadDisabled) return err('EPERM');
  // 2. LSM: not modelled. 3. lockdown (LOCKDOWN_KEXEC).
  if (st.lockdown) return err('EPERM');
  // 4. flags outside KEXEC_FLAGS (6.1: 0x3).
  if (((flags & 0xffffn) & ~KEXEC_FLAGS_61) !== 0n) return err('EINVAL');
  // 5. too many segments.
  if (nr > KEXEC_SEGMENT_MAX) return err('EINVAL');
  // 6. architecture field: 0 or this machine's.
  const arch = flags & KEXEC_ARCH_MASK;
  if (arch !== 0n && arch !== KEXEC_ARCH_X86_64) return err('EINVAL');
  // 7. descriptors copied before the lock (memdup_user).
  const n = Number(nr);
  let descs: SegmentDesc[] = [];
  if (n > 0) {
    const raw = copyin64(l, segments, BigInt(n * KEXEC_SEGMENT_SIZE));
    if (raw === EFAULT) return EFAULT;
    descs = decodeSegments(raw, n);
  }
  // 8. kexec_trylock().
  if (!kexecTrylock(st, l)) return err('EBUSY');
  const crash = (flags & KEXEC_ON_CRASH) !== 0n;
  const slot: ImageSlot = crash ? 'crash' : 'normal';
  // 9. unprotect the crash region for a crash (re)load.
  if (crash && st.crash !== null) st.crashProtected = false;
  // 10. nr_segments == 0 frees the destination image.
  if (n === 0) {
    kimageFree(k, slot);
    return unlockWith(k, 0, l);
  }
  // 11. a crash load frees the current crash image before validating the new one.
  if (crash) kimageFree(k, 'crash');
  // 12. crash entry inside crashk_res (no reservation: [0, 0]).
  const res = st.crashRes === null ? { start: 0n, end: 0n } : { start: st.crashRes.start, end: st.crashRes.end - 1n };
  if (crash && (entry < res.start || entry > res.end)) return unlockWith(k, err('EADDRNOTAVAIL'));
  // 13. kimage_alloc_init; 14. sanity_check_segment_list (§4.4).
  kp(k, 'kimage_alloc_init');
  kp(k, 'sanity_check_segment_list');
  const bad = sanityCheckSegmentList(descs, {
    destinationLimit: destinationLimit(st.la57),
    totalRamPages: totalRamPages(st),
    crash: crash ? res : null,
  });
  if (bad !== null) return unlockWith(k, err(bad));
  // 15–18: control pages, machine_kexec_prepare: not failing in KSim. 19: the copy.
  return sleepForCopy(k, l, imageBytes(descs), {
    abi: 'linux', entry, flags, slot, descs: encodeSegments(descs),
  });
}

// ---------------------------------------------------------------------------------------------
// The copy (FreeBSD step 8, Linux step 19) after the sleep, and the commit.

function kimage_load_segment(k: Kernel, l: Lwp): number {
  kp(k, 'kimage_load_segment');
  sleepq_wakeresult(k, l, false);
  const st = kx(k);
  const loc = l.l_locals as ResumeLocals;
  l.l_locals = null;
  const abi = loc.abi as 'bsd' | 'linux';
  const slot = loc.slot as ImageSlot;
  const raw = loc.descs as Uint8Array;
  const descs = decodeSegments(raw, raw.length / KEXEC_SEGMENT_SIZE);
  const segs: StagedSegment[] = [];
  for (const d of descs) {
    const bytes = copyinStage(st, l, d.buf, d.bufsz);
    if (bytes === EFAULT) {
      stagingFree(st, segs);
      return unlockWith(k, EFAULT);
    }
    // Linux crash images are written straight into the reservation (spec §4.5), so a later
    // fault leaves the earlier segments' bytes there.
    if (slot === 'crash') placeSegment(st, d.mem, d.memsz, bytes);
    segs.push({ ...d, bytes });
  }
  // FreeBSD amd64 kexec_load_md: 5-level paging is refused (F14).
  if (abi === 'bsd') {
    kp(k, 'kexec_load_md');
    if (st.la57) return unlockWith(k, err('EINVAL'));
  }
  const flags = loc.flags as bigint;
  const img: StagedImage = {
    slot,
    entry: loc.entry as bigint,
    flags,
    segments: segs,
    preserveContext: abi === 'linux' && (flags & KEXEC_PRESERVE_CONTEXT) !== 0n,
    via: 'kexec_load',
    cmdline: null,
    initrdSize: null,
    loadedAtNs: BigInt(k.s.time),
    generation: k.s.generation,
  };
  kimageCommit(k, img);
  if (abi === 'bsd') kexecLog(k, l, `trampoline at ${percentHashJx(img.entry)}`);
  return unlockWith(k, 0, l);
}

resume_register('kimage_load_segment', kimage_load_segment, ['sleepq_block', 'kimage_load_segment', 'sys_kexec_load']);
resume_register('kexec_file_load_copy', (k, l) => kexec_file_load_copy(k, l), ['sleepq_block', 'kimage_load_segment', 'sys_kexec_file_load']);

export function sys_kexec_load(k: Kernel, l: Lwp, args: SysArg[]): number {
  kp(k, 'sys_kexec_load');
  return k.abi.name === 'linux' ? do_kexec_load(k, l, args) : kern_kexec_load(k, l, args);
}

// ---------------------------------------------------------------------------------------------
// Linux 6.1 kexec_file_load (spec §5.1)

type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; errno: KexecErrno };

/** `kernel_read_file_from_fd` (spec §5.1 step 8). */
function readFileFromFd(k: Kernel, l: Lwp, fd: bigint): FileRead {
  const p = l.l_proc;
  const sfd = BigInt.asIntN(64, fd);
  if (sfd < 0n || sfd >= BigInt(p.p_fd.length)) return { ok: false, errno: 'EBADF' };
  const f = p.p_fd[Number(sfd)];
  if (f === null || f === undefined) return { ok: false, errno: 'EBADF' };
  const bytes = k.s.files.get(f.f_path);
  // Not a regular file: a path that only names a directory of the machine's files.
  if (bytes === undefined) return { ok: false, errno: 'EINVAL' };
  if (bytes.length === 0) return { ok: false, errno: 'EINVAL' };
  if (BigInt(bytes.length) > KEXEC_FILE_SIZE_MAX) return { ok: false, errno: 'EFBIG' };
  return { ok: true, bytes };
}

function sys_kexec_file_load(k: Kernel, l: Lwp, args: SysArg[]): number {
  kp(k, 'sys_kexec_file_load');
  const st = kx(k);
  const kernelFd = arg_u64(args[0]);
  const initrdFd = arg_u64(args[1]);
  const cmdlineLen = arg_u64(args[2]);
  const cmdlinePtr = arg_u64(args[3]);
  const flags = arg_u64(args[4]);
  // 1. CAP_SYS_BOOT, kexec_load_disabled.
  if (!isRoot(l) || st.loadDisabled) return err('EPERM');
  // 2. flags outside KEXEC_FILE_FLAGS (6.1: 0x7).
  if ((flags & ~KEXEC_FILE_FLAGS_61) !== 0n) return err('EINVAL');
  // 3. kexec_trylock().
  if (!kexecTrylock(st, l)) return err('EBUSY');
  const crash = (flags & KEXEC_FILE_ON_CRASH) !== 0n;
  const slot: ImageSlot = crash ? 'crash' : 'normal';
  // 4. unprotect for crash.
  if (crash && st.crash !== null) st.crashProtected = false;
  // 5. unload: fds, cmdline and the other flags are not looked at.
  if ((flags & KEXEC_FILE_UNLOAD) !== 0n) {
    kimageFree(k, slot);
    return unlockWith(k, 0, l);
  }
  // 6. crash: free the current crash image now.
  if (crash) kimageFree(k, 'crash');
  return kimage_file_alloc_init(k, l, kernelFd, initrdFd, cmdlineLen, cmdlinePtr, flags, slot);
}

function kimage_file_alloc_init(
  k: Kernel, l: Lwp, kernelFd: bigint, initrdFd: bigint, cmdlineLen: bigint, cmdlinePtr: bigint,
  flags: bigint, slot: ImageSlot,
): number {
  kp(k, 'kimage_file_alloc_init');
  const st = kx(k);
  // 8. the kernel file.
  const kf = readFileFromFd(k, l, kernelFd);
  if (!kf.ok) return unlockWith(k, err(kf.errno));
  // 9. arch probe (x86_64 has only the bzImage64 loader).
  kp(k, 'bzImage64_probe');
  const probe = bzImage64Probe(kf.bytes, { efi32: st.efi32, la57: st.la57 });
  if (!probe.ok) return unlockWith(k, err('ENOEXEC'));
  // 10. signature not enforced; unsigned images under lockdown without IMA → EPERM.
  if (st.lockdown) return unlockWith(k, err('EPERM'));
  // 11. the initrd, unless KEXEC_FILE_NO_INITRAMFS.
  let initrd: Uint8Array | null = null;
  if ((flags & KEXEC_FILE_NO_INITRAMFS) === 0n) {
    const rf = readFileFromFd(k, l, initrdFd);
    if (!rf.ok) return unlockWith(k, err(rf.errno));
    initrd = rf.bytes;
  }
  // 12. the command line: copied, and its last byte must be NUL.
  let cmdline: Uint8Array = new Uint8Array(0);
  if (cmdlineLen > 0n) {
    const c = copyin64(l, cmdlinePtr, cmdlineLen);
    if (c === EFAULT) return unlockWith(k, EFAULT);
    if (c[c.length - 1] !== 0) return unlockWith(k, err('EINVAL'));
    cmdline = c;
  }
  // 14. bzImage64_load builds the segment list.
  kp(k, 'bzImage64_load');
  const crashRes = slot === 'crash'
    ? (st.crashRes === null ? { start: 0n, end: 0n } : { start: st.crashRes.start, end: st.crashRes.end - 1n })
    : null;
  const loaded = bzImage64Load({ kernel: kf.bytes, initrd, cmdline, crash: crashRes, map: st.map, cpus: k.s.config.cpus });
  if (!loaded.ok) return unlockWith(k, err(loaded.errno));
  // 15. sanity_check_segment_list on the kernel-built list.
  kp(k, 'sanity_check_segment_list');
  const descs = loaded.segments.map((s) => ({ buf: 0n, bufsz: s.bufsz, mem: s.mem, memsz: s.memsz }));
  const bad = sanityCheckSegmentList(descs, {
    destinationLimit: destinationLimit(st.la57), totalRamPages: totalRamPages(st), crash: crashRes,
  });
  if (bad !== null) return unlockWith(k, err(bad));
  // 18. the copy takes virtual time; the image is built now and committed after it.
  const text = new TextDecoder().decode(cmdline.subarray(0, Math.max(0, cmdline.length - 1)));
  const img: StagedImage = {
    slot,
    entry: loaded.entry,
    flags,
    segments: loaded.segments.map((s) => ({ buf: 0n, bufsz: s.bufsz, mem: s.mem, memsz: s.memsz, bytes: s.bytes, role: s.role })),
    preserveContext: false,
    via: 'kexec_file_load',
    cmdline: cmdline.length > 0 ? text : null,
    initrdSize: initrd === null ? null : BigInt(initrd.length),
    loadedAtNs: BigInt(k.s.time),
    generation: k.s.generation,
  };
  sleepq_enqueue(k, l, 'kexec_lock', 'kexecld', SOBJ_SLEEP, null);
  const total = img.segments.reduce((t, s) => t + s.bufsz, 0n);
  return sleepq_block(k, l, loadTimeNs(st, total), false, 'kexec_file_load_copy', { image: img as unknown as ResumeLocals });
}

function kexec_file_load_copy(k: Kernel, l: Lwp): number {
  sleepq_wakeresult(k, l, false);
  const st = kx(k);
  const img = (l.l_locals as ResumeLocals).image as unknown as StagedImage;
  l.l_locals = null;
  img.loadedAtNs = BigInt(k.s.time);
  if (img.slot === 'crash') for (const s of img.segments) placeSegment(st, s.mem, s.memsz, s.bytes);
  kimageCommit(k, img);
  return unlockWith(k, 0, l);
}

syscall_register('kexec_load', sys_kexec_load);
// /proc/iomem, /sys/kernel/kexec_* and kexec_load_disabled through open/read (linux); readers
// without CAP_SYS_ADMIN (uid ≠ 0) see /proc/iomem's addresses as zeros (spec §7.3).
vfs_register_virtual((k, path, reader) => kexecReadFile(k, path, reader.p_uid === 0));
syscall_register('kexec_file_load', sys_kexec_file_load);
