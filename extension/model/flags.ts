// Flag arguments: the constant names an argument accepts, combining picked names into one
// value, decoding a value back into names, and deciding whether a picker offers several
// names at once (a bit mask) or one (an enumeration such as LINUX_REBOOT_CMD_*).

import type { ParseResult } from './numbers';

export interface FlagChoice {
  readonly name: string;
  readonly value: bigint;
}

function isPowerOfTwo(v: bigint): boolean {
  return v > 0n && (v & (v - 1n)) === 0n;
}

/** Looks the names up in an ABI's constants; unknown names are dropped. */
export function flagChoices(names: readonly string[], constants: Readonly<Record<string, number | bigint>>): FlagChoice[] {
  const out: FlagChoice[] = [];
  for (const n of names) {
    const v = constants[n];
    if (v !== undefined) out.push({ name: n, value: BigInt(v) });
  }
  return out;
}

/** A mask when at least two choices are single bits; otherwise the user picks exactly one. */
export function picksMany(choices: readonly FlagChoice[]): boolean {
  return choices.filter((c) => isPowerOfTwo(c.value)).length >= 2;
}

/** ORs the picked names; refuses two picks whose bits overlap (two KEXEC_ARCH_ values). */
export function combineFlags(picked: readonly FlagChoice[]): ParseResult<bigint> {
  let v = 0n;
  for (let i = 0; i < picked.length; i++) {
    for (let j = i + 1; j < picked.length; j++) {
      if ((picked[i].value & picked[j].value) !== 0n && picked[i].value !== picked[j].value) {
        return { ok: false, message: `${picked[i].name} and ${picked[j].name} share bits: pick only one of them.` };
      }
    }
    v |= picked[i].value;
  }
  return { ok: true, value: v };
}

/** The names whose bits are all set in `value` (zero-valued names only when value is 0). */
export function decodeFlags(value: bigint, choices: readonly FlagChoice[]): string[] {
  if (value === 0n) return choices.filter((c) => c.value === 0n).slice(0, 1).map((c) => c.name);
  const names: string[] = [];
  let rest = value;
  // Wider masks first so KEXEC_ARCH_X86_64 wins over the single bits it contains.
  const sorted = [...choices].filter((c) => c.value !== 0n).sort((a, b) => popcount(b.value) - popcount(a.value));
  for (const c of sorted) {
    if ((rest & c.value) === c.value && (value & c.value) === c.value) {
      names.push(c.name);
      rest &= ~c.value;
    }
  }
  if (rest !== 0n) names.push(`0x${rest.toString(16)}`);
  return names;
}

function popcount(v: bigint): number {
  let n = 0;
  for (let x = v; x > 0n; x >>= 1n) if (x & 1n) n++;
  return n;
}

/** `RB_KEXEC|RB_NOSYNC` as the scenario language writes a mask. */
export function flagsText(names: readonly string[]): string {
  return names.length === 0 ? '0' : names.join('|');
}
