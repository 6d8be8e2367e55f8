import { strict as assert } from 'node:assert';
import { codes, DESIGN_EXAMPLE, diagnose } from './helpers';

const P = (body: string, header = ''): string => `${header}\nprocess init {\n${body}\n}\n`;

/** The one error of a source, with its place and hint. */
function only(src: string): { code: string; line: number; col: number; message: string; hint: string } {
  const errs = diagnose(src).filter((d) => d.severity === 'error');
  assert.equal(errs.length, 1, JSON.stringify(errs, null, 1));
  return errs[0];
}

describe('scenario checker', () => {
  it('accepts a correct scenario with no diagnostics', () => {
    assert.deepEqual(diagnose(DESIGN_EXAMPLE), []);
  });

  it('unknown-syscall: names the ABI and suggests the closest name', () => {
    const d = only(P('_lwp_slef()'));
    assert.equal(d.code, 'unknown-syscall');
    assert.match(d.message, /unknown syscall '_lwp_slef' for the bsd ABI/);
    assert.match(d.hint, /_lwp_self/);
    assert.deepEqual([d.line, d.col], [3, 1]);
  });
  it('unknown-syscall: a call of the other ABI says which machine to declare', () => {
    const d = only(P('kexec_file_load(0, 0, 0, null, 0)'));
    assert.equal(d.code, 'unknown-syscall');
    assert.match(d.hint, /linux system call; declare machine \{ abi: "linux" \}/);
  });
  it('wrong-arg-count: says how many and shows the parameters', () => {
    const d = only(P('_lwp_create(0, 0)'));
    assert.equal(d.code, 'wrong-arg-count');
    assert.match(d.message, /takes 3 arguments in the bsd ABI, not 2/);
    assert.match(d.hint, /_lwp_create\(ucp, flags, new_lwp\)/);
  });
  it('wrong-arg-count: per ABI (reboot takes 4 on linux)', () => {
    assert.deepEqual(codes(P('reboot(RB_KEXEC)', 'machine { abi: "linux" }')), ['wrong-arg-count']);
  });
  it('wrong-arg-count: for fns and built-ins too', () => {
    assert.deepEqual(codes(`fn f(a) { }\n${P('f(1, 2)\nhex()\nbytes(1, 2, 3)')}`), ['wrong-arg-count', 'wrong-arg-count', 'wrong-arg-count']);
  });
  it('unknown-constant: suggests the closest constant', () => {
    const d = only(P('let x = RB_KEXCE'));
    assert.equal(d.code, 'unknown-constant');
    assert.match(d.hint, /RB_KEXEC/);
  });
  it('unknown-constant: a constant of the other ABI says which machine to declare', () => {
    const d = only(P('let x = KEXEC_FILE_UNLOAD'));
    assert.match(d.hint, /linux constant/);
  });
  it('undefined-variable: suggests a local in scope or says to declare it', () => {
    const d = only(P('let count = 1\nprint(cuont)'));
    assert.equal(d.code, 'undefined-variable');
    assert.match(d.hint, /count/);
    assert.match(only(P('print(zzz)')).hint, /let zzz = 0/);
  });
  it('undefined-variable: a let is visible only after it and inside its block', () => {
    assert.deepEqual(codes(P('print(a)\nlet a = 1\nif a { let b = 2 }\nprint(b)')), ['undefined-variable', 'undefined-variable']);
  });
  it('unknown-field: struct literal fields are the C field names of the parameter type', () => {
    const d = only(P('kexec_load(0, 1, [{ buf: 0, bufsize: 1, mem: 0, memsz: 1 }], 0)'));
    assert.equal(d.code, 'unknown-field');
    assert.match(d.message, /struct kexec_segment has no field 'bufsize'/);
    assert.match(d.hint, /bufsz/);
  });
  it('unknown-field: through a variable holding the literal', () => {
    assert.deepEqual(codes(P('let ts = { tv_sec: 1, tv_nsecs: 0 }\nnanosleep(&ts, null)')), ['unknown-field']);
  });
  it('unknown-field: reading a field a ucontext does not have', () => {
    const d = only(`fn w(a) { }\n${P('let uc = ucontext(w, 1)\nuc.uc_flag = 0')}`);
    assert.equal(d.code, 'unknown-field');
    assert.match(d.hint, /uc_flags/);
  });
  it('path-outside-workspace: file() and open() may not leave the workspace', () => {
    assert.deepEqual(codes(P('file("../../etc/passwd")\nfile("/etc/passwd")\nopen("../../x")')),
      ['path-outside-workspace', 'path-outside-workspace', 'path-outside-workspace']);
  });
  it('file paths are relative to the scenario and may go up inside the workspace', () => {
    assert.deepEqual(codes(P('file("data/blob.bin")\nfile("../README.md")')), []);
  });
  it('file-not-found: an error for file(), a warning for open()', () => {
    assert.deepEqual(codes(P('file("nope.bin")')), ['file-not-found']);
    const d = diagnose(P('open("nope.bin")'));
    assert.deepEqual(d.map((x) => [x.code, x.severity]), [['file-not-found', 'warning']]);
  });
  it('open() of kernel paths (/proc, /sys, /boot) is not a workspace file', () => {
    assert.deepEqual(codes(P('open("/proc/iomem")\nopen("/boot/next")')), []);
  });
  it('not-an-errno: fails takes an errno name', () => {
    const d = only(P('expect _lwp_self() fails RB_KEXEC'));
    assert.equal(d.code, 'not-an-errno');
    assert.match(d.message, /'RB_KEXEC' is a constant, not an errno name/);
    const e = only(P('expect _lwp_self() fails EINVLA'));
    assert.match(e.hint, /EINVAL/);
  });
  it('bad-address-of: & only passes a variable to a pointer parameter', () => {
    assert.deepEqual(codes(P('let x = &y')), ['bad-address-of', 'undefined-variable']);
    assert.deepEqual(codes(P('let l = 0\n_lwp_kill(&l, 0)')), ['bad-address-of']);
    assert.deepEqual(codes(P('_lwp_wait(0, &(1))')), ['bad-address-of']);
  });
  it('duplicate-definition: items, machine blocks and fields', () => {
    assert.deepEqual(codes('fn a() { }\nfn a() { }\nmachine { }\nmachine { }\nfn print() { }'),
      ['duplicate-definition', 'duplicate-definition', 'duplicate-definition']);
  });
  it('unknown-image: image_bytes names a kernel_image', () => {
    const d = only(`kernel_image next { size: 4K }\n${P('image_bytes(nxet)')}`);
    assert.equal(d.code, 'unknown-image');
    assert.match(d.hint, /next/);
  });
  it('unknown-program: a kernel_image init names a program', () => {
    assert.deepEqual(codes('kernel_image k { init: stage3 }\nprogram stage2 { }'), ['unknown-program']);
  });
  it('bad-machine-field: unknown machine, image and process fields, and a bad abi', () => {
    assert.deepEqual(codes('machine { abi: "windows", cpu: 2 }\nkernel_image k { bannner: "x" }\nprocess p(gid: 1) { }'),
      ['bad-machine-field', 'bad-machine-field', 'bad-machine-field', 'bad-machine-field']);
  });
  it('bad-machine-field: values the kernel cannot build a machine from', () => {
    assert.deepEqual(codes('machine { cpus: 0, memory: 12, preempt: 101 }\nkernel_image k { size: 1 }\nprocess p(uid: -1) { }'),
      ['bad-machine-field', 'bad-machine-field', 'bad-machine-field', 'bad-machine-field', 'bad-machine-field']);
    assert.deepEqual(codes('process p(uid: SIGKILL) { }'), []);
  });
  it('misplaced-statement: break and continue outside a loop', () => {
    assert.deepEqual(codes(P('break\nwhile 1 { break }\ncontinue')), ['misplaced-statement', 'misplaced-statement']);
  });
  it('bad-argument: file(), open() and deref() need literal arguments', () => {
    assert.deepEqual(codes(P('let p = "x"\nfile(p)\nderef(0, "struct nope")')), ['bad-argument', 'bad-argument']);
  });
  it('bad-argument: a string, array or struct literal where an integer C type is expected', () => {
    const d = only(P('_lwp_kill("2", 0)'));
    assert.equal(d.code, 'bad-argument');
    assert.match(d.message, /argument 1 of _lwp_kill \(target\) is lwpid_t, not a string/);
    assert.deepEqual(codes(P('_lwp_kill([1], { a: 1 })')), ['bad-argument', 'bad-argument']);
  });
  it('a program is checked under the ABI of the image that names it', () => {
    assert.deepEqual(codes(`machine { abi: "bsd" }
kernel_image k { abi: "linux", init: two }
program two { kexec_file_load(-1, -1, 0, null, KEXEC_FILE_UNLOAD) }`), []);
  });
  it('reports every error of a file at once, in source order', () => {
    const d = diagnose(P('_lwp_slef()\nlet x = NOPE_X\nprint(y)\nexpect _lwp_self() fails NOPE'));
    assert.deepEqual(d.map((x) => x.line), [3, 4, 5, 6]);
  });
  it('checks a 10,000-line scenario well under a second', () => {
    const lines: string[] = ['machine { abi: "bsd" }', 'process init {'];
    for (let i = 0; i < 10000; i++) lines.push(`    let v${i} = _lwp_self() + ${i} * 2`);
    lines.push('}');
    const t = Date.now();
    assert.deepEqual(diagnose(lines.join('\n')), []);
    assert.ok(Date.now() - t < 1000);
  });
});
