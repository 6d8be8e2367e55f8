// The built-in functions at run time (their arity and docs are in ../builtins.ts). Built-ins that
// are system calls underneath (spawn, sleep, open, close, exit) set the call up on the frame and
// return TRAPPED; the interpreter then traps into the kernel like any other system call.
import type { Kernel } from '../../kernel/kern/kernel';
import type { Lwp } from '../../kernel/kern/state';
import { console_write } from '../../kernel/kern/console';
import { uvm_access, uvm_alloc, copyin, copyout, uvm_write_int, type Vmspace } from '../../kernel/vm/uvm';
import { currentGeneration, kx } from '../../kernel/kexec/state';
import { formatPhysSegs, physSegs } from '../../kernel/mem/physsegs';
import { kexecSysctl } from '../../kernel/kexec/sysfs';
import { buildKsimImage } from '../../kernel/kexec/ksim-image';
import { buildBzImage } from '../../kernel/kexec/bzimage-build';
import { structLayout } from '../abi-view';
import { Bi, type ImageDecl } from '../bytecode';
import { hex, toBigInt } from '../int64';
import { isInt, lengthOf, typeName, type BufVal, type StructVal, type Value } from '../values';
import { RuntimeFault } from './fault';
import { cString, formatValue } from './format';
import { readScalar, readStruct, scratch, writeString, writeStruct, scalarArg } from './marshal';
import type { ScenarioUserland } from './userland';
import { Post, type Frame, type UserState } from './user-state';

/** Returned by a built-in that trapped into the kernel. */
export const TRAPPED: unique symbol = Symbol('trapped');
/** Returned by panic(): the LWP no longer exists; user code must not continue. */
export const TRAPPED_GONE: unique symbol = Symbol('gone');


function int(v: Value | undefined, what: string): number {
  if (v === undefined) return 0;
  if (!isInt(v)) throw new RuntimeFault(`${what} must be an integer, not ${typeName(v)}`);
  return Number(v);
}

/** Allocates a buffer in user memory holding `bytes`. */
export function bufferOf(vm: Vmspace, bytes: Uint8Array, name: string): BufVal {
  const addr = uvm_alloc(vm, Math.max(1, bytes.length), name);
  if (addr === 0) throw new RuntimeFault('out of user memory');
  if (bytes.length > 0) copyout(vm, addr, bytes);
  return { t: 'buf', addr, len: bytes.length };
}

/** The bytes a kernel_image declaration synthesizes (cached: images are immutable). */
export function imageBytes(rt: ScenarioUserland, d: ImageDecl): Uint8Array {
  let b = rt.imageCache.get(d.name);
  if (!b) {
    b = d.format === 'bzimage'
      ? buildBzImage({ versionString: d.banner, payload: Math.max(4096, d.size - 1024) })
      : buildKsimImage({ banner: d.banner, entry: d.entry, size: d.size, init: d.init, abi: d.abi });
    rt.imageCache.set(d.name, b);
  }
  return b;
}

export function callBuiltin(
  rt: ScenarioUserland, k: Kernel, l: Lwp, u: UserState, fr: Frame, id: number, args: Value[], sys: number,
): Value | typeof TRAPPED | typeof TRAPPED_GONE {
  const vm = l.l_proc.p_vmspace;
  switch (id as Bi) {
    case Bi.PRINT: {
      const line = args.map((a) => formatValue(a)).join(' ');
      console_write(k, l, line);
      rt.print(line, l);
      return 0;
    }
    case Bi.UCONTEXT:
      return ucontext(k, args[0], args[1]);
    case Bi.BYTES: {
      const n = int(args[0], 'the size');
      if (n < 0 || n > 1 << 30) throw new RuntimeFault(`bytes(${n}): the size must be 0..1G`);
      const fill = int(args[1], 'the fill byte') & 0xff;
      const addr = uvm_alloc(vm, Math.max(1, n), 'bytes');
      if (addr === 0) throw new RuntimeFault('out of user memory');
      if (fill !== 0 && n > 0) copyout(vm, addr, new Uint8Array(n).fill(fill));
      return { t: 'buf', addr, len: n };
    }
    case Bi.LEN: {
      const n = lengthOf(args[0]);
      if (n !== null) return n;
      throw new RuntimeFault(`len() takes a string, buffer or array, not ${args[0] === undefined ? 'nothing' : typeName(args[0])}`);
    }
    case Bi.FILE: {
      const path = String(args[0]);
      const bytes = rt.prog.files.get(path);
      if (!bytes) throw new RuntimeFault(`no workspace file "${path}"`);
      return bufferOf(vm, bytes, 'file');
    }
    case Bi.IMAGE_BYTES: {
      const d = rt.prog.images.get(String(args[0]));
      if (!d) throw new RuntimeFault(`no kernel_image called ${String(args[0])}`);
      return bufferOf(vm, imageBytes(rt, d), 'image');
    }
    case Bi.UNAME:
      return currentGeneration(k).kernel.banner;
    case Bi.HEX: {
      const v = args[0];
      if (v === undefined || !isInt(v)) throw new RuntimeFault(`hex() takes an integer, not ${v === undefined ? 'nothing' : typeName(v)}`);
      return hex(v);
    }
    case Bi.FIND: {
      const text = asText(vm, args[0]);
      return text.indexOf(asText(vm, args[1]));
    }
    case Bi.STR: {
      const v = args[0];
      if (v === undefined) return '';
      if (isInt(v)) return String(v);
      if (typeof v === 'string' || v.t === 'buf') return asText(vm, v);
      return formatValue(v);
    }
    case Bi.ERRNAME: {
      const n = int(args[0], 'the errno');
      return k.abi.errnoName(n) ?? String(n);
    }
    case Bi.NOW:
      return k.s.time;
    case Bi.SYSCTL:
      return sysctl(k, String(args[0]));
    case Bi.DEREF: {
      const addr = int(args[0], 'the address');
      const type = String(args[1]);
      const layout = structLayout(type);
      const size = layout ? layout.size : 8;
      if (!uvm_access(vm, addr, size, false)) throw new RuntimeFault(`deref(${hex(addr)}, "${type}"): the address is not readable (EFAULT)`);
      return layout ? readStruct(vm, addr, layout) : readScalar(vm, addr, type === 'void *' ? 'uint64_t' : type);
    }
    case Bi.PANIC: {
      const why = args[0] === undefined ? 'panic' : formatValue(args[0]);
      rt.panic(k, l, why);
      // The panicking LWP is gone with its generation (or the machine halted).
      return TRAPPED_GONE;
    }
    case Bi.SPAWN: {
      const uc = ucontext(k, args[0], args[1]);
      const layout = structLayout('ucontext_t')!;
      fr.mark = u.scrTop;
      const ucp = scratch(u, vm, layout.size);
      writeStruct(u, vm, ucp, layout, uc);
      const lidp = scratch(u, vm, 8);
      uvm_write_int(vm, lidp, 4, 0);
      return trap(rt, l, fr, sys, [ucp, 0, lidp], Post.SPAWN_LID, lidp);
    }
    case Bi.SLEEP: {
      const ns = toBigInt(isInt(args[0] ?? 0) ? (args[0] as number | bigint) : 0);
      fr.mark = u.scrTop;
      const ts = scratch(u, vm, 16);
      const sec = ns / 1000000000n;
      uvm_write_int(vm, ts, 8, sec);
      uvm_write_int(vm, ts + 8, 8, ns - sec * 1000000000n);
      return trap(rt, l, fr, sys, [ts, 0], Post.RET, 0);
    }
    case Bi.OPEN: {
      fr.mark = u.scrTop;
      const path = writeString(u, vm, String(args[0]));
      return trap(rt, l, fr, sys, [path, 0], Post.RET, 0);
    }
    case Bi.CLOSE:
      fr.mark = u.scrTop;
      return trap(rt, l, fr, sys, [scalarArg(args[0] ?? 0, 'int')], Post.RET, 0);
    case Bi.EXIT:
      fr.mark = u.scrTop;
      return trap(rt, l, fr, sys, [scalarArg(args[0] ?? 0, 'int')], Post.RET, 0);
  }
  throw new RuntimeFault(`unknown built-in ${id}`);
}

