// Preparing a system call on behalf of an LWP from scenario values (the command-palette runner,
// the debug console): the arguments are converted and marshalled exactly as a scenario's own
// call would be, into the LWP's process memory; after the kernel ran the call, `readBack`
// returns what it wrote through the out-parameters. Memory used for the arguments stays
// allocated in the process (like a debugger's injected call).
import type { Kernel } from '../kernel/kern/kernel';
import type { Lwp, SysArg } from '../kernel/kern/state';
import { abiView } from './abi-view';
import { convertArg, readBack } from './runtime/marshal';
import type { OutParam, UserState } from './runtime/user-state';
import type { Value } from './values';
import { RuntimeFault } from './runtime/fault';

export interface PreparedCall {
  /** The call's number in the machine's ABI (for `l.l_scnum`). */
  number: number;
  /** Converted arguments (for `l.l_args`). */
  args: SysArg[];
  /** After the call: each out-parameter's argument name and the value the kernel left there. */
  readBack(): { name: string; value: Value }[];
}

/**
 * Converts `values` for system call `name` of the machine's ABI, as LWP `l`. Values are what a
 * scenario would pass (integers, strings, buffers, arrays, struct literals); `outParam(x)` stands
 * for `&x`. Returns the number and arguments to put on the LWP, or an error message.
 */
export function prepareSyscall(k: Kernel, l: Lwp, name: string, values: Value[]): PreparedCall | { error: string } {
  const sc = abiView(k.abi.name).syscall(name);
  if (!sc) return { error: `no system call ${name} in the ${k.abi.name} ABI` };
  if (values.length !== sc.args.length) return { error: `${name} takes ${sc.args.length} arguments, not ${values.length}` };
  // Out-parameters live in a private locals array: slot i holds argument i's variable.
  const locals: Value[] = values.map((v) => (typeof v === 'object' && v.t === 'ref' ? initialOf(v) : 0));
  const u: UserState = { prog: 0, frames: [], stack: [], errno: 0, preempted: false, scr: 1, scrSize: 0, scrTop: 0 };
  const vm = l.l_proc.p_vmspace;
  const outs: OutParam[] = [];
  try {
    const args = values.map((v, i) => convertArg(typeof v === 'object' && v.t === 'ref' ? { t: 'ref', slot: i } : v, sc.args[i].type, u, vm, locals, outs));
    return {
      number: sc.number,
      args,
      readBack: () => outs.map((o) => {
        readBack(vm, o, locals);
        return { name: sc.args[o.slot].name, value: locals[o.slot] };
      }),
    };
  } catch (e) {
    if (e instanceof RuntimeFault) return { error: e.message };
    throw e;
  }
}

const INITIAL = new WeakMap<object, Value>();

/** An out-parameter argument (`&x` with x = initial) for prepareSyscall. */
export function outParam(initial: Value = 0): Value {
  const r: Value = { t: 'ref', slot: -1 };
  INITIAL.set(r, initial);
  return r;
}

function initialOf(v: Value): Value {
  return typeof v === 'object' ? INITIAL.get(v) ?? 0 : 0;
}
