// reboot(2) for both personalities.
//
// bsd: FreeBSD `sys_reboot` → `kern_reboot` (spec §3.1–3.3): EPERM without PRIV_REBOOT; the
// kexec shutdown hook runs before halt, power-off and reset, so RB_KEXEC with a staged image
// kexecs even with RB_HALT or RB_POWEROFF (F18); RB_KEXEC with nothing staged reboots as normal.
// linux: Linux 6.1 `reboot(magic1, magic2, cmd, arg)` (spec §8.1) with LINUX_REBOOT_CMD_KEXEC
// (`kernel_kexec`: EBUSY, EINVAL without a normal image, a jump for KEXEC_PRESERVE_CONTEXT).

import { kp, type Kernel } from '../kern/kernel';
import type { Lwp, SysArg } from '../kern/state';
import { EBUSY, EINVAL, EJUSTRETURN, ENOSYS, EOPNOTSUPP, EPERM } from '../kern/errno';
import { syscall_register } from '../kern/syscall';
import { arg_uint32 } from '../kern/args';
import { abiConst } from '../abi/index';
import { kernel_kexec_reboot, kexec_jump, machine_stop } from '../kern/generation';
import { kexecTrylock, kexecUnlock } from '../kexec/kimage';
import { kx } from '../kexec/state';

const RB_HALT = BigInt(abiConst('bsd', 'RB_HALT'));
const RB_POWEROFF = BigInt(abiConst('bsd', 'RB_POWEROFF'));
const RB_POWERCYCLE = BigInt(abiConst('bsd', 'RB_POWERCYCLE'));
const RB_REROOT = BigInt(abiConst('bsd', 'RB_REROOT'));
const RB_KEXEC = BigInt(abiConst('bsd', 'RB_KEXEC'));

const L = (name: string): bigint => BigInt(abiConst('linux', name));
const LINUX_REBOOT_MAGIC1 = L('LINUX_REBOOT_MAGIC1');
const LINUX_REBOOT_MAGIC2S = ['LINUX_REBOOT_MAGIC2', 'LINUX_REBOOT_MAGIC2A', 'LINUX_REBOOT_MAGIC2B', 'LINUX_REBOOT_MAGIC2C'].map(L);
const CMD = {
  RESTART: L('LINUX_REBOOT_CMD_RESTART'),
  RESTART2: L('LINUX_REBOOT_CMD_RESTART2'),
  HALT: L('LINUX_REBOOT_CMD_HALT'),
  POWER_OFF: L('LINUX_REBOOT_CMD_POWER_OFF'),
  CAD_ON: L('LINUX_REBOOT_CMD_CAD_ON'),
  CAD_OFF: L('LINUX_REBOOT_CMD_CAD_OFF'),
  SW_SUSPEND: L('LINUX_REBOOT_CMD_SW_SUSPEND'),
  KEXEC: L('LINUX_REBOOT_CMD_KEXEC'),
};

const u32 = (a: SysArg | undefined): bigint => BigInt(arg_uint32(a));

/** FreeBSD kern_reboot: the shutdown_final handlers in priority order (spec §3.2–3.3). */
export function kern_reboot(k: Kernel, l: Lwp, howto: bigint): number {
  kp(k, 'kern_reboot');
  const st = kx(k);
  // kexec hook (priority LAST − 150): before shutdown_halt, ACPI power-off and reset.
  if ((howto & RB_KEXEC) !== 0n && st.normal !== null) return kernel_kexec_reboot(k, l, st.normal);
  if ((howto & RB_HALT) !== 0n) {
    machine_stop(k, 'halt', 'The operating system has halted.');
  } else if ((howto & (RB_POWEROFF | RB_POWERCYCLE)) !== 0n) {
    machine_stop(k, 'poweroff', 'Powering off...');
  } else {
    machine_stop(k, 'reboot', 'Rebooting...');
  }
  return EJUSTRETURN;
}

function bsd_reboot(k: Kernel, l: Lwp, args: SysArg[]): number {
  const howto = BigInt(arg_uint32(args[0]));
  if (l.l_proc.p_uid !== 0) return EPERM;
  // RB_REROOT remounts the root file system: not a reboot, and not modelled.
  if ((howto & RB_REROOT) !== 0n) return EOPNOTSUPP;
  return kern_reboot(k, l, howto);
}

/** Linux `kernel_kexec` (spec §8.1 step 4). */
export function kernel_kexec(k: Kernel, l: Lwp): number {
  kp(k, 'kernel_kexec');
  const st = kx(k);
  if (!kexecTrylock(st, l)) return EBUSY;
  const img = st.normal;
  if (img === null) {
    kexecUnlock(st);
    return EINVAL;
  }
  if (img.preserveContext) return kexec_jump(k, l, img);
  return kernel_kexec_reboot(k, l, img);
}

function linux_reboot(k: Kernel, l: Lwp, args: SysArg[]): number {
  const magic1 = u32(args[0]);
  const magic2 = u32(args[1]);
  const cmd = u32(args[2]);
  // 1. CAP_SYS_BOOT (uid 0). 2. magic numbers.
  if (l.l_proc.p_uid !== 0) return EPERM;
  if (magic1 !== LINUX_REBOOT_MAGIC1 || !LINUX_REBOOT_MAGIC2S.includes(magic2)) return EINVAL;
  // 3. pid namespaces are not modelled: every caller is in the initial one.
  switch (cmd) {
    case CMD.RESTART:
    case CMD.RESTART2:
      machine_stop(k, 'reboot', 'reboot: Restarting system');
      return EJUSTRETURN;
    case CMD.HALT:
      machine_stop(k, 'halt', 'reboot: System halted');
      return EJUSTRETURN;
    case CMD.POWER_OFF:
      machine_stop(k, 'poweroff', 'reboot: Power down');
      return EJUSTRETURN;
    case CMD.CAD_ON:
    case CMD.CAD_OFF:
      l.l_retval = 0;
      return 0;
    case CMD.SW_SUSPEND:
      // No CONFIG_HIBERNATION in KSim's kernel: hibernate() is the ENOSYS stub.
      return ENOSYS;
    case CMD.KEXEC:
      return kernel_kexec(k, l);
    default:
      return EINVAL;
  }
}

export function sys_reboot(k: Kernel, l: Lwp, args: SysArg[]): number {
  kp(k, 'sys_reboot');
  return k.abi.name === 'linux' ? linux_reboot(k, l, args) : bsd_reboot(k, l, args);
}

syscall_register('reboot', sys_reboot);
