// A minimal per-process file table over the machine's files (workspace files handed to the
// kernel as bytes): open (read-only), close, read. kexec_file_load reads descriptors
// through fd_getfile.

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, Proc, SysArg } from '../kern/state';
import { EBADF, EFAULT, EMFILE, ENAMETOOLONG, ENOENT } from '../kern/errno';
import { arg_int, arg_ptr, arg_ulong } from '../kern/args';
import { syscall_register } from '../kern/syscall';
import { copyinstr, copyout, uvm_access } from '../vm/uvm';

const MAXPATHLEN = 1024;
const MAXFILES = 64;

/** The bytes and path behind descriptor `fd` of process `p`, or null (EBADF). */
export function fd_getfile(k: Kernel, p: Proc, fd: number): { path: string; bytes: Uint8Array } | null {
  const f = fd >= 0 ? p.p_fd[fd] : undefined;
  if (f === undefined || f === null) return null;
  const bytes = k.s.files.get(f.f_path);
  return bytes === undefined ? null : { path: f.f_path, bytes };
}

/**
 * Read-only virtual files (procfs, sysfs) that subsystems provide: the provider returns the
 * file's text for a path it knows, else undefined. Text is produced at each read, as procfs
 * does, so a reader sees the current state. (Added for the kexec subsystem: /proc/iomem,
 * /sys/kernel/kexec_*.)
 */
export type VirtualFileProvider = (k: Kernel, path: string, reader: Proc) => string | undefined;
const virtualProviders: VirtualFileProvider[] = [];

export function vfs_register_virtual(provider: VirtualFileProvider): void {
  virtualProviders.push(provider);
}

function vfs_virtual(k: Kernel, path: string, reader: Proc): Uint8Array | undefined {
  for (const p of virtualProviders) {
    const text = p(k, path, reader);
    if (text !== undefined) return new TextEncoder().encode(text);
  }
  return undefined;
}

/** Adds (or replaces) a file the machine's `open` can see. */
export function vfs_addfile(k: Kernel, path: string, bytes: Uint8Array): void {
  k.s.files.set(path, bytes);
}

function sys_open(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys_open');
  const p = l.l_proc;
  const r = copyinstr(p.p_vmspace, arg_ptr(a[0]), MAXPATHLEN);
  if (r.err === EFAULT) return EFAULT;
  if (r.err === ENAMETOOLONG) return ENAMETOOLONG;
  if (!k.s.files.has(r.str) && vfs_virtual(k, r.str, p) === undefined) return ENOENT;
  let fd = 3;
  while (fd < p.p_fd.length && p.p_fd[fd] !== null) fd++;
  if (fd >= MAXFILES) return EMFILE;
  while (p.p_fd.length <= fd) p.p_fd.push(null);
  p.p_fd[fd] = { f_path: r.str, f_offset: 0 };
  l.l_retval = fd;
  return 0;
}

function sys_close(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys_close');
  const p = l.l_proc;
  const fd = arg_int(a[0]);
  if (fd < 0 || fd >= p.p_fd.length || p.p_fd[fd] === null) return EBADF;
  p.p_fd[fd] = null;
  l.l_retval = 0;
  return 0;
}

function sys_read(k: Kernel, l: Lwp, a: SysArg[]): number {
  kp(k, 'sys_read');
  const p = l.l_proc;
  const fd = arg_int(a[0]);
  const f = fd >= 0 ? p.p_fd[fd] : undefined;
  if (f === undefined || f === null) return EBADF;
  const bytes = k.s.files.get(f.f_path) ?? vfs_virtual(k, f.f_path, p) ?? new Uint8Array(0);
  const want = Math.min(arg_ulong(a[2]), Math.max(0, bytes.length - f.f_offset));
  const buf = arg_ptr(a[1]);
  if (want > 0) {
    if (!uvm_access(p.p_vmspace, buf, want, true)) return EFAULT;
    copyout(p.p_vmspace, buf, bytes.subarray(f.f_offset, f.f_offset + want));
  }
  f.f_offset += want;
  l.l_retval = want;
  return 0;
}

syscall_register('open', sys_open);
syscall_register('close', sys_close);
syscall_register('read', sys_read);
