// The checker: validates a parsed scenario against the language rules and the ABI tables, and
// reports every problem with a hint saying what to write instead. It also collects what the
// compiler and runtime need from the file as a whole: the ABI of every process and program, the
// machine and image declarations, and the workspace files the scenario reads.
import type { Block, Expr, Field, Item, ScenarioFile, Stmt } from './ast';
import { abiView, anySyscall, structLayout, type AbiName, type AbiView } from './abi-view';
import { builtinInfo, builtinWins, BUILTINS } from './builtins';
import { DiagnosticList, Pos } from './diagnostics';
import { closest } from './suggest';
import { constValue } from './const-eval';
import { isKernelPath, resolveWorkspacePath, type FileAccessor } from './workspace-files';

export type FnItem = Extract<Item, { k: 'fn' }>;
export type ImageItem = Extract<Item, { k: 'image' }>;
export type CodeUnit = Extract<Item, { k: 'process' | 'program' }>;

/** What the checker learned about a file, for the compiler. */
export interface FileSymbols {
  machine: Extract<Item, { k: 'machine' }> | null;
  /** The ABI the machine boots with. */
  abi: AbiName;
  fns: Map<string, FnItem>;
  images: Map<string, ImageItem>;
  units: Map<string, CodeUnit>;
  /** The ABI each process and program runs under (a program: the ABI of the image naming it). */
  unitAbi: Map<string, AbiName>;
  /** Workspace files read by file()/open(), by the path as written, with their bytes. */
  files: Map<string, { workspacePath: string; bytes: Uint8Array }>;
}

/** The shape of a value as far as the checker can tell, for struct field checks. */
type Shape =
  | { k: 'struct'; fields: readonly string[]; type: string | null }
  | { k: 'array'; elem: Shape | null }
  | null;

interface Var {
  name: string;
  shape: Shape;
}

const MACHINE_FIELDS: Record<string, string> = {
  abi: '"bsd" or "linux"', cpus: 'a CPU count', memory: 'a size such as 512M, or [{ start, end }, ...]',
  seed: 'an integer', crashkernel: 'a Linux crashkernel= string such as "256M"',
  securelevel: 'an integer (bsd)', kexec_load_disabled: '0 or 1 (linux)',
  hz: 'clock ticks per second', maxlwp: 'the per-user LWP limit', kexec_copy_ns_per_page: 'virtual ns to copy a page',
  cmdline: 'the kernel command line string (linux)', la57: '0 or 1: 5-level paging', efi32: '0 or 1: 32-bit EFI',
  lockdown: '0 or 1: kernel lockdown', quantum: 'user steps per time slice', preempt: 'preemption probability in percent',
};
const IMAGE_FIELDS: Record<string, string> = {
  banner: 'a string', entry: 'the entry address', size: 'the image size', init: 'the program it starts',
  abi: '"bsd", "linux" or "inherit"', format: '"ksim" (default) or "bzimage"', cmdline: 'the bzImage command line',
};
/** Ranges of integer machine fields (inclusive). */
const MACHINE_RANGES: Record<string, [number, number]> = {
  cpus: [1, 256], memory: [1024 * 1024, 2 ** 50], hz: [1, 100000], maxlwp: [1, 1000000], quantum: [1, 1000000],
  preempt: [0, 100], securelevel: [-1, 3], kexec_load_disabled: [0, 1], la57: [0, 1], efi32: [0, 1], lockdown: [0, 1],
};
const PROCESS_FIELDS: Record<string, string> = { uid: 'the user id (default 0)' };
const C_INT_TYPES = ['int', 'u_int', 'long', 'u_long', 'size_t', 'ssize_t', 'uint64_t', 'int64_t', 'uint32_t', 'int32_t',
  'lwpid_t', 'pid_t', 'uint8_t', 'char', 'void *'];

export function checkFile(file: ScenarioFile, diags: DiagnosticList, files: FileAccessor): FileSymbols {
  return new Checker(diags, files).run(file);
}

class Checker {
  private syms!: FileSymbols;
  private abi!: AbiView;
  private scopes: Map<string, Var>[] = [];
  private loopDepth = 0;

