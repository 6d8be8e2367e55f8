// The interpreter: runs an LWP's bytecode until it traps into the kernel. A tight loop over an
// Int32Array with a switch per opcode; locals are slots of the frame, constants are indexes;
// integers stay JS numbers while they are safe (int64.ts has the slow paths). All the state it
// changes lives in `l.l_user` (user-state.ts), so it can stop at any instruction and resume on a
// restored copy.
import type { Kernel } from '../../kernel/kern/kernel';
import type { Lwp } from '../../kernel/kern/state';
import { RESTART_SYSCALL, TRAP_BREAK, TRAP_PREEMPT, TRAP_RETURN, TRAP_SYSCALL, type TrapCode } from '../../kernel/kern/userland';
import { sigreturn } from '../../kernel/kern/sig';
import { copyout, uvm_read_int } from '../../kernel/vm/uvm';
import { BinOp, EXPCMP_LEFT_CALL, EXPCMP_RIGHT_LITERAL, Op, UnOp } from '../bytecode';
import { add, band, bnot, bor, bxor, div, fromBigInt, isZero, mod, mul, neg, shl, shr, sub, toBigInt } from '../int64';
import { isInt, truthy, typeName, type StructVal, type Value } from '../values';
import { callBuiltin, TRAPPED, TRAPPED_GONE } from './builtins-impl';
import { RuntimeFault } from './fault';
import { convertArg, readBack } from './marshal';
import type { ScenarioUserland } from './userland';
import { newFrame, Post, type OutParam, type UserState } from './user-state';

const MAX_FRAMES = 2000;

// Opcodes as module constants: a const enum imported from another module is a property read
// per instruction under per-file transpilation (tsx, mocha), which would dominate the loop.
const O_CONST = Op.CONST;
const O_INT = Op.INT;
const O_LOAD = Op.LOAD;
const O_STORE = Op.STORE;
const O_POP = Op.POP;
const O_DUP = Op.DUP;
const O_JMP = Op.JMP;
const O_JF = Op.JF;
const O_JT = Op.JT;
const O_BIN = Op.BIN;
const O_UN = Op.UN;
const O_CALL = Op.CALL;
const O_RET = Op.RET;
const O_SYS = Op.SYS;
const O_BUILTIN = Op.BUILTIN;
const O_INDEX = Op.INDEX;
const O_SETINDEX = Op.SETINDEX;
const O_FIELD = Op.FIELD;
const O_SETFIELD = Op.SETFIELD;
const O_MKARR = Op.MKARR;
const O_MKSTRUCT = Op.MKSTRUCT;
const O_REF = Op.REF;
const O_STMT = Op.STMT;
const O_EXPECT = Op.EXPECT;
const O_EXPFAIL = Op.EXPFAIL;
const O_ERRNO = Op.ERRNO;
const O_SETERRNO = Op.SETERRNO;
const O_EXPCMP = Op.EXPCMP;
const B_ADD = BinOp.ADD;
const B_SUB = BinOp.SUB;
const B_MUL = BinOp.MUL;
const B_DIV = BinOp.DIV;
const B_MOD = BinOp.MOD;
const B_SHL = BinOp.SHL;
const B_SHR = BinOp.SHR;
const B_AND = BinOp.AND;
const B_OR = BinOp.OR;
const B_XOR = BinOp.XOR;
const B_EQ = BinOp.EQ;
const B_NE = BinOp.NE;
const B_LT = BinOp.LT;
const B_LE = BinOp.LE;
const B_GT = BinOp.GT;
const B_GE = BinOp.GE;
const U_NEG = UnOp.NEG;
const U_NOT = UnOp.NOT;
const U_TRUTH = UnOp.TRUTH;
const T_SYSCALL = TRAP_SYSCALL;
const T_PREEMPT = TRAP_PREEMPT;
const T_RETURN = TRAP_RETURN;
const T_BREAK = TRAP_BREAK;
const RESTART = RESTART_SYSCALL;
const POST_RET = Post.RET;
const POST_SPAWN_LID = Post.SPAWN_LID;


