// Parameter hints for syscall and built-in calls: which call the cursor is in and which
// argument, read backwards from the cursor over balanced brackets and strings.

import { ctypeString, syscallArgs, syscallInfo } from '../../kernel/abi/syscalls';
import { builtinInfo } from '../../scenario/builtins';
import type { AbiName } from '../../debug-adapter/contract';

export interface CallSite {
  readonly name: string;
  /** 0-based index of the argument the cursor is in. */
  readonly argIndex: number;
}

/** The innermost call whose argument list the text ends inside, if any. */
export function callAt(textBefore: string): CallSite | undefined {
  let depth = 0;
  let commas = 0;
  let inString = false;
  for (let i = textBefore.length - 1; i >= 0; i--) {
    const c = textBefore[i];
    if (inString) {
      if (c === '"' && textBefore[i - 1] !== '\\') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(textBefore.slice(0, i));
      return m ? { name: m[1], argIndex: commas } : undefined;
    } else if (c === ',' && depth === 0) commas++;
  }
  return undefined;
}

export interface SignatureText {
  readonly label: string;
  readonly documentation: string;
  /** Each parameter's label, as it appears in `label`. */
  readonly params: readonly string[];
}

/** The signature to show for a syscall (in the file's ABI) or a built-in. */
export function signatureFor(name: string, abi: AbiName): SignatureText | undefined {
  const s = syscallInfo(name);
  if (s) {
    const args = syscallArgs(name, abi);
    const params = args.map((a) => {
      const c = ctypeString(a.type);
      return c.endsWith('*') ? `${c}${a.name}` : `${c} ${a.name}`;
    });
    return { label: `${s.ret} ${name}(${params.join(', ')})`, documentation: s.summary, params };
  }
  const b = builtinInfo(name);
  if (b) {
    const params = /\((.*)\)/.exec(b.signature)?.[1].split(',').map((p) => p.trim()).filter((p) => p !== '') ?? [];
    return { label: b.signature, documentation: b.doc, params };
  }
  return undefined;
}
