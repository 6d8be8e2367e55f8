// How the runner reports a syscall's result: `_lwp_kill(2, 15) = -1 ESRCH: no LWP 2 in the
// process`, with the errno name and its meaning.
import type { RunSyscallResponse } from '../../debug-adapter/contract';
import { errnoMeaning } from '../../kernel/abi/strerror';

export interface ResultText {
  /** One line: `kexec_load(...) = 0` or `... = -1 EINVAL`. */
  readonly headline: string;
  /** The errno's meaning, out-parameters, the console output. */
  readonly details: string[];
  readonly failed: boolean;
}

export function resultText(call: string, r: RunSyscallResponse): ResultText {
  const failed = r.errno !== 0 || r.errnoName !== null;
  const meaning = r.errnoMeaning ?? (r.errnoName ? errnoMeaning(r.errnoName) : null);
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
