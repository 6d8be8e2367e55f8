// KSim's internal errno numbering. Kernel code returns these values; the system-call layer
// translates them to the machine's ABI numbering (abi/bsd.ts, abi/linux.ts) on the way out,
// so every subsystem speaks one vocabulary whatever the ABI.
//
// Internal numbers are NetBSD's (spec netbsd-lwp §1.6) for every name NetBSD has; names
// only Linux has (needed by kexec, spec kexec §1.2.5) get numbers from 1000 up, which no
// user ever sees because the ABI table maps them by name.

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EDEADLK = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ETXTBSY = 26;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EROFS = 30;
export const ERANGE = 34;
/** Also EWOULDBLOCK: what a timed sleep reports when it times out (spec §1.6). */
export const EAGAIN = 35;
export const EWOULDBLOCK = EAGAIN;
export const EINPROGRESS = 36;
export const EALREADY = 37;
export const EMSGSIZE = 40;
export const EOPNOTSUPP = 45;
export const EADDRNOTAVAIL = 49;
export const ETIMEDOUT = 60;
export const ENAMETOOLONG = 63;
export const ENOSYS = 78;
export const EOVERFLOW = 84;
export const ENOTSUP = 86;
export const ECANCELED = 87;
export const EBADMSG = 88;
export const ENODATA = 89;
export const ENOPKG = 1001;
export const ELIBBAD = 1002;
export const ENOKEY = 1003;
export const EKEYREJECTED = 1004;

/** Kernel-internal: re-execute the system call after any signal handler ran (spec §1.6). */
export const ERESTART = -3;
/** Kernel-internal: the call already arranged its own return (e.g. exit); do not touch the LWP. */
export const EJUSTRETURN = -2;

/** Every internal errno by name, for the ABI tables and for events. */
export const ERRNO_INTERNAL: Readonly<Record<string, number>> = {
  EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, ECHILD, EDEADLK, ENOMEM,
  EACCES, EFAULT, EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL, ENFILE, EMFILE, ENOTTY,
  ETXTBSY, EFBIG, ENOSPC, ESPIPE, EROFS, ERANGE, EAGAIN, EINPROGRESS, EALREADY, EMSGSIZE,
  EOPNOTSUPP, EADDRNOTAVAIL, ETIMEDOUT, ENAMETOOLONG, ENOSYS, EOVERFLOW, ENOTSUP, ECANCELED,
  EBADMSG, ENODATA, ENOPKG, ELIBBAD, ENOKEY, EKEYREJECTED, ERESTART, EJUSTRETURN,
};