export function exec(rt: ScenarioUserland, k: Kernel, l: Lwp, budget: number): TrapCode {
  const u = l.l_user as unknown as UserState;
  const prog = rt.prog;
  const stack = u.stack;
  const frames = u.frames;
  let steps = budget;
  u.preempted = false;
  outer: for (;;) {
    const fr = frames[frames.length - 1];
    if (fr.sc >= 0) {
      // The system call this frame trapped with has finished (or must be re-issued).
      if (l.l_error === RESTART) {
        l.l_scnum = prog.syscalls[fr.sc].number;
        return T_SYSCALL;
      }
      finishSyscall(l, u, fr.outs);
      fr.outs = null;
      fr.sc = -1;
    }
    const fn = prog.fns[fr.fn];
    const code = fn.code;
    const consts = fn.consts;
    const locals = fr.locals;
    let pc = fr.pc;
    inner: for (;;) {
      if (--steps < 0) {
        fr.pc = pc;
        u.preempted = true;
        rt.steps += budget;
        return T_PREEMPT;
      }
      switch (code[pc]) {
        case O_CONST:
          stack.push(consts[code[pc + 1]]);
          pc += 2;
          break;
        case O_INT:
          stack.push(code[pc + 1]);
          pc += 2;
          break;
        case O_LOAD:
          stack.push(locals[code[pc + 1]]);
          pc += 2;
          break;
        case O_STORE:
          locals[code[pc + 1]] = stack.pop() as Value;
          pc += 2;
          break;
        case O_POP:
          stack.pop();
          pc += 1;
          break;
        case O_DUP:
          stack.push(stack[stack.length - 1]);
          pc += 1;
          break;
        case O_JMP:
          pc = code[pc + 1];
          break;
        case O_JF: {
          const v = stack.pop() as Value;
          pc = (v === 0 || (typeof v !== 'number' && !truthy(v))) ? code[pc + 1] : pc + 2;
          break;
        }
        case O_JT: {
          const v = stack.pop() as Value;
          pc = (v === 0 || (typeof v !== 'number' && !truthy(v))) ? pc + 2 : code[pc + 1];
          break;
        }
        case O_BIN: {
          const r = stack.pop() as Value;
          const a = stack.pop() as Value;
          const op = code[pc + 1] as BinOp;
          if (typeof a === 'number' && typeof r === 'number') {
            let x: number;
            switch (op) {
              case B_ADD: x = a + r; break;
              case B_SUB: x = a - r; break;
              case B_LT: stack.push(a < r ? 1 : 0); pc += 2; continue inner;
              case B_LE: stack.push(a <= r ? 1 : 0); pc += 2; continue inner;
              case B_GT: stack.push(a > r ? 1 : 0); pc += 2; continue inner;
              case B_GE: stack.push(a >= r ? 1 : 0); pc += 2; continue inner;
              case B_EQ: stack.push(a === r ? 1 : 0); pc += 2; continue inner;
              case B_NE: stack.push(a !== r ? 1 : 0); pc += 2; continue inner;
              default:
                fr.pc = pc;
                stack.push(binarySlow(op, a, r));
                pc += 2;
                continue inner;
            }
            stack.push(Number.isSafeInteger(x) ? x : op === B_ADD ? add(a, r) : sub(a, r));
          } else {
            fr.pc = pc;
            stack.push(binarySlow(op, a, r));
          }
          pc += 2;
          break;
        }
        case O_UN: {
          const v = stack.pop() as Value;
          stack.push(unary(code[pc + 1] as UnOp, v));
          pc += 2;
          break;
        }
        case O_CALL: {
          const callee = prog.fns[code[pc + 1]];
          const argc = code[pc + 2];
          fr.pc = pc + 3;
          if (frames.length >= MAX_FRAMES) throw new RuntimeFault(`too many nested calls (${MAX_FRAMES}): unbounded recursion in ${callee.name}?`);
          const base = stack.length - argc;
          const nf = newFrame(callee.id, callee.nslots, base);
          for (let i = 0; i < argc && i < callee.nparams; i++) nf.locals[i] = stack[base + i];
          stack.length = base;
          frames.push(nf);
          continue outer;
        }
        case O_RET: {
          const v = stack.pop() as Value;
          const done = frames.pop()!;
          stack.length = done.base;
          if (done.sig !== null) {
            // A signal handler returned: restore what sendsig saved, then the interrupted code.
            l.l_scnum = done.sig.scnum;
            l.l_args.length = 0;
            for (const a of done.sig.args) l.l_args.push(a);
            l.l_retval = done.sig.retval;
            l.l_error = done.sig.error;
            sigreturn(k, l, done.sig.oldmask);
            if (frames.length === 0) {
              rt.steps += budget - steps;
              l.l_retval = 0;
              return T_RETURN;
            }
            continue outer;
          }
          if (frames.length === 0) {
            rt.steps += budget - steps;
            l.l_retval = isInt(v) ? Number(BigInt.asIntN(32, toBigInt(v))) : 0;
            return T_RETURN;
          }
          stack.push(v);
          continue outer;
        }
        case O_SYS: {
          const idx = code[pc + 1];
          const argc = code[pc + 2];
          const desc = prog.syscalls[idx];
          fr.pc = pc;
          fr.mark = u.scrTop;
          const base = stack.length - argc;
          const args = l.l_args;
          // Setting an array's length is not free; most calls keep the same argument count.
          if (args.length !== argc) args.length = argc;
          let outs: OutParam[] | null = null;
          if (argc > 0) {
            const o: OutParam[] = [];
            const vm = l.l_proc.p_vmspace;
            for (let i = 0; i < argc; i++) args[i] = convertArg(stack[base + i], desc.argTypes[i], u, vm, locals, o);
            if (o.length > 0) outs = o;
            stack.length = base;
          }
          fr.pc = pc + 3;
          fr.sc = idx;
          fr.outs = outs;
          fr.post = POST_RET;
          l.l_scnum = desc.number;
          // A call that does not set a return value returns 0 (the kernel's rval[0] starts at 0).
          l.l_retval = 0;
          rt.steps += budget - steps;
          return T_SYSCALL;
        }
        case O_BUILTIN: {
          const id = code[pc + 1];
          const argc = code[pc + 2];
          fr.pc = pc;
          const base = stack.length - argc;
          const args = stack.slice(base);
          stack.length = base;
          const res = callBuiltin(rt, k, l, u, fr, id, args, code[pc + 3]);
          fr.pc = pc + 4;
          if (res === TRAPPED) {
            rt.steps += budget - steps;
            return T_SYSCALL;
          }
          if (res === TRAPPED_GONE) {
            rt.steps += budget - steps;
            k.stopRequest ??= 'panic';
            return T_BREAK;
          }
          stack.push(res);
          pc += 4;
          break;
        }
        case O_INDEX: {
          const i = stack.pop() as Value;
          const a = stack.pop() as Value;
          fr.pc = pc;
          stack.push(index(l, a, i));
          pc += 1;
          break;
        }
        case O_SETINDEX: {
          const v = stack.pop() as Value;
          const i = stack.pop() as Value;
          const a = stack.pop() as Value;
          fr.pc = pc;
          setIndex(l, a, i, v);
          pc += 1;
          break;
        }
        case O_FIELD: {
          const s = stack.pop() as Value;
          fr.pc = pc;
          stack.push(field(s, consts[code[pc + 1]] as string));
          pc += 2;
          break;
        }
        case O_SETFIELD: {
          const v = stack.pop() as Value;
          const s = stack.pop() as Value;
          fr.pc = pc;
          setField(s, consts[code[pc + 1]] as string, v);
          pc += 2;
          break;
        }
        case O_MKARR: {
          const n = code[pc + 1];
          const items = stack.splice(stack.length - n, n);
          stack.push({ t: 'arr', a: items });
          pc += 2;
          break;
        }
        case O_MKSTRUCT: {
          const names = (consts[code[pc + 1]] as string).split(',');
          const n = code[pc + 2];
          const vals = stack.splice(stack.length - n, n);
          const f: StructVal['f'] = {};
          for (let i = 0; i < n; i++) f[names[i]] = vals[i];
          stack.push({ t: 'st', ty: null, f });
          pc += 3;
          break;
        }
        case O_REF:
          stack.push({ t: 'ref', slot: code[pc + 1] });
          pc += 2;
          break;
        case O_STMT:
          pc += 2;
          if (rt.stmtHook !== null) {
            // The frame is consistent before the hook runs: it may throw to stop the machine.
            fr.pc = pc;
            if (rt.stmtHook(l, fr.fn, code[pc - 1])) {
              rt.steps += budget - steps;
              return T_BREAK;
            }
          }
          break;
        case O_EXPECT: {
          const v = stack.pop() as Value;
          pc += 2;
          if (v === 0 || (typeof v !== 'number' && !truthy(v))) {
            fr.pc = pc;
            const st = fn.stmts[code[pc - 1]];
            if (rt.expectFailed(k, l, fn.id, st.line, st.col, `expectation failed: ${st.text ?? ''}`)) {
              rt.steps += budget - steps;
              return T_BREAK;
            }
          }
          break;
        }
        case O_EXPFAIL: {
          const v = stack.pop() as Value;
          const want = code[pc + 2];
          pc += 3;
          if (!(v === -1 && u.errno === want)) {
            fr.pc = pc;
            const st = fn.stmts[code[pc - 2]];
            const wantName = k.abi.errnoName(want) ?? String(want);
            const got = v === -1 ? `it failed with ${k.abi.errnoName(u.errno) ?? u.errno}` : `it returned ${String(isInt(v) ? v : typeName(v))}`;
            if (rt.expectFailed(k, l, fn.id, st.line, st.col, `expected ${st.text ?? ''} (-1 with errno ${wantName}), but ${got}`)) {
              rt.steps += budget - steps;
              return T_BREAK;
            }
          }
          break;
        }
        case O_ERRNO:
          stack.push(u.errno);
          pc += 1;
          break;
        case O_SETERRNO: {
          const v = stack.pop() as Value;
          u.errno = isInt(v) ? Number(v) : 0;
          pc += 1;
          break;
        }
        case O_EXPCMP: {
          const r = stack.pop() as Value;
          const a = stack.pop() as Value;
          const flags = code[pc + 3];
          pc += 4;
          if (!truthy(binarySlow(code[pc - 2] as BinOp, a, r))) {
            fr.pc = pc;
            const st = fn.stmts[code[pc - 3]];
            const why = comparisonDetail(k, a, r, flags, u.errno);
            if (rt.expectFailed(k, l, fn.id, st.line, st.col, `expectation failed: ${st.text ?? ''}: ${why}`)) {
              rt.steps += budget - steps;
              return T_BREAK;
            }
          }
          break;
        }
        default:
          throw new RuntimeFault(`bad instruction ${code[pc]} at ${pc}`);
      }
    }
  }
}

