// The bsd ABI: NetBSD LWP calls (sys_lwp.c 1.76), FreeBSD 16 kexec_load/reboot, BSD errno
// numbers (spec netbsd-lwp §1, spec kexec §1.1). The one place RB_KEXEC is defined
// (spec kexec, FreeBSD Decision 3: always use the symbol).

import { LWP_CONSTANTS } from './lwpconst';
import type { AbiDefinition } from './types';

const errno: Record<string, number> = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9,
  ECHILD: 10, EDEADLK: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, ENOTBLK: 15, EBUSY: 16,
  EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENFILE: 23,
  EMFILE: 24, ENOTTY: 25, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29, EROFS: 30,
  EMLINK: 31, EPIPE: 32, EDOM: 33, ERANGE: 34, EAGAIN: 35, EWOULDBLOCK: 35, EINPROGRESS: 36,
  EALREADY: 37, ENOTSOCK: 38, EDESTADDRREQ: 39, EMSGSIZE: 40, EPROTOTYPE: 41,
  ENOPROTOOPT: 42, EPROTONOSUPPORT: 43, ESOCKTNOSUPPORT: 44, EOPNOTSUPP: 45,
  EPFNOSUPPORT: 46, EAFNOSUPPORT: 47, EADDRINUSE: 48, EADDRNOTAVAIL: 49, ENETDOWN: 50,
  ENETUNREACH: 51, ENETRESET: 52, ECONNABORTED: 53, ECONNRESET: 54, ENOBUFS: 55,
  EISCONN: 56, ENOTCONN: 57, ESHUTDOWN: 58, ETOOMANYREFS: 59, ETIMEDOUT: 60,
  ECONNREFUSED: 61, ELOOP: 62, ENAMETOOLONG: 63, EHOSTDOWN: 64, EHOSTUNREACH: 65,
  ENOTEMPTY: 66, EPROCLIM: 67, EUSERS: 68, EDQUOT: 69, ESTALE: 70, EREMOTE: 71, EBADRPC: 72,
  ERPCMISMATCH: 73, EPROGUNAVAIL: 74, EPROGMISMATCH: 75, EPROCUNAVAIL: 76, ENOLCK: 77,
  ENOSYS: 78, EFTYPE: 79, EAUTH: 80, ENEEDAUTH: 81, EIDRM: 82, ENOMSG: 83, EOVERFLOW: 84,
  EILSEQ: 85, ENOTSUP: 86, ECANCELED: 87, EBADMSG: 88, ENODATA: 89, ENOSR: 90, ENOSTR: 91,
  ETIME: 92, ENOATTR: 93, EMULTIHOP: 94, ENOLINK: 95, EPROTO: 96,
  // Kernel-internal (spec §1.6): never returned to user code.
  ERESTART: -3,
};

const signals: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGEMT: 7, SIGFPE: 8,
  SIGKILL: 9, SIGBUS: 10, SIGSEGV: 11, SIGSYS: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGURG: 16, SIGSTOP: 17, SIGTSTP: 18, SIGCONT: 19, SIGCHLD: 20, SIGTTIN: 21, SIGTTOU: 22,
  SIGIO: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28,
  SIGINFO: 29, SIGUSR1: 30, SIGUSR2: 31, SIGPWR: 32, SIGRTMIN: 33, SIGRTMAX: 63,
};

const rebootFlags: Record<string, number> = {
  RB_AUTOBOOT: 0, RB_ASKNAME: 0x1, RB_SINGLE: 0x2, RB_NOSYNC: 0x4, RB_HALT: 0x8,
  RB_INITNAME: 0x10, RB_DFLTROOT: 0x20, RB_KDB: 0x40, RB_RDONLY: 0x80, RB_DUMP: 0x100,
  RB_MINIROOT: 0x200, RB_VERBOSE: 0x800, RB_SERIAL: 0x1000, RB_CDROM: 0x2000,
  RB_POWEROFF: 0x4000, RB_GDB: 0x8000, RB_MUTE: 0x10000, RB_SELFTEST: 0x20000,
  RB_RESERVED1: 0x40000, RB_RESERVED2: 0x80000, RB_PAUSE: 0x100000, RB_REROOT: 0x200000,
  RB_POWERCYCLE: 0x400000, RB_MUTEMSGS: 0x800000,
  // ⚠ UNVERIFIED best evidence (spec kexec §1.1.2); defined here and nowhere else.
  RB_KEXEC: 0x1000000,
  RB_PROBE: 0x10000000, RB_MULTIPLE: 0x20000000, RB_BOOTINFO: 0x80000000,
};

const syscallNumbers: Record<string, number> = {
  exit: 1, read: 3, write: 4, open: 5, close: 6, getpid: 20, kill: 37,
  // FreeBSD numbers for the kexec side (spec kexec §1.1.1; 599 is third-party evidence).
  reboot: 55, kexec_load: 599,
  sigprocmask: 293, sigaction: 340, sched_yield: 350, clock_gettime: 427, nanosleep: 430,
  _lwp_create: 309, _lwp_exit: 310, _lwp_self: 311, _lwp_wait: 312, _lwp_suspend: 313,
  _lwp_continue: 314, _lwp_wakeup: 315, _lwp_getprivate: 316, _lwp_setprivate: 317,
  _lwp_kill: 318, _lwp_detach: 319, _lwp_unpark: 321, _lwp_unpark_all: 322,
  _lwp_setname: 323, _lwp_getname: 324, _lwp_ctl: 325, ___lwp_park60: 478,
  // NetBSD's number for _lwp_gettid is not established (spec §1.7): KSim-private.
  _lwp_gettid: 9500,
};

export const BSD_ABI: AbiDefinition = {
  name: 'bsd',
  errno,
  signals,
  nsig: 64,
  constants: {
    ...LWP_CONSTANTS,
    NSIG: 64,
    SA_ONSTACK: 0x0001, SA_RESTART: 0x0002, SA_RESETHAND: 0x0004, SA_NODEFER: 0x0010,
    SA_NOCLDSTOP: 0x0008, SA_NOCLDWAIT: 0x0020, SA_SIGINFO: 0x0040,
    ...rebootFlags,
    KEXEC_SEGMENT_MAX: 16,
    KEXEC_ON_CRASH: 0x1,
    PRIV_REBOOT: 8,
  },
  syscallNumbers,
};
