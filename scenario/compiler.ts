// The compiler: a checked syntax tree → bytecode (bytecode.ts). Names are resolved here once:
// locals to slots, constants to their values in the unit's ABI, functions to ids and user text
// addresses, system calls to table entries. The runtime never looks a name up.
import type { Block, Expr, Field, Item, ScenarioFile, Stmt } from './ast';
import { abiView, type AbiName, type AbiView } from './abi-view';
import { builtinInfo, builtinWins, BUILTINS } from './builtins';
import { BinOp, Bi, EXPCMP_LEFT_CALL, EXPCMP_RIGHT_LITERAL, type CompiledFn, type CompiledScenario, type ImageDecl, type MachineDecl, Op, type StmtInfo, type SyscallDesc, UnOp } from './bytecode';
import type { FileSymbols } from './checker';
import { fromBigInt, toBigInt, type Int } from './int64';
import { constValue, foldBinary } from './const-eval';
import { USER_TEXT_BASE } from '../kernel/vm/uvm';
import type { Value } from './values';

/** Distance between the user text addresses of two functions. */
export const FN_TEXT_STRIDE = 0x1000;

/** The operators an `expect` can compare with and still report both sides. */
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

const BIN: Record<string, BinOp> = {
  '+': BinOp.ADD, '-': BinOp.SUB, '*': BinOp.MUL, '/': BinOp.DIV, '%': BinOp.MOD, '<<': BinOp.SHL, '>>': BinOp.SHR,
  '&': BinOp.AND, '|': BinOp.OR, '^': BinOp.XOR, '==': BinOp.EQ, '!=': BinOp.NE, '<': BinOp.LT, '<=': BinOp.LE,
  '>': BinOp.GT, '>=': BinOp.GE,
};

/** Built-ins that are made of a system call. */
const BUILTIN_SYSCALL: Partial<Record<Bi, string>> = {
  [Bi.SPAWN]: '_lwp_create', [Bi.SLEEP]: 'nanosleep', [Bi.OPEN]: 'open', [Bi.CLOSE]: 'close', [Bi.EXIT]: 'exit',
};

const BUILTIN_IDS = new Map<string, Bi>(BUILTINS.map((b, i) => [b.name, i as Bi]));

export function compileFile(file: ScenarioFile, syms: FileSymbols, source: string, fileName: string): Omit<CompiledScenario, 'id'> {
  const out: Omit<CompiledScenario, 'id'> = {
    source, fileName, machine: machineDecl(syms), fns: [], fnIds: new Map(), fnAddr: new Map(), addrFn: new Map(), units: [],
    syscalls: [], images: new Map(), files: new Map(),
  };
  for (const [path, f] of syms.files) out.files.set(path, f.bytes);
  for (const img of syms.images.values()) out.images.set(img.name, imageDecl(img, syms.abi));
  let n = 0;
  for (const name of syms.fns.keys()) {
    const addr = USER_TEXT_BASE + FN_TEXT_STRIDE * (n++ + 1);
    out.fnAddr.set(name, addr);
    out.addrFn.set(addr, name);
  }
  const abis = new Set<AbiName>(syms.unitAbi.values());
  abis.add(syms.abi);
  // Reserve ids first so that fns can call each other in any order.
  const pending: { item: Extract<Item, { k: 'fn' | 'process' | 'program' }>; abi: AbiName; id: number }[] = [];
  for (const fn of syms.fns.values()) {
    const per = new Map<AbiName, number>();
    for (const abi of abis) {
      const id = pending.length;
      per.set(abi, id);
      pending.push({ item: fn, abi, id });
    }
    out.fnIds.set(fn.name, per);
  }
  for (const u of syms.units.values()) {
    const abi = syms.unitAbi.get(u.name) ?? syms.abi;
    const id = pending.length;
    pending.push({ item: u, abi, id });
    const uidField = u.k === 'process' ? u.fields.find((f) => f.name === 'uid') : undefined;
    const uid = uidField ? Number(constValue(uidField.value, abiView(abi))) : 0;
    out.units.push({ name: u.name, kind: u.k, fn: id, uid });
  }
  const syscallIdx = new Map<string, number>();
  for (const p of pending) {
    out.fns.push(new FnCompiler(p.item, p.abi, p.id, out, syscallIdx).compile());
  }
  return out;
}

