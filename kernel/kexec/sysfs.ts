// What a program can read about kexec, as the real systems show it: FreeBSD sysctls
// `vm.phys_segs` and `kern.securelevel`; Linux `/proc/iomem` (spec §7.3), `/sys/kernel/
// kexec_loaded`, `kexec_crash_loaded`, `kexec_crash_size` (spec §1.2.6: 6.1 reports only the
// main crash region) and `/proc/sys/kernel/kexec_load_disabled`. The 6.2+ sysctls
// `kexec_load_limit_reboot` / `_panic` do not exist in 6.1 (spec Linux Decision 4).
//
// The VFS and sysctl layers ask these functions for the text; writes go through
// `kexecWriteFile`, which returns the errno name Linux gives.

import type { Kernel } from '../kern/kernel';
import { formatIomem, IomemChild } from '../mem/iomem';
import { formatPhysSegs, physSegs } from '../mem/physsegs';
import { kx } from './state';
import { KexecErrno } from './checks';

const CRASH_NAME = 'Crash kernel';

function crashChildren(k: Kernel): IomemChild[] {
  const st = kx(k);
  const out: IomemChild[] = [];
  if (st.crashLowRes !== null) out.push({ ...st.crashLowRes, name: CRASH_NAME });
  if (st.crashRes !== null) out.push({ ...st.crashRes, name: CRASH_NAME });
  return out;
}

/** The contents of a kexec virtual file of the machine's ABI, or undefined when absent. */
export function kexecReadFile(k: Kernel, path: string, privileged = true): string | undefined {
  const st = kx(k);
  if (k.abi.name !== 'linux') return undefined;
  switch (path) {
    case '/proc/iomem':
      return formatIomem(st.map, crashChildren(k), privileged);
    case '/sys/kernel/kexec_loaded':
      return st.normal !== null ? '1\n' : '0\n';
    case '/sys/kernel/kexec_crash_loaded':
      return st.crash !== null ? '1\n' : '0\n';
    case '/sys/kernel/kexec_crash_size':
      return `${st.crashRes === null ? 0n : st.crashRes.end - st.crashRes.start}\n`;
    case '/proc/sys/kernel/kexec_load_disabled':
      return st.loadDisabled ? '1\n' : '0\n';
    case '/proc/cmdline':
      return st.cmdline + '\n';
    default:
      return undefined;
  }
}

/** Paths `kexecReadFile` answers for this machine. */
export function kexecFilePaths(k: Kernel): string[] {
  if (k.abi.name !== 'linux') return [];
  return ['/proc/iomem', '/sys/kernel/kexec_loaded', '/sys/kernel/kexec_crash_loaded', '/sys/kernel/kexec_crash_size',
    '/proc/sys/kernel/kexec_load_disabled', '/proc/cmdline'];
}

/** FreeBSD sysctls of the subsystem (text as `sysctl -n` prints it). */
export function kexecSysctl(k: Kernel, name: string): string | undefined {
  const st = kx(k);
  if (k.abi.name === 'bsd') {
    if (name === 'vm.phys_segs') return formatPhysSegs(physSegs(st.map));
    if (name === 'kern.securelevel') return String(st.securelevel);
    return undefined;
  }
  if (name === 'kernel.kexec_load_disabled') return st.loadDisabled ? '1' : '0';
  return undefined;
}

export function kexecSysctlNames(k: Kernel): string[] {
  return k.abi.name === 'bsd' ? ['vm.phys_segs', 'kern.securelevel'] : ['kernel.kexec_load_disabled'];
}

const CRASH_ALIGN_SHRINK = 4096n;

/**
 * A write to a kexec file: `kexec_load_disabled` accepts only 1 (min = max = 1, one-way);
 * `kexec_crash_size` shrinks the reservation (EBUSY while the kexec lock is held, ENOENT with a
 * crash image loaded, EINVAL for a larger size; rounded up to KEXEC_CRASH_MEM_ALIGN).
 * Returns null on success or the errno name.
 */
export function kexecWriteFile(k: Kernel, path: string, text: string): KexecErrno | 'ENOENT' | 'EACCES' | null {
  const st = kx(k);
  if (k.abi.name !== 'linux') return 'ENOENT';
  const v = text.trim();
  if (path === '/proc/sys/kernel/kexec_load_disabled') {
    if (!/^\d+$/.test(v) || v !== '1') return 'EINVAL';
    st.loadDisabled = true;
    return null;
  }
  if (path === '/sys/kernel/kexec_crash_size') {
    if (!/^\d+$/.test(v)) return 'EINVAL';
    if (st.locked) return 'EBUSY';
    if (st.crash !== null) return 'ENOENT';
    const res = st.crashRes;
    const size = res === null ? 0n : res.end - res.start;
    let n = BigInt(v);
    n = ((n + CRASH_ALIGN_SHRINK - 1n) / CRASH_ALIGN_SHRINK) * CRASH_ALIGN_SHRINK;
    if (n > size) return 'EINVAL';
    if (res !== null) {
      if (n === 0n) st.crashRes = null;
      else st.crashRes = { start: res.start, end: res.start + n };
    }
    return null;
  }
  if (kexecFilePaths(k).includes(path)) return 'EACCES';
  return 'ENOENT';
}