  constructor(private readonly diags: DiagnosticList, private readonly fa: FileAccessor) {}

  run(file: ScenarioFile): FileSymbols {
    const syms: FileSymbols = {
      machine: null, abi: 'bsd', fns: new Map(), images: new Map(), units: new Map(), unitAbi: new Map(), files: new Map(),
    };
    this.syms = syms;
    const taken = new Map<string, Pos>();
    const define = (name: string, pos: Pos, what: string): boolean => {
      const prev = taken.get(name);
      if (prev) {
        this.diags.error('duplicate-definition', pos, name.length, `${what} '${name}' is already defined at line ${prev.line}`,
          'give it another name');
        return false;
      }
      if (builtinInfo(name) && what === 'fn') {
        this.diags.error('duplicate-definition', pos, name.length, `'${name}' is a built-in function`, 'give your fn another name');
        return false;
      }
      taken.set(name, pos);
      return true;
    };
    for (const item of file.items) {
      switch (item.k) {
        case 'machine':
          if (syms.machine) {
            this.diags.error('duplicate-definition', item.pos, 7, `a second machine block (the first is at line ${syms.machine.pos.line})`,
              'declare the machine once; merge the fields');
          } else {
            syms.machine = item;
          }
          break;
        case 'image':
          if (define(item.name, item.namePos, 'kernel_image')) syms.images.set(item.name, item);
          break;
        case 'fn':
          if (define(item.name, item.namePos, 'fn')) syms.fns.set(item.name, item);
          break;
        default:
          if (define(item.name, item.namePos, item.k)) syms.units.set(item.name, item);
      }
    }
    syms.abi = this.machineAbi();
    this.abi = abiView(syms.abi);
    this.checkMachine();
    for (const img of syms.images.values()) this.checkImage(img);
    for (const u of syms.units.values()) {
      if (u.k === 'process') syms.unitAbi.set(u.name, syms.abi);
    }
    for (const img of syms.images.values()) {
      const init = img.fields.find((f) => f.name === 'init');
      const abiField = img.fields.find((f) => f.name === 'abi');
      if (init?.value.k === 'name') {
        const abi = abiField?.value.k === 'str' && (abiField.value.value === 'bsd' || abiField.value.value === 'linux')
          ? abiField.value.value : syms.abi;
        if (!syms.unitAbi.has(init.value.name)) syms.unitAbi.set(init.value.name, abi);
      }
    }
    for (const u of syms.units.values()) {
      if (!syms.unitAbi.has(u.name)) syms.unitAbi.set(u.name, syms.abi);
      if (u.k === 'process') {
        for (const f of u.fields) {
          if (!(f.name in PROCESS_FIELDS)) {
            this.diags.error('bad-machine-field', f.pos, f.name.length, `a process has no field '${f.name}'`, 'write process NAME(uid: 1000)');
          } else {
            this.constInt(f.value, 'uid');
            this.inRange(f, 0, 2 ** 31 - 1);
          }
        }
      }
      this.abi = abiView(syms.unitAbi.get(u.name) ?? syms.abi);
      this.body([], u.body);
    }
    // A fn is checked under every ABI a unit of the file uses (normally one).
    const abis = new Set(syms.unitAbi.values());
    if (abis.size === 0) abis.add(syms.abi);
    for (const fn of syms.fns.values()) {
      const seen = new Set<string>();
      for (const a of abis) {
        this.abi = abiView(a);
        const before = this.diags.items.length;
        this.body(fn.params.map((p) => p.name), fn.body);
        // The same mistake under two ABIs is reported once.
        const added = this.diags.items.splice(before);
        for (const d of added) {
          const key = `${d.line}:${d.col}:${d.message}`;
          if (!seen.has(key)) {
            seen.add(key);
            this.diags.items.push(d);
          }
        }
      }
    }
    return syms;
  }

  // ---- declarations -------------------------------------------------------------------------