// ---- declarations -----------------------------------------------------------------------------

function machineDecl(syms: FileSymbols): MachineDecl {
  const abi = abiView(syms.abi);
  const m: MachineDecl = { abi: syms.abi, cpus: 1, memory: 512 * 1024 * 1024, seed: 1, switches: {} };
  for (const f of syms.machine?.fields ?? []) {
    if (f.name === 'abi') continue;
    if (f.name === 'memory' && f.value.k === 'array') {
      m.memory = f.value.items.map((r) => {
        const fields = r.k === 'struct' ? r.fields : [];
        const get = (n: string): number | bigint => {
          const x = fields.find((y) => y.name === n);
          const v = x ? constValue(x.value, abi) : 0;
          return typeof v === 'string' ? 0 : v;
        };
        return { start: get('start'), end: get('end') };
      });
      continue;
    }
    const v = constValue(f.value, abi);
    if (f.name === 'cpus') m.cpus = Number(v);
    else if (f.name === 'memory') m.memory = Number(v);
    else if (f.name === 'seed') m.seed = Number(v);
    else if (f.name === 'hz') m.hz = Number(v);
    else if (f.name === 'maxlwp') m.maxlwp = Number(v);
    else m.switches[f.name] = v;
  }
  return m;
}

function imageDecl(img: Extract<Item, { k: 'image' }>, fileAbi: AbiName): ImageDecl {
  const abi = abiView(fileAbi);
  const d: ImageDecl = { name: img.name, banner: img.name, entry: 0x200000n, size: 64 * 1024, init: '', abi: 'inherit', format: 'ksim', cmdline: '' };
  const get = (f: Field): Int | string => constValue(f.value, abi);
  for (const f of img.fields) {
    if (f.name === 'banner' || f.name === 'cmdline') d[f.name] = String(get(f));
    else if (f.name === 'abi') d.abi = get(f) as ImageDecl['abi'];
    else if (f.name === 'format') d.format = get(f) as ImageDecl['format'];
    else if (f.name === 'init') d.init = f.value.k === 'name' ? f.value.name : '';
    else if (f.name === 'entry') d.entry = BigInt.asUintN(64, toBigInt(get(f) as Int));
    else if (f.name === 'size') d.size = Number(get(f));
  }
  return d;
}

// ---- code -------------------------------------------------------------------------------------

interface Loop {
  breaks: number[];
  continues: number[];
}

class FnCompiler {
  private code: number[] = [];
  private consts: Value[] = [];
  private constIdx = new Map<string | bigint, number>();
  private stmts: StmtInfo[] = [];
  private stmtAt: number[] = [];
  private scopes: Map<string, number>[] = [];
  private slotNames: string[] = [];
  private slotScopes: [number, number][] = [];
  private loops: Loop[] = [];
  private calls = new Map<number, { line: number; col: number; name: string }>();
  private readonly abi: AbiView;

  constructor(
    private readonly item: Extract<Item, { k: 'fn' | 'process' | 'program' }>,
    abiName: AbiName,
    private readonly id: number,
    private readonly out: Omit<CompiledScenario, 'id'>,
    private readonly syscallIdx: Map<string, number>,
  ) {
    this.abi = abiView(abiName);
  }

  compile(): CompiledFn {
    const params = this.item.k === 'fn' ? this.item.params.map((p) => p.name) : [];
    this.scopes.push(new Map());
    for (const p of params) this.declare(p);
    this.block(this.item.body, false);
    // Falling off the end returns 0.
    this.emit(Op.INT, 0);
    this.emit(Op.RET);
    for (const [slot] of this.scopes[0]) void slot;
    this.closeScope(this.scopes.pop()!);
    const pcStmt = new Int32Array(this.code.length);
    let cur = -1;
    let si = 0;
    for (let pc = 0; pc < this.code.length; pc++) {
      while (si < this.stmtAt.length && this.stmtAt[si] <= pc) cur = si++;
      pcStmt[pc] = cur;
    }
    return {
      id: this.id, name: this.item.name, kind: this.item.k, abi: this.abi.name, nparams: params.length,
      nslots: this.slotNames.length, slotNames: this.slotNames, slotScopes: this.slotScopes,
      code: Int32Array.from(this.code), consts: this.consts, stmts: this.stmts, pcStmt, calls: this.calls,
      line: this.item.pos.line, col: this.item.pos.col, endLine: this.item.body.end.line,
    };
  }

