// Values ↔ system-call arguments (design §3, core semantics). Scalars convert to the parameter's
// C type with C's truncation; pointers are built in the process's user memory: strings become
// their bytes and a NUL, struct literals and arrays are laid out per kernel/abi/structs.ts, `&x`
// marshals x and records an out-parameter that is read back into x when the call returns.
import type { SysArg } from '../../kernel/kern/state';
import { uvm_alloc, uvm_read_int, uvm_read_u64, uvm_write_int, copyout, type Vmspace } from '../../kernel/vm/uvm';
import { structLayout, type CType, type PtrType, type StructLayout, type StructField } from '../abi-view';
import { fromBigInt, fromC, toBigInt, type Int } from '../int64';
import { isInt, typeName, type StructVal, type Value } from '../values';
import { RuntimeFault } from './fault';
import type { OutParam, UserState } from './user-state';

const SCRATCH_SIZE = 64 * 1024;
const enc = new TextEncoder();

const SIZE4 = new Set(['int', 'u_int', 'lwpid_t', 'pid_t', 'clockid_t', 'int32_t', 'uint32_t']);
const SIGNED = new Set(['int', 'lwpid_t', 'pid_t', 'clockid_t', 'int32_t', 'long', 'ssize_t', 'int64_t']);

/** Size in bytes of an integer or pointer C type. */
export function scalarSize(t: string): 4 | 8 | 1 {
  if (t === 'char' || t === 'uint8_t') return 1;
  return SIZE4.has(t) ? 4 : 8;
}

/** Converts a value to a scalar C type, as C's implicit conversion would. */
export function scalarArg(v: Value, t: string): SysArg {
  let n: Int;
  if (isInt(v)) n = v;
  else if (typeof v !== 'string' && v.t === 'buf') n = v.addr;
  else throw new RuntimeFault(`${typeName(v)} cannot be passed as ${t}`);
  if (SIZE4.has(t)) {
    if (typeof n === 'number' && (n | 0) === n) return t === 'u_int' || t === 'uint32_t' ? n >>> 0 : n;
    const b = toBigInt(n);
    return Number(t === 'u_int' || t === 'uint32_t' ? BigInt.asUintN(32, b) : BigInt.asIntN(32, b));
  }
  if (SIGNED.has(t)) return n;
  // Unsigned 64-bit: -1 is 2^64-1.
  if (typeof n === 'number' && n >= 0) return n;
  const u = BigInt.asUintN(64, toBigInt(n));
  return u <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(u) : u;
}

/** Allocates n bytes of scratch user memory for this LWP (released when the call finishes). */
export function scratch(u: UserState, vm: Vmspace, n: number): number {
  if (u.scr === 0) {
    u.scr = uvm_alloc(vm, SCRATCH_SIZE, 'scratch');
    u.scrSize = SCRATCH_SIZE;
    u.scrTop = 0;
  }
  const size = Math.max(16, Math.ceil(n / 16) * 16);
  if (u.scrTop + size > u.scrSize) {
    const a = uvm_alloc(vm, size, 'data');
    if (a === 0) throw new RuntimeFault('out of user memory');
    return a;
  }
  const a = u.scr + u.scrTop;
  u.scrTop += size;
  return a;
}

export function writeString(u: UserState, vm: Vmspace, s: string): number {
  const bytes = enc.encode(s);
  const a = scratch(u, vm, bytes.length + 1);
  const z = new Uint8Array(bytes.length + 1);
  z.set(bytes);
  copyout(vm, a, z);
  return a;
}

function addressOf(v: Value, u: UserState, vm: Vmspace, what: string): number | bigint {
  if (isInt(v)) return v;
  if (typeof v === 'string') return writeString(u, vm, v);
  if (v.t === 'buf') return v.addr;
  throw new RuntimeFault(`${typeName(v)} cannot be stored in ${what}`);
}

function sigsetWords(v: Value): number[] {
  const w = [0, 0, 0, 0];
  const add = (sig: number): void => {
    if (sig >= 1 && sig <= 128) w[(sig - 1) >> 5] |= 1 << ((sig - 1) & 31);
  };
  if (isInt(v)) {
    const b = BigInt.asUintN(64, toBigInt(v));
    w[0] = Number(b & 0xffffffffn) | 0;
    w[1] = Number(b >> 32n) | 0;
  } else if (typeof v !== 'string' && v.t === 'arr') {
    for (const x of v.a) if (isInt(x)) add(Number(x));
  } else {
    throw new RuntimeFault(`${typeName(v)} cannot be a sigset_t (write a mask or an array of signal numbers)`);
  }
  return w;
}

function writeField(u: UserState, vm: Vmspace, base: number, f: StructField, v: Value): void {
  const a = base + f.offset;
  if (f.kind === 'sigset') {
    const w = sigsetWords(v);
    for (let i = 0; i < 4; i++) uvm_write_int(vm, a + 4 * i, 4, w[i]);
    return;
  }
  uvm_write_int(vm, a, f.size as 4 | 8, addressOf(v, u, vm, f.ctype));
}

