// Every system call KSim knows, described once: name, number per ABI, arguments with C types,
// return type, a summary and its errors in KSim's own words. The command runner, hovers,
// completion, the checker and syscall breakpoints read this table; the kernel dispatches by
// the numbers in abi/bsd.ts and abi/linux.ts.

import { BSD_ABI } from './bsd';
import { LINUX_ABI } from './linux';
import type { AbiName } from './types';

/** Integer C types. Pointers are `PtrType`. */
export type ScalarType =
  | 'int' | 'u_int' | 'long' | 'u_long' | 'size_t' | 'ssize_t' | 'uint64_t' | 'lwpid_t'
  | 'clockid_t' | 'pid_t' | 'void';

export interface PtrType {
  readonly kind: 'ptr';
  /** What it points to: `struct timespec`, `lwpid_t`, `ucontext_t`, `char`, `void`,
   *  `struct kexec_segment`, `struct lwpctl *` (pointer to pointer), `sigset_t`, ... */
  readonly pointee: string;
  /** Does the kernel read (in), write (out) or both through it? */
  readonly dir: 'in' | 'out' | 'inout';
  readonly isConst: boolean;
  /** For arrays and buffers: the argument that holds the element / byte count. */
  readonly countArg?: string;
  /** A NUL-terminated string (`const char *`). */
  readonly isString?: boolean;
}

export type CType = ScalarType | PtrType;

export function ptr(pointee: string, dir: PtrType['dir'], extra: Partial<PtrType> = {}): PtrType {
  return { kind: 'ptr', pointee, dir, isConst: dir === 'in', ...extra };
}

/** The C spelling of a type, e.g. `const struct timespec *`. */
export function ctypeString(t: CType): string {
  if (typeof t === 'string') return t;
  return `${t.isConst ? 'const ' : ''}${t.pointee} *`;
}

export interface SyscallArg {
  readonly name: string;
  readonly type: CType;
}

export interface SyscallError {
  readonly errno: string;
  readonly when: string;
}

export interface SyscallInfo {
  readonly name: string;
  /** Number per ABI; undefined where the call does not exist. */
  readonly numbers: Readonly<Record<AbiName, number | undefined>>;
  readonly args: readonly SyscallArg[];
  readonly ret: ScalarType;
  /** Which ABIs the description applies to when it differs (kexec_load, reboot). */
  readonly summary: string;
  readonly errors: readonly SyscallError[];
  /** Never returns to the caller on success (`_lwp_exit`, `exit`). */
  readonly noReturn?: boolean;
  /** May put the caller to sleep. */
  readonly blocking?: boolean;
}

type Desc = Omit<SyscallInfo, 'numbers'> & { abiArgs?: Partial<Record<AbiName, readonly SyscallArg[]>> };

const a = (name: string, type: CType): SyscallArg => ({ name, type });
const e = (errno: string, when: string): SyscallError => ({ errno, when });