  private emit(...xs: number[]): number {
    const at = this.code.length;
    for (const x of xs) this.code.push(x);
    return at;
  }

  /** Emits a jump with a placeholder target; returns the operand's index for patch(). */
  private jump(op: Op): number {
    this.code.push(op, -1);
    return this.code.length - 1;
  }

  private patch(at: number, target = this.code.length): void {
    this.code[at] = target;
  }

  private konst(v: Value): number {
    const key = typeof v === 'string' ? 's:' + v : typeof v === 'bigint' ? v : null;
    if (key !== null) {
      const k = this.constIdx.get(key);
      if (k !== undefined) return k;
    }
    this.consts.push(v);
    if (key !== null) this.constIdx.set(key, this.consts.length - 1);
    return this.consts.length - 1;
  }

  private pushInt(v: Int): void {
    if (typeof v === 'number' && (v | 0) === v) this.emit(Op.INT, v);
    else this.emit(Op.CONST, this.konst(typeof v === 'number' ? v : fromBigInt(v)));
  }

  private declare(name: string): number {
    const slot = this.slotNames.length;
    this.slotNames.push(name);
    this.slotScopes.push([this.code.length, -1]);
    this.scopes[this.scopes.length - 1].set(name, slot);
    return slot;
  }

  private closeScope(scope: Map<string, number>): void {
    for (const slot of scope.values()) this.slotScopes[slot][1] = this.code.length;
  }

