// Which ABI a scenario's constants and syscalls resolve in, read from its `machine { abi: ... }`
// without parsing the whole file (hovers and completion run on every keystroke).

import type { AbiName } from '../../debug-adapter/contract';

export function documentAbi(text: string, fallback: AbiName = 'bsd'): AbiName {
  const m = /\bmachine\s*\{[^}]*?\babi\s*:\s*"(bsd|linux)"/s.exec(text);
  return m ? (m[1] as AbiName) : fallback;
}
