// Side-effect-free evaluation of scenario expressions for hovers, watches, conditions and the
// debug console. The expression is parsed by the scenario parser (wrapped in a function body)
// and evaluated here over a read-only view: locals, the current syscall's arguments, the
// ABI's constants, and a few pure built-ins (len, hex). Calls that would run code (syscalls,
// user functions, print, spawn, ...) are refused.

import { parse } from '../../scenario/parser';
import { DiagnosticList } from '../../scenario/diagnostics';
import type { Expr } from '../../scenario/ast';
import { truthy, type DebugValue, type EvalResult, type NamedValue } from '../engine/sim-host';

export interface EvalScope {
  lookup(name: string): DebugValue | undefined;
}

class EvalError extends Error {}

export function parseExpression(text: string): Expr | string {
  const diags = new DiagnosticList();
  const file = parse(`fn __ksim_eval() {\n${text}\n}`, diags);
  if (diags.errorCount > 0) return diags.items[0]?.message ?? 'syntax error';
  const item = file.items[0];
  if (!item || item.k !== 'fn' || item.body.stmts.length !== 1) return 'expected one expression';
  const st = item.body.stmts[0];
  if (st.k !== 'expr') return 'expected an expression, not a statement';
  return st.e;
}

function int(v: DebugValue): bigint {
  switch (v.type) {
    case 'int': return v.value;
    case 'bool': return v.value ? 1n : 0n;
    case 'null': return 0n;
    default: throw new EvalError(`${v.type === 'string' ? 'a string' : 'a ' + v.type} is not an integer`);
  }
}

function bool(b: boolean): DebugValue {
  return { type: 'int', value: b ? 1n : 0n };
}

function eq(a: DebugValue, b: DebugValue): boolean {
  if (a.type === 'string' && b.type === 'string') return a.value === b.value;
  return int(a) === int(b);
}

function binary(op: string, a: DebugValue, b: DebugValue): DebugValue {
  switch (op) {
    case '==': return bool(eq(a, b));
    case '!=': return bool(!eq(a, b));
  }
  const x = int(a);
  const y = int(b);
  switch (op) {
    case '+': return { type: 'int', value: BigInt.asIntN(64, x + y) };
    case '-': return { type: 'int', value: BigInt.asIntN(64, x - y) };
    case '*': return { type: 'int', value: BigInt.asIntN(64, x * y) };
    case '/': if (y === 0n) throw new EvalError('division by zero'); return { type: 'int', value: x / y };
    case '%': if (y === 0n) throw new EvalError('division by zero'); return { type: 'int', value: x % y };
    case '&': return { type: 'int', value: x & y };
    case '|': return { type: 'int', value: x | y };
    case '^': return { type: 'int', value: x ^ y };
    case '<<': return { type: 'int', value: BigInt.asIntN(64, x << y) };
    case '>>': return { type: 'int', value: x >> y };
    case '<': return bool(x < y);
    case '<=': return bool(x <= y);
    case '>': return bool(x > y);
    case '>=': return bool(x >= y);
    default: throw new EvalError(`operator ${op} is not supported here`);
  }
}

function member(v: DebugValue, name: string): DebugValue {
  if (v.type === 'record') {
    const f = v.fields().find((n: NamedValue) => n.name === name);
    if (f) return f.value;
  }
  throw new EvalError(`no field '${name}'`);
}

function index(v: DebugValue, i: bigint): DebugValue {
  const n = Number(i);
  if (v.type === 'list') {
    if (n < 0 || n >= v.length) throw new EvalError(`index ${n} out of range (length ${v.length})`);
    return v.item(n).value;
  }
  if (v.type === 'bytes') {
    if (n < 0 || n >= v.length) throw new EvalError(`index ${n} out of range (length ${v.length})`);
    return { type: 'int', value: BigInt(v.read(n, 1)[0] ?? 0) };
  }
  if (v.type === 'string') return { type: 'int', value: BigInt(v.value.charCodeAt(n) || 0) };
  throw new EvalError('only arrays, buffers and strings can be indexed');
}

function evalExpr(e: Expr, scope: EvalScope): DebugValue {
  switch (e.k) {
    case 'int': return { type: 'int', value: BigInt(e.value) };
    case 'str': return { type: 'string', value: e.value };
    case 'null': return { type: 'null' };
    case 'bool': return { type: 'int', value: e.value ? 1n : 0n };
    case 'name': {
      const v = scope.lookup(e.name);
      if (v === undefined) throw new EvalError(`'${e.name}' is not defined here`);
      return v;
    }
    case 'unary': {
      const v = evalExpr(e.e, scope);
      if (e.op === '!') return bool(!truthy(v));
      return { type: 'int', value: e.op === '-' ? BigInt.asIntN(64, -int(v)) : ~int(v) };
    }
    case 'binary':
      if (e.op === '||') return bool(truthy(evalExpr(e.l, scope)) || truthy(evalExpr(e.r, scope)));
      if (e.op === '&&') return bool(truthy(evalExpr(e.l, scope)) && truthy(evalExpr(e.r, scope)));
      return binary(e.op, evalExpr(e.l, scope), evalExpr(e.r, scope));
    case 'field': return member(evalExpr(e.e, scope), e.name);
    case 'index': return index(evalExpr(e.e, scope), int(evalExpr(e.index, scope)));
    case 'array': {
      const items = e.items.map((x) => evalExpr(x, scope));
      return { type: 'list', length: items.length, summary: `[${items.length}]`, item: (i) => ({ name: `[${i}]`, value: items[i] }) };
    }
    case 'struct': {
      const fields = e.fields.map((f) => ({ name: f.name, value: evalExpr(f.value, scope) }));
      return { type: 'record', summary: `{ ${fields.map((f) => f.name).join(', ')} }`, fields: () => fields };
    }
    case 'call': {
      if (e.callee === 'len' && e.args.length === 1) {
        const v = evalExpr(e.args[0], scope);
        const n = v.type === 'string' ? v.value.length : v.type === 'bytes' || v.type === 'list' ? v.length : undefined;
        if (n === undefined) throw new EvalError('len() takes a string, an array or a buffer');
        return { type: 'int', value: BigInt(n) };
      }
      if (e.callee === 'hex' && e.args.length === 1) {
        const x = int(evalExpr(e.args[0], scope));
        return { type: 'string', value: x < 0n ? `-0x${(-x).toString(16)}` : `0x${x.toString(16)}` };
      }
      throw new EvalError(`calling ${e.callee}() would change the machine; the debugger evaluates without side effects (use the "KSim: Run Syscall" command to run a syscall)`);
    }
    case 'addr': throw new EvalError('& is only meaningful as a syscall argument');
    case 'error': throw new EvalError('syntax error');
  }
}

/** Evaluates a parsed expression (Set Value's array and buffer indexes). */
export function evaluateExpr(e: Expr, scope: EvalScope): EvalResult {
  try {
    return { ok: true, value: evalExpr(e, scope) };
  } catch (err) {
    if (err instanceof EvalError) return { ok: false, message: err.message };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export function evaluateText(text: string, scope: EvalScope): EvalResult {
  const e = parseExpression(text);
  if (typeof e === 'string') return { ok: false, message: e };
  try {
    return { ok: true, value: evalExpr(e, scope) };
  } catch (err) {
    if (err instanceof EvalError) return { ok: false, message: err.message };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