  private lookup(name: string): number | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i].get(name);
      if (s !== undefined) return s;
    }
    return undefined;
  }

  private block(b: Block, push = true): void {
    if (push) this.scopes.push(new Map());
    for (const s of b.stmts) this.stmt(s);
    if (push) this.closeScope(this.scopes.pop()!);
  }

  private beginStmt(s: Stmt, text?: string): number {
    const i = this.stmts.length;
    const pc = this.emit(Op.STMT, i);
    this.stmts.push({ line: s.pos.line, col: s.pos.col, pc, text });
    this.stmtAt.push(pc);
    return i;
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'let': {
        this.beginStmt(s);
        this.expr(s.value);
        const slot = this.declare(s.name);
        this.emit(Op.STORE, slot);
        return;
      }
      case 'assign':
        this.beginStmt(s);
        this.assign(s.target, s.op, s.value);
        return;
      case 'expect': {
        const i = this.beginStmt(s, exprText(this.out.source, s.e));
        const e = s.e;
        if (e.k === 'binary' && COMPARISONS.has(e.op)) {
          // Both sides stay on the stack, so that a failure can name their values.
          this.expr(e.l);
          this.expr(e.r);
          const literal = e.r.k === 'int' || e.r.k === 'null' || e.r.k === 'bool' || e.r.k === 'str' || (e.r.k === 'unary' && e.r.e.k === 'int');
          const flags = (literal ? EXPCMP_RIGHT_LITERAL : 0) | (e.l.k === 'call' ? EXPCMP_LEFT_CALL : 0);
          this.emit(Op.EXPCMP, i, BIN[e.op], flags);
          return;
        }
        this.expr(e);
        this.emit(Op.EXPECT, i);
        return;
      }
      case 'expectFails': {
        const i = this.beginStmt(s, `${exprText(this.out.source, s.call)} fails ${s.errno}`);
        this.expr(s.call);
        this.emit(Op.EXPFAIL, i, this.abi.errno(s.errno) ?? 0);
        return;
      }
      case 'if': {
        this.beginStmt(s);
        this.cond(s.cond);
        const jf = this.jump(Op.JF);
        this.block(s.then);
        if (s.else) {
          const je = this.jump(Op.JMP);
          this.patch(jf);
          this.block(s.else);
          this.patch(je);
        } else {
          this.patch(jf);
        }
        return;
      }
      case 'while': {
        const top = this.code.length;
        this.beginStmt(s);
        const isTrue = (s.cond.k === 'int' && s.cond.value !== 0) || (s.cond.k === 'bool' && s.cond.value);
        let jf = -1;
        if (!isTrue) {
          this.cond(s.cond);
          jf = this.jump(Op.JF);
        }
        const loop: Loop = { breaks: [], continues: [] };
        this.loops.push(loop);
        this.block(s.body);
        this.loops.pop();
        this.emit(Op.JMP, top);
        if (jf >= 0) this.patch(jf);
        for (const b of loop.breaks) this.patch(b);
        for (const c of loop.continues) this.patch(c, top);
        return;
      }
      case 'for': {
        this.beginStmt(s);
        this.scopes.push(new Map());
        this.expr(s.from);
        const i = this.declare(s.name);
        this.emit(Op.STORE, i);
        this.expr(s.to);
        const lim = this.declare(`(${s.name} limit)`);
        this.emit(Op.STORE, lim);
        const top = this.code.length;
        this.emit(Op.LOAD, i, Op.LOAD, lim, Op.BIN, BinOp.LT);
        const jf = this.jump(Op.JF);
        const loop: Loop = { breaks: [], continues: [] };
        this.loops.push(loop);
        this.block(s.body);
        this.loops.pop();
        const cont = this.code.length;
        this.emit(Op.LOAD, i, Op.INT, 1, Op.BIN, BinOp.ADD, Op.STORE, i, Op.JMP, top);
        this.patch(jf);
        for (const b of loop.breaks) this.patch(b);
        for (const c of loop.continues) this.patch(c, cont);
        this.closeScope(this.scopes.pop()!);
        return;
      }
      case 'return':
        this.beginStmt(s);
        if (s.value) this.expr(s.value);
        else this.emit(Op.INT, 0);
        this.emit(Op.RET);
        return;
      case 'break':
      case 'continue': {
        this.beginStmt(s);
        const loop = this.loops[this.loops.length - 1];
        const at = this.jump(Op.JMP);
        if (loop) (s.k === 'break' ? loop.breaks : loop.continues).push(at);
        return;
      }
      case 'expr':
        this.beginStmt(s);
        this.expr(s.e);
        this.emit(Op.POP);
        return;
    }
  }

  private cond(e: Expr): void {
    this.expr(e);
  }

  private assign(target: Expr, op: string, value: Expr): void {
    const bin = op === '=' ? null : BIN[op.slice(0, -1)];
    if (target.k === 'name') {
      const slot = this.lookup(target.name);
      const load = (): void => {
        if (slot !== undefined) this.emit(Op.LOAD, slot);
        else this.emit(Op.ERRNO);
      };
      if (bin !== null && bin !== undefined) {
        load();
        this.expr(value);
        this.emit(Op.BIN, bin);
      } else {
        this.expr(value);
      }
      if (slot !== undefined) this.emit(Op.STORE, slot);
      else this.emit(Op.SETERRNO);
      return;
    }
    if (target.k === 'index') {
      this.expr(target.e);
      this.expr(target.index);
      if (bin !== null && bin !== undefined) {
        // a[i] op= v: evaluate a and i once.
        this.expr(target.e);
        this.expr(target.index);
        this.emit(Op.INDEX);
        this.expr(value);
        this.emit(Op.BIN, bin);
      } else {
        this.expr(value);
      }
      this.emit(Op.SETINDEX);
      return;
    }
    if (target.k === 'field') {
      const k = this.konst(target.name);
      this.expr(target.e);
      if (bin !== null && bin !== undefined) {
        this.emit(Op.DUP, Op.FIELD, k);
        this.expr(value);
        this.emit(Op.BIN, bin);
      } else {
        this.expr(value);
      }
      this.emit(Op.SETFIELD, k);
    }
  }

  private expr(e: Expr): void {
    switch (e.k) {
      case 'int':
        this.pushInt(e.value);
        return;
      case 'str':
        this.emit(Op.CONST, this.konst(e.value));
        return;
      case 'null':
        this.emit(Op.INT, 0);
        return;
      case 'bool':
        this.emit(Op.INT, e.value ? 1 : 0);
        return;
      case 'name': {
        const slot = this.lookup(e.name);
        if (slot !== undefined) {
          this.emit(Op.LOAD, slot);
        } else if (e.name === 'errno') {
          this.emit(Op.ERRNO);
        } else if (this.out.fnAddr.has(e.name)) {
          this.pushInt(this.out.fnAddr.get(e.name) as number);
        } else {
          this.pushInt(this.abi.constant(e.name) ?? 0);
        }
        return;
      }
      case 'array':
        for (const x of e.items) this.expr(x);
        this.emit(Op.MKARR, e.items.length);
        return;
      case 'struct':
        for (const f of e.fields) this.expr(f.value);
        this.emit(Op.MKSTRUCT, this.konst(e.fields.map((f) => f.name).join(',')), e.fields.length);
        return;
      case 'unary':
        this.expr(e.e);
        this.emit(Op.UN, e.op === '-' ? UnOp.NEG : e.op === '!' ? UnOp.NOT : UnOp.BNOT);
        return;
      case 'binary': {
        if (e.op === '&&' || e.op === '||') {
          this.expr(e.l);
          const j1 = this.jump(e.op === '&&' ? Op.JF : Op.JT);
          this.expr(e.r);
          this.emit(Op.UN, UnOp.TRUTH);
          const j2 = this.jump(Op.JMP);
          this.patch(j1);
          this.emit(Op.INT, e.op === '&&' ? 0 : 1);
          this.patch(j2);
          return;
        }
        const op = BIN[e.op];
        if (e.l.k === 'int' && e.r.k === 'int') {
          const folded = foldBinary(op, e.l.value, e.r.value);
          if (folded !== null) {
            this.pushInt(folded);
            return;
          }
        }
        this.expr(e.l);
        this.expr(e.r);
        this.emit(Op.BIN, op);
        return;
      }
      case 'index':
        this.expr(e.e);
        this.expr(e.index);
        this.emit(Op.INDEX);
        return;
      case 'field':
        this.expr(e.e);
        this.emit(Op.FIELD, this.konst(e.name));
        return;
      case 'addr':
        if (e.e.k === 'name') {
          const slot = this.lookup(e.e.name);
          if (slot !== undefined) {
            this.emit(Op.REF, slot);
            return;
          }
        }
        this.expr(e.e);
        return;
      case 'call':
        this.call(e);
        return;
      case 'error':
        this.emit(Op.INT, 0);
        return;
    }
  }

  private call(e: Extract<Expr, { k: 'call' }>): void {
    const argc = e.args.length;
    const site = { line: e.pos.line, col: e.pos.col, name: e.callee };
    const fn = this.out.fnIds.get(e.callee)?.get(this.abi.name);
    if (fn !== undefined) {
      for (const a of e.args) this.expr(a);
      this.calls.set(this.emit(Op.CALL, fn, argc), site);
      return;
    }
    const bi = builtinInfo(e.callee);
    const sc = this.abi.syscall(e.callee);
    if (bi && (builtinWins(e.callee, argc) || !sc)) {
      const id = BUILTIN_IDS.get(e.callee) as Bi;
      if (id === Bi.IMAGE_BYTES) {
        const a = e.args[0];
        this.emit(Op.CONST, this.konst(a && a.k === 'name' ? a.name : ''));
      } else {
        for (const a of e.args) this.expr(a);
      }
      const via = BUILTIN_SYSCALL[id];
      this.calls.set(this.emit(Op.BUILTIN, id, argc, via ? this.syscallIndex(via) : -1), site);
      return;
    }
    const idx = this.syscallIndex(e.callee);
    for (const a of e.args) this.expr(a);
    this.calls.set(this.emit(Op.SYS, idx, argc), site);
  }

  /** The index of a system call of this ABI in the scenario's table (-1 when the ABI lacks it). */
  private syscallIndex(name: string): number {
    const sc = this.abi.syscall(name);
    if (!sc) return -1;
    const key = `${this.abi.name}:${name}`;
    let idx = this.syscallIdx.get(key);
    if (idx === undefined) {
      const desc: SyscallDesc = {
        name, number: sc.number, abi: this.abi.name, argTypes: sc.args.map((a) => a.type),
        argNames: sc.args.map((a) => a.name), noReturn: sc.info.noReturn === true,
      };
      idx = this.out.syscalls.length;
      this.out.syscalls.push(desc);
      this.syscallIdx.set(key, idx);
    }
    return idx;
  }
}

function exprText(source: string, e: Expr): string {
  // The statement's text from the expression's start to the end of its line, trimmed of comments.
  const start = e.pos.offset;
  let end = source.indexOf('\n', start);
  if (end < 0) end = source.length;
  const line = source.slice(start, end);
  const cut = line.search(/\s*\/\/|\s+fails\s/);
  return (cut >= 0 ? line.slice(0, cut) : line).trim();
}