const DESCS: Desc[] = [
  {
    name: '_lwp_create', ret: 'int',
    args: [a('ucp', ptr('ucontext_t', 'in')), a('flags', 'u_long'), a('new_lwp', ptr('lwpid_t', 'out'))],
    summary: 'Creates a new LWP in the calling process that starts at the context *ucp (which must have _UC_CPU set), with uc_sigmask as its signal mask when _UC_SIGMASK is set and the caller\'s mask otherwise. LWP_DETACHED creates it detached (nobody can wait for it); LWP_SUSPENDED makes it suspend before its first user instruction. Its LID is written to *new_lwp.',
    errors: [
      e('EFAULT', 'ucp cannot be read (nothing is created), or new_lwp cannot be written (the new LWP is destroyed before running)'),
      e('EINVAL', 'uc_flags lacks _UC_CPU, or the register set fails validation (PC outside user text or misaligned, privileged status bits)'),
      e('EAGAIN', 'the per-user LWP limit (RLIMIT_NTHR, machine setting maxlwp) would be exceeded'),
      e('ENOMEM', 'no kernel stack could be allocated'),
    ],
  },
  {
    name: '_lwp_exit', ret: 'void', args: [], noReturn: true,
    summary: 'Ends the calling LWP. It stays a zombie until reaped by _lwp_wait, unless detached. If it is the last LWP that is not a zombie, the whole process exits with status 0.',
    errors: [],
  },
  { name: '_lwp_self', ret: 'lwpid_t', args: [], summary: 'Returns the LID of the calling LWP.', errors: [] },
  {
    name: '_lwp_gettid', ret: 'int', args: [],
    summary: 'Returns a non-zero thread id, unique across the machine, at most 0x3fffffff, stable for the LWP\'s lifetime (1.76-era call).',
    errors: [],
  },
  { name: '_lwp_getprivate', ret: 'long', args: [], summary: 'Returns the calling LWP\'s private (TLS) pointer.', errors: [] },
  {
    name: '_lwp_setprivate', ret: 'void', args: [a('ptr', ptr('void', 'in'))],
    summary: 'Sets the calling LWP\'s private (TLS) pointer; other LWPs are unaffected.', errors: [],
  },
  {
    name: '_lwp_suspend', ret: 'int', blocking: true, args: [a('target', 'lwpid_t')],
    summary: 'Suspends LWP target and waits until it is suspended. The target suspends on its way back to user mode; the caller always sleeps at least once on the process\'s LWP condition variable. Suspending yourself while other LWPs run blocks until another LWP continues you and the condition variable is broadcast.',
    errors: [
      e('ESRCH', 'no live LWP target (unknown, zombie, or being created), or it exited while the caller waited'),
      e('EDEADLK', 'the target is the caller and every other LWP is suspended, stopped or a zombie, or the process is exiting'),
    ],
  },
  {
    name: '_lwp_continue', ret: 'int', args: [a('target', 'lwpid_t')],
    summary: 'Resumes a suspended LWP, or cancels a suspension that has not taken effect yet. Continuing a running LWP does nothing.',
    errors: [e('ESRCH', 'no live LWP target')],
  },
  {
    name: '_lwp_wakeup', ret: 'int', args: [a('target', 'lwpid_t')],
    summary: 'Interrupts an interruptible sleep of LWP target, which returns EINTR. The target is marked cancelled and unparked even when the call fails, so its next _lwp_park returns EALREADY.',
    errors: [
      e('ESRCH', 'no live LWP target'),
      e('ENODEV', 'the target is not sleeping (running, runnable, suspended or stopped)'),
      e('EBUSY', 'the target sleeps uninterruptibly'),
    ],
  },
  {
    name: '_lwp_wait', ret: 'int', blocking: true,
    args: [a('wait_for', 'lwpid_t'), a('departed', ptr('lwpid_t', 'out'))],
    summary: 'Waits for LWP wait_for (0: any undetached LWP) to exit, reaps it and writes its LID to *departed (which may be NULL). Detects waiting for yourself and two LWPs waiting for each other.',
    errors: [
      e('ESRCH', 'wait_for does not exist, or (wait_for 0) there is no other undetached LWP'),
      e('EINVAL', 'the LWP is detached (or was detached while waiting)'),
      e('EDEADLK', 'waiting for yourself, for an LWP that waits for you, or every LWP of the process would be waiting'),
      e('EINTR', 'a caught signal without SA_RESTART interrupted the wait'),
      e('EFAULT', 'departed cannot be written (the LWP was reaped anyway)'),
    ],
  },
  {
    name: '_lwp_kill', ret: 'int', args: [a('target', 'lwpid_t'), a('signo', 'int')],
    summary: 'Sends signal signo to LWP target of the calling process (si_code SI_LWP). Signal 0 only tests that the LWP exists. Stop, continue and kill signals act on the whole process.',
    errors: [
      e('EINVAL', 'signo is negative or not below NSIG (checked before target)'),
      e('ESRCH', 'no live LWP target'),
    ],
  },
  {
    name: '_lwp_detach', ret: 'int', args: [a('target', 'lwpid_t')],
    summary: 'Detaches LWP target so that it is freed as soon as it exits; a zombie is freed at once.',
    errors: [e('ESRCH', 'no such LWP, or it is being created'), e('EINVAL', 'already detached')],
  },
  {
    name: '___lwp_park60', ret: 'int', blocking: true,
    args: [
      a('clock_id', 'clockid_t'), a('flags', 'int'), a('ts', ptr('struct timespec', 'inout', { isConst: false })),
      a('unpark', 'lwpid_t'), a('hint', ptr('void', 'in')), a('unparkhint', ptr('void', 'in')),
    ],
    summary: 'Unparks LWP unpark (if not 0), then parks the caller until it is unparked, woken, signalled or the timeout *ts expires (relative, or an absolute deadline on clock_id with TIMER_ABSTIME). A relative *ts is overwritten with the time remaining. An unpark that arrived before the park makes it return EALREADY at once. libc\'s _lwp_park.',
    errors: [
      e('EFAULT', 'ts cannot be read'),
      e('ESRCH', 'unpark names no LWP (the caller does not park)'),
      e('EINVAL', 'bad clock_id, or tv_nsec outside 0..999999999'),
      e('ETIMEDOUT', 'the timeout expired (or was zero or in the past)'),
      e('EALREADY', 'an unpark or _lwp_wakeup was already pending'),
      e('EINTR', 'a signal or _lwp_wakeup interrupted the park'),
    ],
  },
  {
    name: '_lwp_unpark', ret: 'int', args: [a('target', 'lwpid_t'), a('hint', ptr('void', 'in'))],
    summary: 'Wakes LWP target if it is parked (its park returns 0); otherwise its next park returns EALREADY. Zombies are accepted (1.76).',
    errors: [e('ESRCH', 'no such LWP')],
  },
  {
    name: '_lwp_unpark_all', ret: 'ssize_t',
    args: [a('targets', ptr('lwpid_t', 'in', { countArg: 'ntargets' })), a('ntargets', 'size_t'), a('hint', ptr('void', 'in'))],
    summary: 'Unparks every LWP in targets[0..ntargets). With targets NULL it returns the maximum count, LWP_UNPARK_MAX (1024).',
    errors: [
      e('EINVAL', 'ntargets is 0 or above LWP_UNPARK_MAX'),
      e('EFAULT', 'targets cannot be read (no LWP is touched)'),
      e('ESRCH', 'some LID does not exist (all others are still unparked)'),
    ],
  },
  {
    name: '_lwp_setname', ret: 'int',
    args: [a('target', 'lwpid_t'), a('name', ptr('char', 'in', { isString: true }))],
    summary: 'Names LWP target (0: the caller). Names longer than 15 characters are truncated.',
    errors: [e('EFAULT', 'name cannot be read (checked before target)'), e('ESRCH', 'no live LWP target')],
  },
  {
    name: '_lwp_getname', ret: 'int',
    args: [a('target', 'lwpid_t'), a('name', ptr('char', 'out', { countArg: 'len' })), a('len', 'size_t')],
    summary: 'Copies the name of LWP target (0: the caller; "" if never named) into name, at most len bytes including the NUL.',
    errors: [
      e('ESRCH', 'no live LWP target'),
      e('ENAMETOOLONG', 'the name and its NUL do not fit in len bytes (len 0 included)'),
      e('EFAULT', 'name cannot be written'),
    ],
  },
  {
    name: '_lwp_ctl', ret: 'int', args: [a('features', 'int'), a('address', ptr('struct lwpctl *', 'out'))],
    summary: 'Gives the caller a struct lwpctl shared with the kernel, whose lc_curcpu (current CPU, -1 off CPU, -2 exited) and lc_pctr (switch-in counter) the scheduler keeps current; writes its address to *address. Calling it again returns the same address.',
    errors: [
      e('ENODEV', 'features has a bit other than LWPCTL_FEATURE_CURCPU | LWPCTL_FEATURE_PCTR'),
      e('EBUSY', 'the caller is a vfork child sharing its parent'),
      e('ENOMEM', 'no lwpctl slot left'),
      e('EFAULT', 'address cannot be written'),
    ],
  },
  { name: 'getpid', ret: 'pid_t', args: [], summary: 'Returns the process id.', errors: [] },
  {
    name: 'exit', ret: 'void', args: [a('status', 'int')], noReturn: true,
    summary: 'Ends the whole process with the given status; every LWP exits.', errors: [],
  },
  {
    name: 'nanosleep', ret: 'int', blocking: true,
    args: [a('rqtp', ptr('struct timespec', 'in')), a('rmtp', ptr('struct timespec', 'out'))],
    summary: 'Sleeps for *rqtp of virtual time; when interrupted writes the time left to *rmtp (if not NULL).',
    errors: [
      e('EFAULT', 'rqtp cannot be read or rmtp cannot be written'),
      e('EINVAL', 'tv_nsec outside 0..999999999 or tv_sec negative'),
      e('EINTR', 'a signal or _lwp_wakeup interrupted the sleep'),
    ],
  },
  {
    name: 'clock_gettime', ret: 'int',
    args: [a('clock_id', 'clockid_t'), a('tp', ptr('struct timespec', 'out'))],
    summary: 'Reads a clock of the virtual machine (CLOCK_REALTIME, CLOCK_MONOTONIC, the CPU-time clocks) into *tp.',
    errors: [e('EINVAL', 'unknown clock'), e('EFAULT', 'tp cannot be written')],
  },
  { name: 'sched_yield', ret: 'int', args: [], summary: 'Gives up the CPU to another runnable LWP, if any.', errors: [] },
  {
    name: 'sigaction', ret: 'int',
    args: [a('sig', 'int'), a('act', ptr('struct sigaction', 'in')), a('oact', ptr('struct sigaction', 'out'))],
    summary: 'Reads and/or sets the action of signal sig: SIG_DFL, SIG_IGN or a handler (a user function address) with a mask and flags such as SA_RESTART.',
    errors: [e('EINVAL', 'bad signal number, or SIGKILL/SIGSTOP given an action'), e('EFAULT', 'act or oact is a bad pointer')],
  },
  {
    name: 'sigprocmask', ret: 'int',
    args: [a('how', 'int'), a('set', ptr('sigset_t', 'in')), a('oset', ptr('sigset_t', 'out'))],
    summary: 'Changes the calling LWP\'s signal mask (SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK) and/or reads the old one. SIGKILL and SIGSTOP cannot be masked.',
    errors: [e('EINVAL', 'bad how'), e('EFAULT', 'set or oset is a bad pointer')],
  },
  {
    name: 'kill', ret: 'int', args: [a('pid', 'pid_t'), a('sig', 'int')],
    summary: 'Sends signal sig to process pid (0 tests existence only).',
    errors: [e('EINVAL', 'bad signal number'), e('ESRCH', 'no such process'), e('EPERM', 'the caller may not signal it')],
  },
  {
    name: 'open', ret: 'int', args: [a('path', ptr('char', 'in', { isString: true })), a('flags', 'int')],
    summary: 'Opens a file of the machine\'s file table (workspace files handed to the kernel as bytes), read-only; returns a descriptor of 3 or more.',
    errors: [e('ENOENT', 'no such file'), e('EFAULT', 'path cannot be read'), e('EMFILE', 'too many open files')],
  },
  {
    name: 'close', ret: 'int', args: [a('fd', 'int')],
    summary: 'Closes a descriptor.', errors: [e('EBADF', 'fd is not open')],
  },
  {
    name: 'read', ret: 'ssize_t',
    args: [a('fd', 'int'), a('buf', ptr('void', 'out', { countArg: 'nbytes' })), a('nbytes', 'size_t')],
    summary: 'Reads up to nbytes bytes from the file at its current offset; returns the count (0 at end).',
    errors: [e('EBADF', 'fd is not open'), e('EFAULT', 'buf cannot be written')],
  },
  {
    name: 'kexec_load', ret: 'int', blocking: true,
    args: [
      a('entry', 'uint64_t'), a('count', 'u_long'),
      a('segments', ptr('struct kexec_segment', 'in', { countArg: 'count' })), a('flags', 'u_long'),
    ],
    abiArgs: {
      linux: [
        a('entry', 'u_long'), a('nr_segments', 'u_long'),
        a('segments', ptr('struct kexec_segment', 'in', { countArg: 'nr_segments' })), a('flags', 'u_long'),
      ],
    },
    summary: 'Stages a new kernel for a later reboot: copies each segment\'s bufsz bytes from buf, to be placed at physical address mem and zero-filled to memsz, with entry as the start address. Copying takes virtual time. bsd (FreeBSD 16): count 0 unloads; flags must be 0. linux (6.1): flags may hold KEXEC_ON_CRASH (load into the crash reservation), KEXEC_PRESERVE_CONTEXT and an architecture in the high 16 bits; nr_segments 0 unloads.',
    errors: [
      e('EPERM', 'the caller is not root (linux: or kexec_load_disabled is set)'),
      e('EINVAL', 'too many segments, bad flags or architecture, bufsz > memsz, unaligned or out-of-range targets'),
      e('EBUSY', 'another load (or a kexec reboot) is in progress'),
      e('EFAULT', 'the segment array or a buffer cannot be read'),
      e('EADDRNOTAVAIL', 'linux: a destination lies outside usable memory or the crash region'),
      e('ENOMEM', 'linux: memory for the image could not be allocated'),
    ],
  },
  {
    name: 'kexec_file_load', ret: 'int', blocking: true,
    args: [
      a('kernel_fd', 'int'), a('initrd_fd', 'int'), a('cmdline_len', 'u_long'),
      a('cmdline', ptr('char', 'in', { isString: true, countArg: 'cmdline_len' })), a('flags', 'u_long'),
    ],
    summary: 'linux only: loads the kernel image (a bzImage) from an open file, with an optional initrd and a command line whose length includes its NUL. KEXEC_FILE_UNLOAD unloads, KEXEC_FILE_ON_CRASH loads a crash kernel, KEXEC_FILE_NO_INITRAMFS ignores initrd_fd.',
    errors: [
      e('EPERM', 'the caller is not root or loading is disabled'),
      e('EINVAL', 'unknown flags, bad command line length or terminator, empty file'),
      e('EBADF', 'a descriptor is not open'),
      e('ENOEXEC', 'the image is not a bzImage the 6.1 loader accepts'),
      e('EBUSY', 'another load is in progress'),
    ],
  },
  {
    name: 'reboot', ret: 'int', blocking: true,
    args: [a('howto', 'int')],
    abiArgs: {
      linux: [a('magic1', 'int'), a('magic2', 'int'), a('cmd', 'u_int'), a('arg', ptr('void', 'in'))],
    },
    summary: 'Reboots, halts or powers off the machine. bsd: RB_KEXEC boots the kernel staged by kexec_load (a normal reboot when nothing is staged). linux: LINUX_REBOOT_CMD_KEXEC boots the staged image; with KEXEC_PRESERVE_CONTEXT it returns 0 when the new kernel returns.',
    errors: [
      e('EPERM', 'the caller is not root'),
      e('EINVAL', 'linux: bad magic numbers, or CMD_KEXEC with nothing staged'),
      e('EBUSY', 'linux: a kexec is already in progress'),
    ],
  },
];

