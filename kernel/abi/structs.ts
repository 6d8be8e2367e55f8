// Struct layouts as KSim's simulated LP64 machine lays them out in user memory. The kernel
// copies structs in and out with these offsets, and the scenario runtime marshals struct
// literals (`{ tv_sec: 1, tv_nsec: 0 }`) with the same table, so both sides agree byte for
// byte. All integers are little-endian.

/** How one field is stored. `sigset` is 16 bytes: four 32-bit words, signal n at bit n−1. */
export type FieldKind = 'i32' | 'u32' | 'i64' | 'u64' | 'ptr' | 'size_t' | 'long' | 'sigset';

export interface StructField {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly kind: FieldKind;
  /** The C type, for hovers. */
  readonly ctype: string;
}

export interface StructLayout {
  /** The C name, e.g. `struct timespec`, `ucontext_t`. */
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly fields: readonly StructField[];
}

function f(name: string, offset: number, kind: FieldKind, ctype: string): StructField {
  const size = kind === 'i32' || kind === 'u32' ? 4 : kind === 'sigset' ? 16 : 8;
  return { name, offset, size, kind, ctype };
}

export const TIMESPEC: StructLayout = {
  name: 'struct timespec', size: 16, align: 8,
  fields: [f('tv_sec', 0, 'i64', 'time_t'), f('tv_nsec', 8, 'long', 'long')],
};

/** spec kexec §1.1.1 / §1.2.2: 32 bytes on LP64, the same in both personalities. */
export const KEXEC_SEGMENT: StructLayout = {
  name: 'struct kexec_segment', size: 32, align: 8,
  fields: [
    f('buf', 0, 'ptr', 'const void *'), f('bufsz', 8, 'size_t', 'size_t'),
    f('mem', 16, 'u64', 'vm_paddr_t'), f('memsz', 24, 'size_t', 'size_t'),
  ],
};

/** spec netbsd-lwp §1.5: 8 bytes, same layout for 32 and 64 bit. */
export const LWPCTL: StructLayout = {
  name: 'struct lwpctl', size: 8, align: 4,
  fields: [f('lc_curcpu', 0, 'i32', 'int'), f('lc_pctr', 4, 'i32', 'int')],
};

/**
 * KSim's ucontext_t. The machine context is KSim's own small register set: `mc_pc` (start
 * address, a user code address), `mc_sp`, `mc_arg` (first argument register), `mc_tlsbase`
 * (loaded into `l_private` when _UC_TLSBASE is set) and `mc_psl` (processor status; any of
 * the privileged bits PSL_PRIV_MASK set fails the machine-dependent validation, spec §2.1
 * step 3).
 */
export const UCONTEXT: StructLayout = {
  name: 'ucontext_t', size: 96, align: 8,
  fields: [
    f('uc_flags', 0, 'u32', 'unsigned int'), f('uc_link', 8, 'ptr', 'ucontext_t *'),
    f('uc_sigmask', 16, 'sigset', 'sigset_t'),
    f('ss_sp', 32, 'ptr', 'void *'), f('ss_size', 40, 'size_t', 'size_t'),
    f('ss_flags', 48, 'i32', 'int'),
    f('mc_pc', 56, 'u64', '__greg_t'), f('mc_sp', 64, 'u64', '__greg_t'),
    f('mc_arg', 72, 'u64', '__greg_t'), f('mc_tlsbase', 80, 'u64', '__greg_t'),
    f('mc_psl', 88, 'u64', '__greg_t'),
  ],
};

/** Privileged / must-be-zero bits of `mc_psl` (models amd64 PSL_MBZ|PSL_IOPL, T1). */
export const PSL_PRIV_MASK = 0xffc08028;

/** KSim's struct sigaction: handler (a user code address, or SIG_DFL 0 / SIG_IGN 1). */
export const SIGACTION: StructLayout = {
  name: 'struct sigaction', size: 32, align: 8,
  fields: [
    f('sa_handler', 0, 'ptr', 'void (*)(int)'), f('sa_mask', 8, 'sigset', 'sigset_t'),
    f('sa_flags', 24, 'i32', 'int'),
  ],
};

export const SIGSET: StructLayout = {
  name: 'sigset_t', size: 16, align: 4, fields: [f('__bits', 0, 'sigset', 'uint32_t[4]')],
};

/** Every struct by its C name (with and without the `struct ` prefix). */
export const STRUCTS: Readonly<Record<string, StructLayout>> = (() => {
  const r: Record<string, StructLayout> = {};
  for (const s of [TIMESPEC, KEXEC_SEGMENT, LWPCTL, UCONTEXT, SIGACTION, SIGSET]) {
    r[s.name] = s;
    r[s.name.replace(/^struct /, '')] = s;
  }
  return r;
})();

export function structField(s: StructLayout, name: string): StructField {
  const fl = s.fields.find((x) => x.name === name);
  if (fl === undefined) throw new Error(`${s.name} has no field ${name}`);
  return fl;
}
