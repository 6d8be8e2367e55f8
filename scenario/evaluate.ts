// Side-effect-free evaluation of an expression in a frame of a stopped LWP (debugger watches,
// hovers, conditions, the debug console). Names resolve as in the frame's code: locals in
// scope, errno, fns, the ABI's constants. Only pure built-ins may be called (reading memory is
// allowed, changing anything is not): a system call, a fn call or print would change the machine.
import type { Kernel } from '../kernel/kern/kernel';
import type { Lwp } from '../kernel/kern/state';
import { uvm_access, uvm_peek } from '../kernel/vm/uvm';
import { currentGeneration } from '../kernel/kexec/state';
import type { Expr } from './ast';
import { abiView, structLayout } from './abi-view';
import type { CompiledScenario } from './bytecode';
import { DiagnosticList } from './diagnostics';
import { frameLocals, userStateOf } from './frame-view';
import { add, band, bnot, bor, bxor, div, hex, isZero, mod, mul, neg, shl, shr, sub, type Int } from './int64';
import { parseExpression } from './parser';
import { readScalar, readStruct } from './runtime/marshal';
import { cString, formatValue } from './runtime/format';
import { isInt, lengthOf, truthy, typeName, type Value } from './values';

export type EvalResult = { ok: true; value: Value; display: string } | { ok: false; message: string };

class EvalError extends Error {}

const PURE = new Set(['len', 'hex', 'str', 'errname', 'uname', 'now', 'deref', 'find']);