export function writeStruct(u: UserState, vm: Vmspace, addr: number, layout: StructLayout, s: StructVal): void {
  for (const name of Object.keys(s.f)) {
    const f = layout.fields.find((x) => x.name === name);
    if (!f) throw new RuntimeFault(`${layout.name} has no field '${name}' (its fields are ${layout.fields.map((x) => x.name).join(', ')})`);
    writeField(u, vm, addr, f, s.f[name]);
  }
}

export function readStruct(vm: Vmspace, addr: number, layout: StructLayout, into?: StructVal): StructVal {
  const s: StructVal = into ?? { t: 'st', ty: layout.name, f: {} };
  for (const f of layout.fields) {
    if (f.kind === 'sigset') {
      const w0 = uvm_read_int(vm, f.offset + addr, 4, false);
      const w1 = uvm_read_int(vm, f.offset + addr + 4, 4, false);
      s.f[f.name] = fromBigInt((BigInt(w1) << 32n) | BigInt(w0));
    } else if (f.size === 4) {
      s.f[f.name] = uvm_read_int(vm, addr + f.offset, 4, f.kind === 'i32');
    } else {
      s.f[f.name] = fromC(uvm_read_u64(vm, addr + f.offset), 64, f.kind === 'i64' || f.kind === 'long');
    }
  }
  if (!into) s.ty = layout.name;
  return s;
}

/** Reads an integer of C type t at addr. */
export function readScalar(vm: Vmspace, addr: number, t: string): Int {
  const size = scalarSize(t);
  if (size === 1) return uvm_read_int(vm, addr, 4, false) & 0xff;
  if (size === 4) return uvm_read_int(vm, addr, 4, SIGNED.has(t));
  return fromC(uvm_read_u64(vm, addr), 64, SIGNED.has(t));
}

/** Converts a value to a pointer argument of type t; records `&x` out-parameters in outs. */
export function pointerArg(v: Value, t: PtrType, u: UserState, vm: Vmspace, locals: Value[], outs: OutParam[]): SysArg {
  const layout = structLayout(t.pointee);
  if (isInt(v)) return v;
  if (typeof v === 'string') return writeString(u, vm, v);
  switch (v.t) {
    case 'buf':
      return v.addr;
    case 'st': {
      if (!layout) throw new RuntimeFault(`a struct cannot be passed as ${t.pointee} *`);
      const a = scratch(u, vm, layout.size);
      writeStruct(u, vm, a, layout, v);
      return a;
    }
    case 'arr': {
      if (t.pointee === 'sigset_t') {
        // An array of signal numbers is a signal set: sigprocmask(SIG_BLOCK, [SIGUSR1], null).
        const a = scratch(u, vm, 16);
        const w = sigsetWords(v);
        for (let i = 0; i < 4; i++) uvm_write_int(vm, a + 4 * i, 4, w[i]);
        return a;
      }
      const size = layout ? layout.size : scalarSize(t.pointee);
      const a = scratch(u, vm, Math.max(1, v.a.length) * size);
      v.a.forEach((x, i) => {
        if (layout) {
          if (isInt(x) || typeof x === 'string' || x.t !== 'st') throw new RuntimeFault(`element ${i} must be a struct literal for ${layout.name}`);
          writeStruct(u, vm, a + i * size, layout, x);
        } else {
          uvm_write_int(vm, a + i * size, (size === 1 ? 4 : size) as 4 | 8, addressOf(x, u, vm, t.pointee));
        }
      });
      return a;
    }
    case 'ref': {
      const cur = locals[v.slot];
      if (layout) {
        const a = scratch(u, vm, layout.size);
        if (!isInt(cur) && typeof cur !== 'string' && cur.t === 'st') writeStruct(u, vm, a, layout, cur);
        if (t.dir !== 'in') outs.push({ slot: v.slot, addr: a, pointee: t.pointee });
        return a;
      }
      if (t.pointee === 'char' || t.pointee === 'void') {
        // &buf is the buffer itself; &"str" its bytes.
        if (typeof cur === 'string') return writeString(u, vm, cur);
        if (!isInt(cur) && cur.t === 'buf') return cur.addr;
      }
      const size = t.pointee.endsWith('*') ? 8 : scalarSize(t.pointee);
      const a = scratch(u, vm, 8);
      if (isInt(cur)) uvm_write_int(vm, a, size === 1 ? 4 : size, cur);
      if (t.dir !== 'in') outs.push({ slot: v.slot, addr: a, pointee: t.pointee });
      return a;
    }
  }
}

/** Reads an out-parameter back into its variable. */
export function readBack(vm: Vmspace, o: OutParam, locals: Value[]): void {
  const layout = structLayout(o.pointee);
  if (layout) {
    const cur = locals[o.slot];
    const into = !isInt(cur) && typeof cur !== 'string' && cur.t === 'st' ? cur : undefined;
    locals[o.slot] = readStruct(vm, o.addr, layout, into);
    return;
  }
  locals[o.slot] = readScalar(vm, o.addr, o.pointee.endsWith('*') ? 'uint64_t' : o.pointee);
}

/** Converts argument i of a call. */
export function convertArg(v: Value, t: CType, u: UserState, vm: Vmspace, locals: Value[], outs: OutParam[]): SysArg {
  return typeof t === 'string' ? scalarArg(v, t) : pointerArg(v, t, u, vm, locals, outs);
}
