// What each errno name means, in the words of the C library's strerror (short form). ABI-neutral:
// the names are the same in both ABIs even where the numbers differ (see bsd.ts and linux.ts).

const MEANINGS: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINTR: 'Interrupted system call', EIO: 'Input/output error', ENXIO: 'Device not configured',
  E2BIG: 'Argument list too long', ENOEXEC: 'Exec format error', EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes', EDEADLK: 'Resource deadlock avoided', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EFAULT: 'Bad address', EBUSY: 'Device busy', EEXIST: 'File exists',
  ENODEV: 'Operation not supported by device', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument', ENFILE: 'Too many open files in system', EMFILE: 'Too many open files',
  ENOTTY: 'Inappropriate ioctl for device', ETXTBSY: 'Text file busy', EFBIG: 'File too large',
  ENOSPC: 'No space left on device', ESPIPE: 'Illegal seek', EROFS: 'Read-only file system',
  ERANGE: 'Result too large', EAGAIN: 'Resource temporarily unavailable', EWOULDBLOCK: 'Operation would block',
  EINPROGRESS: 'Operation now in progress', EALREADY: 'Operation already in progress',
  EMSGSIZE: 'Message too long', EOPNOTSUPP: 'Operation not supported', EADDRNOTAVAIL: "Can't assign requested address",
  ETIMEDOUT: 'Operation timed out', ENAMETOOLONG: 'File name too long', ENOSYS: 'Function not implemented',
  EOVERFLOW: 'Value too large to be stored in data type', ENOTSUP: 'Not supported', ECANCELED: 'Operation canceled',
  EBADMSG: 'Bad message', ENODATA: 'No data available', ENOPKG: 'Package not installed',
  ELIBBAD: 'Accessing a corrupted shared library', ENOKEY: 'Required key not available',
  EKEYREJECTED: 'Key was rejected by service', ERESTART: 'Restart the system call (kernel-internal)',
};

export function errnoMeaning(name: string): string | null {
  return MEANINGS[name] ?? null;
}