/** Evaluates `text` in frame `index` (0 = innermost) of LWP `l`, or with no frame when l is null. */
export function evaluateInFrame(p: CompiledScenario, k: Kernel, l: Lwp | null, index: number, text: string): EvalResult {
  const diags = new DiagnosticList();
  const e = parseExpression(text, diags);
  if (diags.errorCount > 0) return { ok: false, message: diags.sorted()[0].message };
  const locals = new Map<string, Value>();
  if (l) for (const v of frameLocals(p, l, index)) locals.set(v.name, v.value);
  const u = l ? userStateOf(l) : null;
  const fnAbi = u && u.frames.length > 0 ? p.fns[u.frames[u.frames.length - 1 - index]?.fn ?? u.frames[0].fn].abi : k.abi.name;
  const abi = abiView(fnAbi);
  const ev = (x: Expr): Value => {
    switch (x.k) {
      case 'int': return x.value;
      case 'str': return x.value;
      case 'null': return 0;
      case 'bool': return x.value ? 1 : 0;
      case 'name': {
        const v = locals.get(x.name);
        if (v !== undefined) return v;
        const addr = p.fnAddr.get(x.name);
        if (addr !== undefined) return addr;
        const c = abi.constant(x.name);
        if (c !== undefined) return c;
        throw new EvalError(`'${x.name}' is not defined here`);
      }
      case 'array': return { t: 'arr', a: x.items.map(ev) };
      case 'struct': {
        const f: Record<string, Value> = {};
        for (const fl of x.fields) f[fl.name] = ev(fl.value);
        return { t: 'st', ty: null, f };
      }
      case 'unary': {
        const v = ev(x.e);
        if (x.op === '!') return truthy(v) ? 0 : 1;
        return x.op === '-' ? neg(int(v)) : bnot(int(v));
      }
      case 'binary': {
        if (x.op === '&&') return truthy(ev(x.l)) && truthy(ev(x.r)) ? 1 : 0;
        if (x.op === '||') return truthy(ev(x.l)) || truthy(ev(x.r)) ? 1 : 0;
        const a = ev(x.l);
        const b = ev(x.r);
        if (x.op === '==') return a === b ? 1 : 0;
        if (x.op === '!=') return a !== b ? 1 : 0;
        if (x.op === '+' && (typeof a === 'string' || typeof b === 'string')) return formatValue(a) + formatValue(b);
        const [m, n] = [int(a), int(b)];
        switch (x.op) {
          case '+': return add(m, n);
          case '-': return sub(m, n);
          case '*': return mul(m, n);
          case '/': if (isZero(n)) throw new EvalError('division by zero'); return div(m, n);
          case '%': if (isZero(n)) throw new EvalError('remainder by zero'); return mod(m, n);
          case '<<': return shl(m, n);
          case '>>': return shr(m, n);
          case '&': return band(m, n);
          case '|': return bor(m, n);
          case '^': return bxor(m, n);
          case '<': return m < n ? 1 : 0;
          case '<=': return m <= n ? 1 : 0;
          case '>': return m > n ? 1 : 0;
          default: return m >= n ? 1 : 0;
        }
      }
      case 'index': {
        const a = ev(x.e);
        const i = Number(int(ev(x.index)));
        if (typeof a === 'string') return new TextEncoder().encode(a)[i] ?? fail(`index ${i} is outside the string`);
        if (!isInt(a) && a.t === 'arr') return a.a[i] ?? fail(`index ${i} is outside the array`);
        if (!isInt(a) && a.t === 'buf' && l) {
          if (i < 0 || i >= a.len) fail(`index ${i} is outside the buffer`);
          return uvm_peek(l.l_proc.p_vmspace, a.addr + i, 1)[0];
        }
        return fail(`cannot index ${typeName(a)}`);
      }
      case 'field': {
        const s = ev(x.e);
        if (isInt(s) || typeof s === 'string' || s.t !== 'st') return fail(`${typeName(s)} has no fields`);
        return s.f[x.name] ?? fail(`no field '${x.name}'`);
      }
      case 'addr': return fail("'&' has no meaning outside a system call");
      case 'call': return call(x.callee, x.args.map(ev));
      default: return fail('cannot evaluate this');
    }
  };
  const call = (name: string, args: Value[]): Value => {
    if (!PURE.has(name)) {
      throw new EvalError(`${name}() cannot be called here: evaluation never changes the machine (pure built-ins: ${[...PURE].join(', ')})`);
    }
    const a0 = args[0];
    switch (name) {
      case 'len':
        return lengthOf(a0) ?? fail('len() takes a string, buffer or array');
      case 'hex': return hex(int(a0 ?? 0));
      case 'errname': return k.abi.errnoName(Number(int(a0 ?? 0))) ?? String(a0);
      case 'uname': return currentGeneration(k).kernel.banner;
      case 'now': return k.s.time;
      case 'str': case 'find': {
        const text = (v: Value | undefined): string => {
          if (typeof v === 'string') return v;
          if (v !== undefined && isInt(v)) return String(v);
          if (v !== undefined && !isInt(v) && v.t === 'buf' && l) return cString(uvm_peek(l.l_proc.p_vmspace, v.addr, v.len));
          return v === undefined ? '' : formatValue(v);
        };
        return name === 'str' ? text(a0) : text(a0).indexOf(text(args[1]));
      }
      default: {
        // deref(addr, "type"): reading user memory changes nothing.
        if (!l) return fail('deref needs an LWP');
        const addr = Number(int(a0 ?? 0));
        const type = String(args[1]);
        const layout = structLayout(type);
        const vm = l.l_proc.p_vmspace;
        if (!uvm_access(vm, addr, layout ? layout.size : 8, false)) return fail(`${hex(addr)} is not readable`);
        return layout ? readStruct(vm, addr, layout) : readScalar(vm, addr, type);
      }
    }
  };
  try {
    const value = ev(e);
    return { ok: true, value, display: formatValue(value) };
  } catch (err) {
    if (err instanceof EvalError) return { ok: false, message: err.message };
    throw err;
  }
}

function int(v: Value): Int {
  if (isInt(v)) return v;
  throw new EvalError(`${typeName(v)} is not an integer`);
}

function fail(message: string): never {
  throw new EvalError(message);
}
