// KSim's kernel: the public API. Layers above (scenario runtime, debug adapter, CLI, tests,
// benchmarks) import from here. See docs/kernel.md for the model and an example.
//
//   const k = createMachine({ abi: 'bsd', cpus: 2, seed: 7 }, userland, { sink });
//   boot(k);                                    // Userland.init creates the first processes
//   const r = run(k, 100_000);                  // r.status: 'budget' | 'idle' | 'blocked' | ...
//   const snap = snapshotMachine(k);            // plain-data checkpoint
//   restoreMachine(k, snap);                    // back to it, bit for bit

export {
  createMachine, boot, run, runToCompletion, requestStop, snapshotMachine, restoreMachine,
  curlwp, DEFAULT_CONFIG, snapshot_clone_register,
} from './machine';
export type { MachineOptions, MachineSnapshot, RunResult, RunStatus, ExtCloneFunc } from './machine';

export type { Kernel, KConst, KpHook, SyscallImpl } from './kern/kernel';
export { kp, KSLEEP } from './kern/kernel';
export type {
  KernelState, Lwp, Proc, Cpu, Callout, MachineConfig, PlainValue, ResumeLocals, SigAct,
  SigInfo, Sigset, StartContext, SysArg, CondVar, FileDesc,
} from './kern/state';
export type { KEvent, EventSink } from './kern/events';
export {
  TRAP_SYSCALL, TRAP_PREEMPT, TRAP_RETURN, TRAP_FAULT, TRAP_BREAK, RESTART_SYSCALL,
} from './kern/userland';
export type { Userland, TrapCode } from './kern/userland';

// Extension points for other kernel subsystems (kexec, reboot, generations).
export { syscall_register, syscall_return } from './kern/syscall';
export { resume_register, resume_lookup } from './kern/resume';
export type { ResumeFunc, ResumePoint } from './kern/resume';
export { callout_register, callout_schedule } from './kern/callout';
export { kpause, kpause_result } from './kern/synch';
export { sleepq_unsleep, sleepq_wakeresult } from './sched/sleepq';
export { console_write } from './kern/console';
export { sigreturn, kpsignal2 } from './kern/sig';
export { newproc, exit1 } from './proc/proc';
export type { NewProcOptions } from './proc/proc';
export { lwp_find, lwp_find_any, lwp_exit } from './proc/lwp';
export { fd_getfile, vfs_addfile } from './sys/file';
export { cpu_mcontext_validate } from './sys/lwp';
export * as errno from './kern/errno';
export * as lwpdefs from './proc/lwpdefs';

// User memory.
export {
  uvm_alloc, uvm_map, uvm_access, copyin, copyout, copyinstr, uvm_read_int, uvm_read_u64,
  uvm_write_int, uvm_peek, PAGE_SIZE, USER_TEXT_BASE, USER_TEXT_END, USER_DATA_BASE,
  VM_MAXUSER_ADDRESS, uvmspace_cowshare,
} from './vm/uvm';
export type { Vmspace, VmRegion } from './vm/uvm';

// ABI tables and system-call descriptions.
export { abiTable, abiConst } from './abi/index';
export type { AbiName, AbiTable, AbiValue } from './abi/index';
export {
  SYSCALLS, syscallInfo, syscallArgs, syscallsOf, syscallByNumber, ctypeString,
} from './abi/syscalls';
export type { SyscallInfo, SyscallArg, SyscallError, CType, ScalarType, PtrType } from './abi/syscalls';
export { STRUCTS, TIMESPEC, KEXEC_SEGMENT, LWPCTL, UCONTEXT, SIGACTION, SIGSET, PSL_PRIV_MASK, structField } from './abi/structs';
export type { StructLayout, StructField, FieldKind } from './abi/structs';

// Inspection.
export {
  inspectProcesses, inspectProcess, inspectLwps, inspectLwp, inspectSleepQueues, inspectCpus,
  inspectClock, inspectUserMemory,
} from './inspect';
export type { LwpInfo, ProcInfo, SleepQueueInfo, CpuInfo, ClockInfo, SigsetInfo } from './inspect';

// kexec, reboot, physical memory and boot generations (issue 5; docs/kexec.md).
export * from './kexec/api';
