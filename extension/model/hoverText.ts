// Hover text for `.ksim` files (Markdown): a syscall's synopsis, summary and errors in KSim's
// own words (kernel/abi/syscalls.ts); a constant's value in each ABI; a built-in's signature;
// a struct field's C type. Plain strings so the tests read exactly what users see.

import { abiTable } from '../../kernel/abi';
import { STRUCTS } from '../../kernel/abi/structs';
import { syscallArgs, syscallInfo } from '../../kernel/abi/syscalls';
import { builtinInfo } from '../../scenario/builtins';
import type { AbiName } from '../../debug-adapter/contract';
import { synopsis } from './catalog';

const ABIS: readonly AbiName[] = ['bsd', 'linux'];

function valueText(v: number | bigint): string {
  const b = BigInt(v);
  return b < 0n ? `${b}` : b < 10n ? `${b}` : `${b} (0x${b.toString(16)})`;
}

export function syscallHover(name: string, abi: AbiName): string | undefined {
  const s = syscallInfo(name);
  if (!s) return undefined;
  const lines = ['```c', synopsis(s.name, s.ret, syscallArgs(s.name, abi)), '```', '', s.summary, ''];
  const nums = ABIS.map((a) => `${a}: ${s.numbers[a] ?? 'absent (ENOSYS)'}`).join(' · ');
  lines.push(`*syscall number* ${nums}${s.blocking ? ' · *may sleep*' : ''}${s.noReturn ? ' · *does not return*' : ''}`);
  if (s.numbers[abi] === undefined) lines.push('', `**Not available on the ${abi} ABI.**`);
  if (s.errors.length) {
    lines.push('', '**Errors**', '');
    for (const e of s.errors) lines.push(`- \`${e.errno}\`: ${e.when}`);
  }
  return lines.join('\n');
}

export function constantHover(name: string, abi: AbiName): string | undefined {
  const per = ABIS.map((a) => ({ a, v: abiTable(a).allConstants[name] }));
  if (per.every((p) => p.v === undefined)) return undefined;
  const t = abiTable(abi);
  const kind = name in t.errno ? 'errno' : name in t.signals ? 'signal' : 'constant';
  const lines = [`\`${name}\` — ${kind}`, ''];
  for (const p of per) lines.push(`- ${p.a}${p.a === abi ? ' (this file)' : ''}: ${p.v === undefined ? 'not defined' : valueText(p.v)}`);
  return lines.join('\n');
}

export function builtinHover(name: string): string | undefined {
  const b = builtinInfo(name);
  return b ? ['```ksim', b.signature, '```', '', `Built-in. ${b.doc}`].join('\n') : undefined;
}

/** Field names of the structs a scenario writes as literals, with their C types. */
export function structFieldHover(name: string): string | undefined {
  const hits: string[] = [];
  for (const [sname, s] of Object.entries(STRUCTS)) {
    if (sname.startsWith('struct ') || sname === s.name) {
      const f = s.fields.find((x) => x.name === name);
      if (f && !hits.some((h) => h.includes(s.name))) hits.push(`- \`${f.ctype} ${f.name}\` in \`${s.name}\` (offset ${f.offset}, ${f.size} bytes)`);
    }
  }
  return hits.length ? [`field \`${name}\``, '', ...hits].join('\n') : undefined;
}

/** The hover for a word, trying syscall, built-in, constant, then struct field. */
export function hoverFor(word: string, abi: AbiName): string | undefined {
  return syscallHover(word, abi) ?? builtinHover(word) ?? constantHover(word, abi) ?? structFieldHover(word);
}
