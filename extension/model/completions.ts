// Completion items for `.ksim` files as plain data: syscalls (with an argument snippet),
// constants of the file's ABI, struct fields, built-ins, keywords, and the file's own
// functions, programs and kernel images.

import { abiTable } from '../../kernel/abi';
import { STRUCTS } from '../../kernel/abi/structs';
import { syscallArgs, syscallsOf } from '../../kernel/abi/syscalls';
import { BUILTINS } from '../../scenario/builtins';
import type { AbiName } from '../../debug-adapter/contract';
import { synopsis } from './catalog';

export type CompletionKind = 'syscall' | 'constant' | 'field' | 'builtin' | 'keyword' | 'function' | 'program' | 'image';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  readonly documentation?: string;
  /** A snippet (`${1:arg}` placeholders) to insert instead of the label. */
  readonly snippet?: string;
}

export const KEYWORDS = ['machine', 'kernel_image', 'fn', 'process', 'program', 'let', 'expect', 'fails', 'if', 'else',
  'while', 'for', 'in', 'return', 'break', 'continue', 'null', 'true', 'false', 'errno'];

function argSnippet(names: readonly string[]): string {
  return names.map((n, i) => `\${${i + 1}:${n}}`).join(', ');
}

export function syscallCompletions(abi: AbiName): CompletionEntry[] {
  return syscallsOf(abi).map((s) => {
    const args = syscallArgs(s.name, abi);
    return {
      label: s.name, kind: 'syscall' as const, detail: synopsis(s.name, s.ret, args), documentation: s.summary,
      snippet: `${s.name}(${argSnippet(args.map((a) => a.name))})`,
    };
  });
}

export function constantCompletions(abi: AbiName): CompletionEntry[] {
  const t = abiTable(abi);
  return Object.entries(t.allConstants).map(([name, v]) => ({
    label: name, kind: 'constant' as const,
    detail: `${name in t.errno ? 'errno' : name in t.signals ? 'signal' : abi} = ${typeof v === 'bigint' || v > 9 ? `0x${BigInt(v).toString(16)}` : v}`,
  }));
}

export function fieldCompletions(): CompletionEntry[] {
  const seen = new Map<string, string[]>();
  for (const s of Object.values(STRUCTS)) {
    for (const f of s.fields) {
      const list = seen.get(f.name) ?? [];
      if (!list.includes(s.name)) list.push(s.name);
      seen.set(f.name, list);
    }
  }
  return [...seen].map(([name, structs]) => ({ label: name, kind: 'field' as const, detail: `field of ${structs.join(', ')}` }));
}

export function builtinCompletions(): CompletionEntry[] {
  return BUILTINS.map((b) => {
    const params = /\((.*)\)/.exec(b.signature)?.[1].split(',').map((p) => p.trim()).filter((p) => p && p !== '...') ?? [];
    return { label: b.name, kind: 'builtin' as const, detail: b.signature, documentation: b.doc, snippet: `${b.name}(${argSnippet(params)})` };
  });
}

export function keywordCompletions(): CompletionEntry[] {
  return KEYWORDS.map((k) => ({ label: k, kind: 'keyword' as const, detail: 'keyword' }));
}

export interface FileNames {
  fns: readonly string[];
  programs: readonly string[];
  images: readonly string[];
}

/** Everything that may be typed at an expression position. */
export function completionsFor(abi: AbiName, names: FileNames): CompletionEntry[] {
  return [
    ...syscallCompletions(abi),
    ...builtinCompletions(),
    ...constantCompletions(abi),
    ...keywordCompletions(),
    ...names.fns.map((n) => ({ label: n, kind: 'function' as const, detail: 'fn in this file' })),
    ...names.programs.map((n) => ({ label: n, kind: 'program' as const, detail: 'program in this file' })),
    ...names.images.map((n) => ({ label: n, kind: 'image' as const, detail: 'kernel_image in this file' })),
  ];
}

/** After `fails` only an errno name makes sense. */
export function afterFails(textBefore: string): boolean {
  return /\bfails\s+[A-Z0-9_]*$/.test(textBefore);
}

export function errnoCompletions(abi: AbiName): CompletionEntry[] {
  const t = abiTable(abi);
  return Object.entries(t.errno).filter(([n]) => n !== 'ERESTART').map(([name, v]) => ({ label: name, kind: 'constant' as const, detail: `errno ${v} (${abi})` }));
}

/** Inside `{ ... }` of a struct literal only field names make sense. */
export function inStructLiteral(textBefore: string): boolean {
  let depth = 0;
  for (let i = textBefore.length - 1; i >= 0; i--) {
    const c = textBefore[i];
    if (c === '}' || c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) return false;
      depth--;
    } else if (c === '{') {
      if (depth === 0) {
        const before = textBefore.slice(0, i).trimEnd();
        // A struct literal follows `=`, `(`, `[`, `,` or `:`; a block follows `)`, a name or `else`.
        return /[=([,:]$/.test(before);
      }
      depth--;
    }
  }
  return false;
}