  private machineAbi(): AbiName {
    const f = this.syms.machine?.fields.find((x) => x.name === 'abi');
    if (!f) return 'bsd';
    if (f.value.k === 'str' && (f.value.value === 'bsd' || f.value.value === 'linux')) return f.value.value;
    this.diags.error('bad-machine-field', f.value.pos, 1, 'the machine abi must be "bsd" or "linux"', 'write abi: "bsd" or abi: "linux"');
    return 'bsd';
  }

  private checkMachine(): void {
    const m = this.syms.machine;
    if (!m) return;
    this.abi = abiView(this.syms.abi);
    const seen = new Set<string>();
    for (const f of m.fields) {
      if (seen.has(f.name)) {
        this.diags.error('duplicate-definition', f.pos, f.name.length, `machine field '${f.name}' is given twice`, 'keep one');
      }
      seen.add(f.name);
      const want = MACHINE_FIELDS[f.name];
      if (!want) {
        const near = closest(f.name, Object.keys(MACHINE_FIELDS));
        this.diags.error('bad-machine-field', f.pos, f.name.length, `the machine has no field '${f.name}'`,
          near ? `did you mean '${near}'?` : `machine fields are ${Object.keys(MACHINE_FIELDS).join(', ')}`);
        continue;
      }
      if (f.name === 'abi') continue;
      if (f.name === 'crashkernel' || f.name === 'cmdline') {
        if (f.value.k !== 'str') this.badField(f, want);
      } else if (f.name === 'memory' && f.value.k === 'array') {
        for (const r of f.value.items) {
          if (r.k !== 'struct' || !r.fields.every((x) => x.name === 'start' || x.name === 'end')) {
            this.diags.error('bad-machine-field', r.pos, 1, 'a memory range is { start: ADDRESS, end: ADDRESS }', 'write { start: 0x1000, end: 0x9f000 } (end excluded)');
          } else {
            for (const x of r.fields) this.constInt(x.value, x.name);
          }
        }
      } else {
        this.constInt(f.value, f.name);
        const range = MACHINE_RANGES[f.name];
        if (range) this.inRange(f, range[0], range[1]);
      }
    }
  }

  /** A constant field must lie in [min, max] (a machine the kernel can build). */
  private inRange(f: Field, min: number, max: number): void {
    const v = constValue(f.value, this.abi);
    if (typeof v === 'string' || v < min || v > max) {
      this.diags.error('bad-machine-field', f.value.pos, 1, `'${f.name}' must be between ${min} and ${max}`,
        `write ${f.name}: ${Math.max(min, Math.min(max, typeof v === 'string' ? min : Number(v)))}`);
    }
  }

  private checkImage(img: ImageItem): void {
    this.abi = abiView(this.syms.abi);
    for (const f of img.fields) {
      const want = IMAGE_FIELDS[f.name];
      if (!want) {
        const near = closest(f.name, Object.keys(IMAGE_FIELDS));
        this.diags.error('bad-machine-field', f.pos, f.name.length, `a kernel_image has no field '${f.name}'`,
          near ? `did you mean '${near}'?` : `kernel_image fields are ${Object.keys(IMAGE_FIELDS).join(', ')}`);
      } else if (f.name === 'init') {
        if (f.value.k !== 'name') {
          this.badField(f, 'the name of a program block, e.g. init: stage2');
        } else if (this.syms.units.get(f.value.name)?.k !== 'program') {
          const near = closest(f.value.name, [...this.syms.units.values()].filter((u) => u.k === 'program').map((u) => u.name));
          this.diags.error('unknown-program', f.value.pos, f.value.name.length, `no program called '${f.value.name}'`,
            near ? `did you mean '${near}'?` : `declare program ${f.value.name} { ... }`);
        }
      } else if (f.name === 'banner' || f.name === 'abi' || f.name === 'format' || f.name === 'cmdline') {
        if (f.value.k !== 'str') this.badField(f, want);
        else if (f.name === 'abi' && !['bsd', 'linux', 'inherit'].includes(f.value.value)) this.badField(f, want);
        else if (f.name === 'format' && !['ksim', 'bzimage'].includes(f.value.value)) this.badField(f, want);
      } else {
        this.constInt(f.value, f.name);
        if (f.name === 'size') this.inRange(f, 0x1000, 1 << 30);
      }
    }
  }