/** Takes a finished call's result: errno on failure, out-parameters, then the value to push. */
function finishSyscall(l: Lwp, u: UserState, outs: OutParam[] | null): void {
  const fr = u.frames[u.frames.length - 1];
  if (l.l_error !== 0) u.errno = l.l_error;
  if (outs !== null) {
    const vm = l.l_proc.p_vmspace;
    for (const o of outs) readBack(vm, o, fr.locals);
  }
  u.scrTop = fr.mark;
  let ret: Value = typeof l.l_retval === 'bigint' ? fromBigInt(l.l_retval) : l.l_retval;
  if (fr.post === POST_SPAWN_LID) {
    ret = l.l_error === 0 ? uvm_read_int(l.l_proc.p_vmspace, fr.postAddr, 4, true) : -1;
    fr.post = POST_RET;
  }
  u.stack.push(ret);
}

/** What the two sides of a failed `expect l OP r` were: `it returned -1 with errno EALREADY`. */
function comparisonDetail(k: Kernel, a: Value, r: Value, flags: number, errno: number): string {
  const show = (v: Value): string => (isInt(v) ? String(v) : typeof v === 'string' ? JSON.stringify(v) : typeName(v));
  const call = (flags & EXPCMP_LEFT_CALL) !== 0;
  let left = call ? `it returned ${show(a)}` : `the left side is ${show(a)}`;
  // -1 is how a syscall fails: its errno says why (for a variable, errno as it is now).
  if ((a === -1 || a === -1n) && (call || errno !== 0)) left += `${call ? ' with errno' : '; errno is'} ${k.abi.errnoName(errno) ?? errno}`;
  return (flags & EXPCMP_RIGHT_LITERAL) !== 0 ? left : `${left}, the right side is ${show(r)}`;
}

