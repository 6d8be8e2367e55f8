// The syscall runner's scratch machine, for when no debug session runs: one machine per ABI,
// booted with a single idle process (pid 1, "scratch"), kept between calls so that a staged
// image can be inspected or rebooted into by the next call.

import type { AbiName, RunSyscallArguments, RunSyscallResponse } from './contract';
import { compileHost } from './host/factory';
import type { SimHost } from './engine/sim-host';

const SCRATCH_SOURCE = (abi: AbiName): string => `machine { abi: "${abi}", cpus: 1, memory: 512M, seed: 1 }
process scratch {
    while true {
        let idle = 0
    }
}
`;

const machines = new Map<AbiName, SimHost>();

function scratchMachine(abi: AbiName): SimHost {
  let host = machines.get(abi);
  if (host) return host;
  const created = compileHost({ program: `scratch-${abi}.ksim`, source: SCRATCH_SOURCE(abi) });
  if (!('host' in created)) throw new Error(`scratch machine failed to compile: ${created.diagnostics.map((d) => d.message).join('; ')}`);
  host = created.host;
  // Boot and let pid 1 run once, so that there is an LWP to run calls as.
  host.run(1, () => undefined);
  machines.set(abi, host);
  return host;
}

/** Runs one syscall on the scratch machine of `abi` (default bsd). */
export function runSyscallOnScratchMachine(args: RunSyscallArguments, abi: AbiName = 'bsd'): RunSyscallResponse {
  const host = scratchMachine(abi);
  const r = host.apply({ kind: 'runSyscall', args });
  if (!r.syscall) throw new Error(r.message);
  return r.syscall;
}

/** Forgets the scratch machines (a fresh boot on the next call). */
export function resetScratchMachines(): void {
  machines.clear();
}