  private badField(f: Field, want: string): void {
    this.diags.error('bad-machine-field', f.value.pos, 1, `'${f.name}' must be ${want}`, `write ${f.name}: ${want}`);
  }

  /** A compile-time integer: literals, constants and operators on them. */
  private constInt(e: Expr, what: string): void {
    const ok = (x: Expr): boolean => {
      switch (x.k) {
        case 'int': case 'bool': case 'null': return true;
        case 'name':
          if (this.abi.constant(x.name) !== undefined) return true;
          this.unknownName(x.name, x.pos, false);
          return true;
        case 'unary': return ok(x.e);
        case 'binary': return ok(x.l) && ok(x.r);
        case 'error': return true;
        default: return false;
      }
    };
    if (!ok(e)) this.diags.error('bad-argument', e.pos, 1, `'${what}' must be an integer known before the machine starts`, 'write a number such as 2, 512M or 0x200000');
  }

  // ---- code ---------------------------------------------------------------------------------

  private body(params: string[], block: Block): void {
    this.scopes = [new Map(params.map((p) => [p, { name: p, shape: null }]))];
    this.loopDepth = 0;
    this.block(block, false);
  }

  private block(b: Block, push = true): void {
    if (push) this.scopes.push(new Map());
    for (const s of b.stmts) this.stmt(s);
    if (push) this.scopes.pop();
  }