function binarySlow(op: BinOp, a: Value, r: Value): Value {
  if (isInt(a) && isInt(r)) {
    switch (op) {
      case B_ADD: return add(a, r);
      case B_SUB: return sub(a, r);
      case B_MUL: return mul(a, r);
      case B_DIV:
        if (isZero(r)) throw new RuntimeFault('division by zero');
        return div(a, r);
      case B_MOD:
        if (isZero(r)) throw new RuntimeFault('remainder by zero');
        return mod(a, r);
      case B_SHL: return shl(a, r);
      case B_SHR: return shr(a, r);
      case B_AND: return band(a, r);
      case B_OR: return bor(a, r);
      case B_XOR: return bxor(a, r);
      case B_EQ: return a === r ? 1 : 0;
      case B_NE: return a !== r ? 1 : 0;
      case B_LT: return a < r ? 1 : 0;
      case B_LE: return a <= r ? 1 : 0;
      case B_GT: return a > r ? 1 : 0;
      case B_GE: return a >= r ? 1 : 0;
    }
  }
  if (op === B_EQ) return a === r ? 1 : 0;
  if (op === B_NE) return a !== r ? 1 : 0;
  if (op === B_ADD && (typeof a === 'string' || typeof r === 'string') && isText(a) && isText(r)) return String(a) + String(r);
  if (typeof a === 'string' && typeof r === 'string') {
    switch (op) {
      case B_LT: return a < r ? 1 : 0;
      case B_LE: return a <= r ? 1 : 0;
      case B_GT: return a > r ? 1 : 0;
      case B_GE: return a >= r ? 1 : 0;
      default: break;
    }
  }
  throw new RuntimeFault(`cannot apply ${BIN_NAMES[op]} to ${typeName(a)} and ${typeName(r)}`);
}

