// `abiTable(abi)`: the typed accessor every layer uses for an ABI's constants.

import { BSD_ABI } from './bsd';
import { LINUX_ABI } from './linux';
import type { AbiDefinition, AbiName, AbiTable, AbiValue } from './types';

export type { AbiName, AbiTable, AbiValue, AbiDefinition } from './types';

function invert(rec: Readonly<Record<string, number>>): Map<number, string> {
  const m = new Map<number, string>();
  for (const [name, n] of Object.entries(rec)) {
    // The first name wins (EAGAIN before EWOULDBLOCK, EOPNOTSUPP before ENOTSUP).
    if (!m.has(n)) m.set(n, name);
  }
  return m;
}

function build(def: AbiDefinition): AbiTable {
  const errnoNames = invert(def.errno);
  const sigNames = invert(def.signals);
  const sysNames = invert(def.syscallNumbers);
  const allConstants: Record<string, AbiValue> = { ...def.constants };
  for (const [k, v] of Object.entries(def.errno)) {
    if (k !== 'ERESTART') allConstants[k] = v;
  }
  for (const [k, v] of Object.entries(def.signals)) allConstants[k] = v;
  return {
    ...def,
    errnoName: (n) => errnoNames.get(n),
    signalName: (n) => sigNames.get(n),
    syscallName: (n) => sysNames.get(n),
    allConstants,
  };
}

const TABLES: Record<AbiName, AbiTable> = { bsd: build(BSD_ABI), linux: build(LINUX_ABI) };

/** The constants table of an ABI: errno, signals, constants and syscall numbers. */
export function abiTable(abi: AbiName): AbiTable {
  return TABLES[abi];
}

/** A constant by its C name in an ABI, as a number (throws for a missing name: a bug). */
export function abiConst(abi: AbiName, name: string): number {
  const v = TABLES[abi].allConstants[name];
  if (v === undefined) throw new Error(`no constant ${name} in the ${abi} ABI`);
  return Number(v);
}
