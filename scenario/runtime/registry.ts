// Compiled scenarios by id. Compiled code is immutable and never part of a machine's state; an
// LWP's user state names its scenario by this id, so snapshots stay plain data.
import type { CompiledScenario } from '../bytecode';

const REGISTRY = new Map<number, CompiledScenario>();
let nextId = 1;

export function registerScenario(c: Omit<CompiledScenario, 'id'>): CompiledScenario {
  const full = c as CompiledScenario;
  full.id = nextId++;
  REGISTRY.set(full.id, full);
  return full;
}

export function scenarioById(id: number): CompiledScenario | undefined {
  return REGISTRY.get(id);
}

/** Drops a compiled scenario nobody runs any more (a long-lived debug adapter recompiling). */
export function unregisterScenario(id: number): void {
  REGISTRY.delete(id);
}
