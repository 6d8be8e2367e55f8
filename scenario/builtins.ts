// The built-in functions of the scenario language: their arity and one-line documentation.
// The checker validates calls against this table, the compiler gives each an id, the runtime
// implements them (runtime/builtins-impl.ts), and hovers/completion can show the docs.

export interface BuiltinInfo {
  readonly name: string;
  readonly min: number;
  /** Maximum argument count; Infinity for `print`. */
  readonly max: number;
  readonly signature: string;
  readonly doc: string;
}

const B = (name: string, min: number, max: number, signature: string, doc: string): BuiltinInfo => ({ name, min, max, signature, doc });

export const BUILTINS: readonly BuiltinInfo[] = [
  B('print', 0, Infinity, 'print(value, ...)', 'Writes its arguments, separated by spaces, as one line of standard output.'),
  B('ucontext', 1, 2, 'ucontext(fn, arg)', 'A ucontext_t with _UC_CPU set whose PC is fn\'s user text address and whose argument register holds arg; _lwp_create starts fn(arg) from it.'),
  B('spawn', 1, 2, 'spawn(fn, arg)', 'Starts a new LWP running fn(arg) in the calling process (an ABI-neutral _lwp_create) and returns its LID, or -1 with errno set.'),
  B('bytes', 1, 2, 'bytes(n, fill)', 'A mutable buffer of n bytes (each set to fill, default 0) in the process\'s user memory; the kernel reads and writes it in place.'),
  B('len', 1, 1, 'len(x)', 'The length of a string (bytes, without the NUL), buffer or array.'),
  B('file', 1, 1, 'file("path")', 'A workspace file, relative to the scenario, as a byte buffer. The path is checked: it must not leave the workspace.'),
  B('image_bytes', 1, 1, 'image_bytes(name)', 'The synthesized bytes of the kernel_image called name, as a byte buffer ready to be a kexec segment.'),
  B('open', 1, 1, 'open("path")', 'Opens a workspace file next to the scenario (or a kernel file such as /proc/iomem) read-only; returns a descriptor of 3 or more, or -1 with errno.'),
  B('close', 1, 1, 'close(fd)', 'Closes a descriptor; 0, or -1 with errno.'),
  B('panic', 1, 1, 'panic("why")', 'Panics the kernel with the message. A staged crash kernel boots; otherwise the run ends with exit status 1.'),
  B('uname', 0, 0, 'uname()', 'The running kernel\'s identity: its banner and version, e.g. "KSim 2.0".'),
  B('hex', 1, 1, 'hex(x)', 'The integer as lower-case hex with 0x, read as unsigned 64-bit.'),
  B('str', 1, 1, 'str(x)', 'A string: a buffer up to its first NUL, a number in decimal, a string unchanged.'),
  B('errname', 1, 1, 'errname(n)', 'The errno name of a number in the machine\'s ABI ("EINVAL"), or the number as text.'),
  B('sleep', 1, 1, 'sleep(ns)', 'Sleeps for ns nanoseconds of virtual time (nanosleep); 0, or -1 with errno.'),
  B('now', 0, 0, 'now()', 'The virtual clock in nanoseconds since boot (CLOCK_MONOTONIC), without a system call.'),
  B('sysctl', 1, 1, 'sysctl("name")', 'A kernel sysctl by name (e.g. "vm.phys_segs", "kern.ostype"): a string or an integer.'),
  B('deref', 2, 2, 'deref(address, "type")', 'Reads user memory at address as a struct ("struct lwpctl", "struct timespec", ...) or an integer type ("int", "long", "uint64_t").'),
  B('exit', 0, 1, 'exit(status)', 'Ends the whole process with status (default 0).'),
  B('find', 2, 2, 'find(text, part)', 'The index of the first occurrence of part in text (strings, or buffers read up to their NUL), or -1.'),
];

const BY_NAME = new Map(BUILTINS.map((b) => [b.name, b] as const));

export function builtinInfo(name: string): BuiltinInfo | undefined {
  return BY_NAME.get(name);
}

/** Built-ins that take precedence over a system call of the same name only at this arity. */
export function builtinWins(name: string, argc: number): boolean {
  if (name === 'open') return argc === 1;
  if (name === 'close' || name === 'exit') return false;
  return BY_NAME.has(name);
}