  private lookup(name: string): Var | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) return v;
    }
    return undefined;
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'let': {
        const shape = this.expr(s.value);
        this.scopes[this.scopes.length - 1].set(s.name, { name: s.name, shape });
        break;
      }
      case 'assign': {
        this.expr(s.value);
        if (s.target.k === 'name') {
          if (s.target.name !== 'errno' && !this.lookup(s.target.name)) this.unknownName(s.target.name, s.target.pos, true);
        } else {
          this.expr(s.target);
        }
        break;
      }
      case 'expect':
        this.expr(s.e);
        break;
      case 'expectFails':
        this.expr(s.call);
        if (!this.abi.isErrno(s.errno)) {
          const near = closest(s.errno, this.abi.errnoNames());
          const what = this.abi.constant(s.errno) !== undefined ? `'${s.errno}' is a constant, not an errno name` : `'${s.errno}' is not an errno name of the ${this.abi.name} ABI`;
          this.diags.error('not-an-errno', s.errnoPos, s.errno.length, what,
            near ? `did you mean '${near}'?` : 'write an errno name such as EINVAL, ESRCH or EFAULT');
        }
        break;
      case 'if':
        this.expr(s.cond);
        this.block(s.then);
        if (s.else) this.block(s.else);
        break;
      case 'while':
        this.expr(s.cond);
        this.loopDepth++;
        this.block(s.body);
        this.loopDepth--;
        break;
      case 'for':
        this.expr(s.from);
        this.expr(s.to);
        this.scopes.push(new Map([[s.name, { name: s.name, shape: null }]]));
        this.loopDepth++;
        this.block(s.body);
        this.loopDepth--;
        this.scopes.pop();
        break;
      case 'return':
        if (s.value) this.expr(s.value);
        break;
      case 'break':
      case 'continue':
        if (this.loopDepth === 0) {
          this.diags.error('misplaced-statement', s.pos, s.k.length, `'${s.k}' outside a loop`, `use ${s.k} only inside while or for`);
        }
        break;
      case 'expr':
        this.expr(s.e);
        break;
    }
  }

  private expr(e: Expr): Shape {
    switch (e.k) {
      case 'int': case 'str': case 'null': case 'bool': case 'error':
        return null;
      case 'name':
        return this.name(e.name, e.pos);
      case 'array': {
        let elem: Shape = null;
        for (const x of e.items) {
          const s = this.expr(x);
          if (s) elem = s;
        }
        return { k: 'array', elem };
      }
      case 'struct': {
        const seen = new Set<string>();
        for (const f of e.fields) {
          if (seen.has(f.name)) this.diags.error('duplicate-definition', f.pos, f.name.length, `field '${f.name}' is given twice`, 'keep one');
          seen.add(f.name);
          this.expr(f.value);
        }
        return { k: 'struct', fields: e.fields.map((f) => f.name), type: null };
      }
      case 'unary':
        this.expr(e.e);
        return null;
      case 'binary':
        this.expr(e.l);
        this.expr(e.r);
        return null;
      case 'index': {
        const s = this.expr(e.e);
        this.expr(e.index);
        return s && s.k === 'array' ? s.elem : null;
      }
      case 'field': {
        const s = this.expr(e.e);
        if (s && s.k === 'struct' && !s.fields.includes(e.name)) {
          const near = closest(e.name, s.fields);
          this.diags.error('unknown-field', e.namePos, e.name.length,
            `${s.type ?? 'this struct'} has no field '${e.name}'`,
            near ? `did you mean '${near}'?` : `its fields are ${s.fields.join(', ')}`);
        }
        return null;
      }
      case 'addr':
        this.diags.error('bad-address-of', e.pos, 1, "'&' can only pass a variable to a system call",
          'write &name as an argument of a syscall, e.g. _lwp_create(&uc, 0, &lid)');
        this.expr(e.e);
        return null;
      case 'call':
        return this.call(e);
    }
  }

  private name(name: string, pos: Pos): Shape {
    const v = this.lookup(name);
    if (v) return v.shape;
    if (name === 'errno' || this.syms.fns.has(name)) return null;
    if (this.abi.constant(name) !== undefined) return null;
    if (this.syms.images.has(name)) {
      this.diags.error('bad-argument', pos, name.length, `'${name}' is a kernel_image, not a value`, `write image_bytes(${name}) for its bytes`);
      return null;
    }
    this.unknownName(name, pos, true);
    return null;
  }

  private unknownName(name: string, pos: Pos, maybeVar: boolean): void {
    const looksConstant = /^[A-Z_][A-Z0-9_]*$/.test(name) && /[A-Z]/.test(name);
    if (looksConstant || !maybeVar) {
      const other: AbiName = this.abi.name === 'bsd' ? 'linux' : 'bsd';
      const inOther = abiView(other).constant(name) !== undefined;
      const near = closest(name, this.abi.constantNames());
      this.diags.error('unknown-constant', pos, name.length, `unknown constant '${name}' in the ${this.abi.name} ABI`,
        inOther ? `${name} is a ${other} constant; declare machine { abi: "${other}" } to use it`
          : near ? `did you mean '${near}'?` : 'use a constant of the ABI by its C name (see ksim syscalls), or a number');
      return;
    }
    const locals: string[] = [];
    for (const s of this.scopes) for (const k of s.keys()) locals.push(k);
    const near = closest(name, [...locals, ...this.syms.fns.keys(), 'errno']);
    this.diags.error('undefined-variable', pos, name.length, `'${name}' is not defined`,
      near ? `did you mean '${near}'?` : `declare it first: let ${name} = 0`);
  }

  private call(e: Extract<Expr, { k: 'call' }>): Shape {
    const argc = e.args.length;
    const fn = this.syms.fns.get(e.callee);
    if (fn) {
      this.args(e, null);
      if (fn.params.length !== argc) {
        this.arity(e, `${e.callee} takes ${plural(fn.params.length, 'argument')}`, `call ${e.callee}(${fn.params.map((p) => p.name).join(', ')})`);
      }
      return null;
    }
    const bi = builtinInfo(e.callee);
    const sc = this.abi.syscall(e.callee);
    if (bi && (builtinWins(e.callee, argc) || !sc)) return this.builtin(e, bi.min, bi.max, bi.signature);
    if (sc) {
      this.args(e, sc.args.map((a) => a.type));
      if (sc.args.length !== argc) {
        this.arity(e, `${e.callee} takes ${plural(sc.args.length, 'argument')} in the ${this.abi.name} ABI`,
          `call ${e.callee}(${sc.args.map((a) => a.name).join(', ')})`);
      }
      for (let i = 0; i < Math.min(argc, sc.args.length); i++) {
        const t = sc.args[i].type;
        if (typeof t !== 'string') this.structArg(e.args[i], t.pointee);
        else this.scalarArg(e, i, t, sc.args[i].name);
      }
      return null;
    }
    this.args(e, null);
    const other: AbiName = this.abi.name === 'bsd' ? 'linux' : 'bsd';
    const elsewhere = anySyscall(e.callee)?.numbers[other] !== undefined;
    const near = closest(e.callee, [...this.syms.fns.keys(), ...BUILTINS.map((b) => b.name), ...this.abi.syscallNames()]);
    this.diags.error('unknown-syscall', e.pos, e.callee.length, `unknown syscall '${e.callee}' for the ${this.abi.name} ABI`,
      elsewhere ? `${e.callee} is a ${other} system call; declare machine { abi: "${other}" } to use it`
        : near ? `did you mean '${near}'?` : `call a fn of this file, a built-in, or a ${this.abi.name} syscall (ksim syscalls --abi ${this.abi.name})`);
    return null;
  }

  private arity(e: Extract<Expr, { k: 'call' }>, message: string, hint: string): void {
    this.diags.error('wrong-arg-count', e.pos, e.callee.length, `${message}, not ${e.args.length}`, hint);
  }

  /** Checks the arguments; `&x` is allowed where the parameter is a pointer (or for user fns: never). */
  private args(e: Extract<Expr, { k: 'call' }>, types: (string | { kind: 'ptr' })[] | null): void {
    e.args.forEach((a, i) => {
      if (a.k === 'addr') {
        const t = types?.[i];
        if (!t || typeof t === 'string') {
          this.diags.error('bad-address-of', a.pos, 1,
            types ? `argument ${i + 1} of ${e.callee} is not a pointer; '&' does not apply` : `'&' can only pass a variable to a system call`,
            types ? 'pass the value itself' : 'pass the value itself; fns receive copies');
        }
        if (a.e.k === 'name') {
          if (!this.lookup(a.e.name) && a.e.name !== 'errno') this.unknownName(a.e.name, a.e.pos, true);
        } else {
          this.diags.error('bad-address-of', a.e.pos, 1, "'&' needs a variable name", 'declare it with let x = ... and pass &x');
          this.expr(a.e);
        }
      } else {
        this.expr(a);
      }
    });
  }

  /** A literal that cannot become an integer C type (a string, array or struct) where one is expected. */
  private scalarArg(e: Extract<Expr, { k: 'call' }>, i: number, ctype: string, pname: string): void {
    const a = e.args[i];
    const what = a.k === 'str' ? 'a string' : a.k === 'array' ? 'an array' : a.k === 'struct' ? 'a struct' : null;
    if (what === null) return;
    this.diags.error('bad-argument', a.pos, 1, `argument ${i + 1} of ${e.callee} (${pname}) is ${ctype}, not ${what}`,
      `pass an integer${a.k === 'str' ? '; strings go where a char * is expected' : ''}`);
  }

  /** Struct literals passed where a struct pointer is expected must use the C field names. */
  private structArg(arg: Expr, pointee: string): void {
    const layout = structLayout(pointee);
    if (!layout) return;
    const names = layout.fields.map((f) => f.name);
    const check = (x: Expr): void => {
      if (x.k === 'struct') {
        for (const f of x.fields) {
          if (!names.includes(f.name)) {
            const near = closest(f.name, names);
            this.diags.error('unknown-field', f.pos, f.name.length, `${layout.name} has no field '${f.name}'`,
              near ? `did you mean '${near}'?` : `its fields are ${names.join(', ')}`);
          }
        }
      } else if (x.k === 'array') {
        x.items.forEach(check);
      } else if (x.k === 'name' || (x.k === 'addr' && x.e.k === 'name')) {
        const v = this.lookup(x.k === 'name' ? x.name : (x.e as { name: string }).name);
        const s = v?.shape;
        const lit = s?.k === 'array' ? s.elem : s;
        if (lit?.k === 'struct' && lit.type === null) {
          for (const f of lit.fields) {
            if (!names.includes(f)) {
              const near = closest(f, names);
              this.diags.error('unknown-field', x.pos, 1, `${layout.name} has no field '${f}' (in the value of ${v?.name})`,
                near ? `did you mean '${near}'?` : `its fields are ${names.join(', ')}`);
            }
          }
        }
      }
    };
    check(arg);
  }

  private builtin(e: Extract<Expr, { k: 'call' }>, min: number, max: number, sig: string): Shape {
    const argc = e.args.length;
    if (argc < min || argc > max) {
      const n = min === max ? plural(min, 'argument') : max === Infinity ? `at least ${min}` : `${min} to ${max} arguments`;
      this.arity(e, `${e.callee} takes ${n}`, `call ${sig}`);
    }
    switch (e.callee) {
      case 'image_bytes': {
        const a = e.args[0];
        if (a && a.k === 'name' && !this.syms.images.has(a.name)) {
          const near = closest(a.name, this.syms.images.keys());
          this.diags.error('unknown-image', a.pos, a.name.length, `no kernel_image called '${a.name}'`,
            near ? `did you mean '${near}'?` : `declare kernel_image ${a.name} { banner: "...", entry: ..., size: ..., init: PROGRAM }`);
        } else if (a && a.k !== 'name') {
          this.diags.error('unknown-image', a.pos, 1, 'image_bytes takes the name of a kernel_image', 'write image_bytes(NAME)');
        }
        return null;
      }
      case 'file':
      case 'open': {
        const a = e.args[0];
        if (!a) return null;
        if (a.k !== 'str') {
          this.diags.error('bad-argument', a.pos, 1, `${e.callee} takes a path written as a string literal`, `write ${e.callee}("relative/path")`);
          this.expr(a);
          return null;
        }
        if (e.callee === 'open' && isKernelPath(a.value)) return null;
        this.workspaceFile(a.value, a.pos, a.value.length + 2, e.callee === 'open');
        return null;
      }
      case 'ucontext':
        this.args(e, null);
        return { k: 'struct', fields: structLayout('ucontext_t')?.fields.map((f) => f.name) ?? [], type: 'ucontext_t' };
      case 'deref': {
        this.args(e, null);
        const t = e.args[1];
        if (t && t.k === 'str') {
          const layout = structLayout(t.value);
          if (layout) return { k: 'struct', fields: layout.fields.map((f) => f.name), type: layout.name };
          if (!C_INT_TYPES.includes(t.value)) {
            this.diags.error('bad-argument', t.pos, t.value.length + 2, `deref cannot read the type "${t.value}"`,
              'write a struct such as "struct lwpctl" or an integer type such as "int", "long", "uint64_t"');
          }
        } else if (t) {
          this.diags.error('bad-argument', t.pos, 1, 'deref takes the type as a string literal', 'write deref(address, "struct lwpctl")');
        }
        return null;
      }
      default:
        this.args(e, null);
        return null;
    }
  }

  /** A missing file is an error for file() and a warning for open() (which fails with ENOENT). */
  private workspaceFile(path: string, pos: Pos, length: number, missingIsWarning = false): void {
    const resolved = resolveWorkspacePath(this.fa.scenarioPath, path);
    if (resolved === null) {
      this.diags.error('path-outside-workspace', pos, length, `the path "${path}" leaves the workspace`,
        'use a path relative to the scenario that stays inside the workspace folder');
      return;
    }
    const bytes = this.fa.read(resolved);
    if (!bytes) {
      const report = missingIsWarning ? this.diags.warning.bind(this.diags) : this.diags.error.bind(this.diags);
      report('file-not-found', pos, length, `no workspace file "${resolved}"${missingIsWarning ? ' (open will fail with ENOENT)' : ''}`,
        'check the spelling; paths are relative to the scenario file');
      return;
    }
    this.syms.files.set(path, { workspacePath: resolved, bytes });
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
