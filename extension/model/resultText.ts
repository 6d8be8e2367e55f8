// How the runner reports a syscall's result: `_lwp_kill(2, 15) = -1 ESRCH: no LWP 2 in the
// process`, with the errno name and its meaning.
import type { RunSyscallResponse } from '../../debug-adapter/contract';

/** Short meanings for when the adapter gives none (errno names are ABI-neutral). */
export const ERRNO_MEANINGS: Readonly<Record<string, string>> = {
  EPERM: 'operation not permitted', ENOENT: 'no such file or directory', ESRCH: 'no such process or LWP',
  EINTR: 'interrupted by a signal', EIO: 'input/output error', E2BIG: 'argument list too long',
  ENOEXEC: 'not an executable image', EBADF: 'bad file descriptor', ECHILD: 'no child to wait for',
  EDEADLK: 'waiting would deadlock', ENOMEM: 'out of memory', EACCES: 'permission denied',
  EFAULT: 'bad address', EBUSY: 'busy', EEXIST: 'already exists', EINVAL: 'invalid argument',
  ENOSPC: 'no space left', ERANGE: 'result out of range', EAGAIN: 'try again (resource temporarily unavailable)',
  EWOULDBLOCK: 'the call would block', EALREADY: 'already in progress or already done',
  ETIMEDOUT: 'timed out', ENAMETOOLONG: 'name too long', ENOSYS: 'no such system call in this ABI',
  EOVERFLOW: 'value too large', ENOTSUP: 'not supported', EOPNOTSUPP: 'operation not supported',
  ECANCELED: 'canceled', EBADMSG: 'bad message', ENODATA: 'no data', EADDRNOTAVAIL: 'address not available',
  ENOPKG: 'package not installed', ELIBBAD: 'corrupted image', ENOKEY: 'required key not available',
  EKEYREJECTED: 'key was rejected',
};

export interface ResultText {
  /** One line: `kexec_load(...) = 0` or `... = -1 EINVAL`. */
  readonly headline: string;
  /** The errno's meaning, out-parameters, the console output. */
  readonly details: string[];
  readonly failed: boolean;
}

export function resultText(call: string, r: RunSyscallResponse): ResultText {
  const failed = r.errno !== 0 || r.errnoName !== null;
  const meaning = r.errnoMeaning ?? (r.errnoName ? ERRNO_MEANINGS[r.errnoName] : undefined);
  const headline = failed
    ? `${call} = ${r.ret} ${r.errnoName ?? `errno ${r.errno}`}${meaning ? `: ${meaning}` : ''}`
    : `${call} = ${r.ret}`;
  const details: string[] = [];
  if (r.wouldBlock) details.push('The call had to sleep, so the runner abandoned it (nothing else would wake it here).');
  for (const o of r.out) details.push(`${o.name} = ${o.value}`);
  if (r.rebooted) details.push(`The machine rebooted: now generation ${r.generation}.`);
  if (r.output) details.push(...r.output.replace(/\n$/, '').split('\n').map((l) => `console: ${l}`));
  return { headline, details, failed };
}