function numbersOf(name: string): Record<AbiName, number | undefined> {
  return { bsd: BSD_ABI.syscallNumbers[name], linux: LINUX_ABI.syscallNumbers[name] };
}

/** Every system call, in a stable order. */
export const SYSCALLS: readonly SyscallInfo[] = DESCS.map((d) => {
  const { abiArgs: _abiArgs, ...rest } = d;
  return { ...rest, numbers: numbersOf(d.name) };
});

const BY_NAME = new Map(SYSCALLS.map((s) => [s.name, s] as const));
const ABI_ARGS = new Map(DESCS.filter((d) => d.abiArgs).map((d) => [d.name, d.abiArgs!] as const));

/** A system call's description by name, or undefined. */
export function syscallInfo(name: string): SyscallInfo | undefined {
  return BY_NAME.get(name);
}

/** The argument list of a call in one ABI (kexec_load and reboot differ between ABIs). */
export function syscallArgs(name: string, abi: AbiName): readonly SyscallArg[] {
  const per = ABI_ARGS.get(name)?.[abi];
  return per ?? BY_NAME.get(name)?.args ?? [];
}

/** The system calls that exist in an ABI. */
export function syscallsOf(abi: AbiName): SyscallInfo[] {
  return SYSCALLS.filter((s) => s.numbers[abi] !== undefined);
}

/** A call by number in an ABI. */
export function syscallByNumber(abi: AbiName, n: number): SyscallInfo | undefined {
  return SYSCALLS.find((s) => s.numbers[abi] === n);
}
