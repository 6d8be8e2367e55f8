// Compile-time evaluation of constant expressions: machine and kernel_image fields, process
// uids, and constant folding in the compiler.
import type { Expr } from './ast';
import type { AbiView } from './abi-view';
import { BinOp } from './bytecode';
import { add, band, bnot, bor, bxor, div, mod, mul, neg, shl, shr, sub, type Int } from './int64';

const BIN: Record<string, BinOp> = {
  '+': BinOp.ADD, '-': BinOp.SUB, '*': BinOp.MUL, '/': BinOp.DIV, '%': BinOp.MOD, '<<': BinOp.SHL, '>>': BinOp.SHR,
  '&': BinOp.AND, '|': BinOp.OR, '^': BinOp.XOR,
};

export function constValue(e: Expr, abi: AbiView): Int | string {
  switch (e.k) {
    case 'int': return e.value;
    case 'str': return e.value;
    case 'bool': return e.value ? 1 : 0;
    case 'null': return 0;
    case 'name': return abi.constant(e.name) ?? 0;
    case 'unary': {
      const v = constValue(e.e, abi);
      if (typeof v === 'string') return 0;
      return e.op === '-' ? neg(v) : e.op === '~' ? bnot(v) : v === 0 || v === 0n ? 1 : 0;
    }
    case 'binary': {
      const l = constValue(e.l, abi);
      const r = constValue(e.r, abi);
      if (typeof l === 'string' || typeof r === 'string') return 0;
      return foldBinary(BIN[e.op] ?? BinOp.ADD, l, r) ?? 0;
    }
    default: return 0;
  }
}

export function foldBinary(op: BinOp, l: Int, r: Int): Int | null {
  switch (op) {
    case BinOp.ADD: return add(l, r);
    case BinOp.SUB: return sub(l, r);
    case BinOp.MUL: return mul(l, r);
    case BinOp.DIV: return r === 0 || r === 0n ? null : div(l, r);
    case BinOp.MOD: return r === 0 || r === 0n ? null : mod(l, r);
    case BinOp.SHL: return shl(l, r);
    case BinOp.SHR: return shr(l, r);
    case BinOp.AND: return band(l, r);
    case BinOp.OR: return bor(l, r);
    case BinOp.XOR: return bxor(l, r);
    default: return null;
  }
}