const BIN_NAMES = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '==', '!=', '<', '<=', '>', '>='];

function isText(v: Value): boolean {
  return typeof v === 'string' || isInt(v);
}

function unary(op: UnOp, v: Value): Value {
  if (op === U_NOT) return truthy(v) ? 0 : 1;
  if (op === U_TRUTH) return truthy(v) ? 1 : 0;
  if (!isInt(v)) throw new RuntimeFault(`cannot apply ${op === U_NEG ? '-' : '~'} to ${typeName(v)}`);
  return op === U_NEG ? neg(v) : bnot(v);
}

function indexNumber(i: Value, len: number, what: string): number {
  if (!isInt(i)) throw new RuntimeFault(`an index must be an integer, not ${typeName(i)}`);
  const n = Number(i);
  if (n < 0 || n >= len) throw new RuntimeFault(`index ${String(i)} is outside ${what} of length ${len}`);
  return n;
}

function index(l: Lwp, a: Value, i: Value): Value {
  if (typeof a === 'string') {
    const b = new TextEncoder().encode(a);
    return b[indexNumber(i, b.length, 'the string')];
  }
  if (isInt(a)) throw new RuntimeFault(`cannot index ${typeName(a)}`);
  switch (a.t) {
    case 'arr': return a.a[indexNumber(i, a.a.length, 'the array')];
    case 'buf': {
      const n = indexNumber(i, a.len, 'the buffer');
      return uvm_read_int(l.l_proc.p_vmspace, a.addr + n, 4, false) & 0xff;
    }
    default: throw new RuntimeFault(`cannot index ${typeName(a)}`);
  }
}

function setIndex(l: Lwp, a: Value, i: Value, v: Value): void {
  if (isInt(a) || typeof a === 'string') throw new RuntimeFault(`cannot assign an element of ${typeName(a)}`);
  if (a.t === 'arr') {
    a.a[indexNumber(i, a.a.length, 'the array')] = v;
    return;
  }
  if (a.t === 'buf') {
    const n = indexNumber(i, a.len, 'the buffer');
    if (!isInt(v)) throw new RuntimeFault(`a buffer holds bytes, not ${typeName(v)}`);
    copyout(l.l_proc.p_vmspace, a.addr + n, Uint8Array.of(Number(BigInt.asUintN(8, toBigInt(v)))));
    return;
  }
  throw new RuntimeFault(`cannot assign an element of ${typeName(a)}`);
}

function field(s: Value, name: string): Value {
  if (isInt(s) || typeof s === 'string' || s.t !== 'st') throw new RuntimeFault(`${typeName(s)} has no field '${name}'`);
  const v = s.f[name];
  if (v === undefined) throw new RuntimeFault(`${s.ty ?? 'this struct'} has no field '${name}' (it has ${Object.keys(s.f).join(', ')})`);
  return v;
}

function setField(s: Value, name: string, v: Value): void {
  if (isInt(s) || typeof s === 'string' || s.t !== 'st') throw new RuntimeFault(`${typeName(s)} has no field '${name}'`);
  if (s.ty !== null && s.f[name] === undefined) throw new RuntimeFault(`${s.ty} has no field '${name}'`);
  s.f[name] = v;
}