/** A string, or a buffer read up to its first NUL. */
function asText(vm: Vmspace, v: Value | undefined): string {
  if (typeof v === 'string') return v;
  if (v !== undefined && !isInt(v) && v.t === 'buf') {
    const bytes = copyin(vm, v.addr, v.len);
    if (typeof bytes === 'number') throw new RuntimeFault('the buffer is not readable');
    return cString(bytes);
  }
  throw new RuntimeFault(`expected a string or a buffer, not ${v === undefined ? 'nothing' : typeName(v)}`);
}

function trap(rt: ScenarioUserland, l: Lwp, fr: Frame, sys: number, args: (number | bigint)[], post: Post, postAddr: number): typeof TRAPPED {
  if (sys < 0) throw new RuntimeFault('this built-in needs a system call the ABI does not have');
  const desc = rt.prog.syscalls[sys];
  l.l_args.length = 0;
  for (const a of args) l.l_args.push(a);
  l.l_scnum = desc.number;
  l.l_retval = 0;
  fr.sc = sys;
  fr.outs = null;
  fr.post = post;
  fr.postAddr = postAddr;
  return TRAPPED;
}

/** A ucontext_t with _UC_CPU set, starting `fn(arg)` (design §3). */
export function ucontext(k: Kernel, fn: Value | undefined, arg: Value | undefined): StructVal {
  const pc = int(fn, 'the function');
  const a = arg === undefined ? 0 : isInt(arg) ? arg : (() => { throw new RuntimeFault(`the LWP's argument must be an integer, not ${typeName(arg)}`); })();
  const UC_CPU = Number(k.abi.allConstants._UC_CPU ?? 4);
  return {
    t: 'st', ty: 'ucontext_t',
    f: {
      uc_flags: UC_CPU, uc_link: 0, uc_sigmask: 0, ss_sp: 0, ss_size: 0, ss_flags: 0,
      mc_pc: pc, mc_sp: 0, mc_arg: a, mc_tlsbase: 0, mc_psl: 0,
    },
  };
}

/** Reads a sysctl by name. */
export function sysctl(k: Kernel, name: string): Value {
  const fromKexec = kexecSysctl(k, name);
  if (fromKexec !== undefined) return /^-?\d+$/.test(fromKexec) ? Number(fromKexec) : fromKexec;
  const gen = currentGeneration(k);
  switch (name) {
    case 'vm.phys_segs': return formatPhysSegs(physSegs(kx(k).map));
    case 'kern.ostype': return gen.kernel.abi === 'linux' ? 'Linux' : 'FreeBSD';
    case 'kern.version': return gen.kernel.banner;
    case 'kern.osrelease': return gen.kernel.version;
    case 'kern.securelevel': return kx(k).securelevel;
    case 'kernel.kexec_load_disabled': return kx(k).loadDisabled ? 1 : 0;
    case 'kern.generation': return gen.gen;
    case 'hw.ncpu': return k.s.cpus.length;
    case 'kern.hz': return k.s.config.hz;
    default:
      throw new RuntimeFault(`unknown sysctl "${name}"`);
  }
}

