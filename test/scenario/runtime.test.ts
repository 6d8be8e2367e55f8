import { strict as assert } from 'node:assert';
import { compileSource } from '../../scenario/compile';
import { createRun, bootRun } from '../../scenario/run';
import { run as runMachine, snapshotMachine, restoreMachine } from '../../kernel/machine';
import { DESIGN_EXAMPLE, FILES, run, runBody } from './helpers';

function ok(body: string, header?: string): string[] {
  const r = runBody(body, header);
  assert.deepEqual(r.failures.map((f) => `${f.line}:${f.col} ${f.message}`), []);
  assert.equal(r.exitCode, 0);
  return r.out;
}

describe('scenario runtime', () => {
  it('print writes one line per call, values separated by spaces', () => {
    assert.deepEqual(ok('print("a", 1, hex(255))\nprint()'), ['a 1 0xff', '']);
  });
  it('expect holds for non-zero values and fails with its place and text', () => {
    const r = runBody('expect 1\nexpect 0 == 1');
    assert.equal(r.exitCode, 1);
    assert.equal(r.failures[0].kind, 'expect');
    assert.deepEqual([r.failures[0].line, r.failures[0].col], [4, 1]);
    assert.match(r.failures[0].message, /expectation failed: 0 == 1/);
  });
  it('a failed comparison says what the sides were; a syscall that returned -1, with its errno', () => {
    assert.match(runBody('let a = 2\nlet b = 3\nexpect a == b').failures[0].message, /^expectation failed: a == b: the left side is 2, the right side is 3$/);
    assert.match(runBody('let a = 2\nexpect a < 1').failures[0].message, /^expectation failed: a < 1: the left side is 2$/);
    assert.match(runBody('expect _lwp_wait(999, null) == 0').failures[0].message,
      /^expectation failed: _lwp_wait\(999, null\) == 0: it returned -1 with errno ESRCH$/);
    assert.match(runBody('let r = _lwp_wait(999, null)\nexpect r == 0').failures[0].message, /^expectation failed: r == 0: the left side is -1; errno is ESRCH$/);
    assert.match(runBody('expect _lwp_self() != 1').failures[0].message, /^expectation failed: _lwp_self\(\) != 1: it returned 1$/);
    assert.match(runBody('expect "a" == "b"').failures[0].message, /: the left side is "a"$/);
    ok('let a = 2\nexpect a == 2\nexpect a != 3\nexpect a >= 2 \nexpect _lwp_self() == 1');
  });
  it('expect ... fails ERRNO holds for -1 with that errno and explains a mismatch', () => {
    ok('expect _lwp_wait(_lwp_self(), null) fails EDEADLK');
    const r = runBody('expect _lwp_self() fails EINVAL');
    assert.match(r.failures[0].message, /but it returned 1/);
    const w = runBody('expect _lwp_wait(999, null) fails EINVAL');
    assert.match(w.failures[0].message, /but it failed with ESRCH/);
  });
  it('errno compares equal to its name and can be reset', () => {
    ok('expect _lwp_kill(999, 0) == -1\nexpect errno == ESRCH\nerrno = 0\nexpect errno == 0');
  });
  it('64-bit arithmetic is exact at run time', () => {
    ok('let a = 0x7fffffffffffffff\nexpect a + 1 == -a - 1\nlet big = 1 << 62\nexpect big * 2 / 2 != big\nexpect hex(big + big - 1) == "0x7fffffffffffffff"');
  });
  it('if / while / for / break / continue / return', () => {
    assert.deepEqual(ok('let s = 0\nfor i in 0..10 {\nif i == 3 { continue }\nif i == 6 { break }\ns += i\n}\nprint(s)\nlet n = 0\nwhile n < 5 { n += 2 }\nprint(n)'), ['12', '6']);
  });
  it('fns take arguments by value, return values, and recurse', () => {
    assert.deepEqual(run('fn f(n) { if n < 2 { return 1 } return n * f(n - 1) }\nprocess p { print(f(20)) }').out, ['2432902008176640000']);
  });
  it('&& and || short-circuit', () => {
    ok('let n = 0\nif 0 && _lwp_kill(999, 0) { }\nexpect errno == 0\nif 1 || _lwp_kill(999, 0) { }\nexpect errno == 0');
  });
  it('strings: length in bytes, concatenation, comparison, indexing', () => {
    ok('expect len("abc") == 3\nexpect "a" + "b" + 1 == "ab1"\nexpect "abc" < "abd"\nexpect "abc"[1] == \'b\'');
  });
  it('arrays and struct literals are values with elements and fields', () => {
    ok('let a = [1, [2, 3]]\nexpect a[1][0] == 2\na[0] = 5\nexpect a[0] == 5\nlet s = { x: 1, y: { z: 2 } }\ns.y.z += 1\nexpect s.y.z == 3\nexpect len(a) == 2');
  });
  it('bytes(n, fill) lives in user memory; the kernel writes into it in place', () => {
    ok('let b = bytes(8, 0x41)\nexpect b[7] == 0x41 && len(b) == 8\n_lwp_setname(0, "abc")\nexpect _lwp_getname(0, b, 8) == 0\nexpect str(b) == "abc" && b[3] == 0');
  });
  it('&x passes a pointer and reads back what the kernel wrote (int and struct)', () => {
    ok('let ts = { tv_sec: 0, tv_nsec: 0 }\nsleep(1500000000)\nexpect clock_gettime(CLOCK_MONOTONIC, &ts) == 0\nexpect ts.tv_sec == 1\nlet p = 0\nexpect _lwp_ctl(LWPCTL_FEATURE_CURCPU, &p) == 0\nexpect p != 0');
  });
  it('an integer passes where a pointer is expected; null faults with EFAULT in the kernel', () => {
    ok('expect _lwp_setname(0, null) fails EFAULT\nexpect _lwp_setname(0, 12) fails EFAULT');
  });
  it('-1 as an unsigned long argument is 2^64-1', () => {
    ok('expect kexec_load(0, -1, null, 0) fails EINVAL');
  });
  it('ucontext() has _UC_CPU set, and its uc_flags can be changed', () => {
    run(`fn w(a) { print("w", a) }
process p {
  let uc = ucontext(w, 42)
  expect uc.uc_flags & _UC_CPU
  let lid = 0
  uc.uc_flags = 0
  expect _lwp_create(&uc, 0, &lid) fails EINVAL
  uc.uc_flags = _UC_CPU
  expect _lwp_create(&uc, 0, &lid) == 0
  expect _lwp_wait(lid, null) == 0
}`);
  });
  it('spawn(fn, arg) starts an LWP running fn(arg) and returns its LID', () => {
    assert.deepEqual(run('fn w(a) { print("arg", a, "lid", _lwp_self()) }\nprocess p { let l = spawn(w, 9)\n_lwp_wait(l, null)\nprint(l) }').out, ['arg 9 lid 2', '2']);
  });
  it('a signal handler fn runs on the target LWP and the interrupted call resumes after it', () => {
    const r = run(`fn h(sig) { print("h", sig == SIGUSR1) }
fn t(a) { expect ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null) fails EINTR
print("t back") }
process p { sigaction(SIGUSR1, { sa_handler: h }, null)
let l = spawn(t, 0)
sleep(1000000)
_lwp_kill(l, SIGUSR1)
_lwp_wait(l, null) }`);
    assert.deepEqual(r.out, ['h 1', 't back']);
  });
  it('several processes run with their uid', () => {
    const r = run('process a(uid: 1000) { expect reboot(RB_HALT) fails EPERM\nprint("a") }\nprocess b { print("b") }');
    assert.deepEqual(r.out.sort(), ['a', 'b']);
  });
  it('file() reads workspace bytes into a private buffer', () => {
    ok('let f = file("data/blob.bin")\nexpect len(f) == 4 && f[3] == 4\nf[0] = 9\nexpect file("data/blob.bin")[0] == 1');
  });
  it('image_bytes() is the synthesized image, which kexec_load stages', () => {
    const r = run(`kernel_image k { banner: "K2", entry: 0x200000, size: 8K, init: two }
process p { let b = image_bytes(k)
expect len(b) == 8K && b[0] == 'K'
expect kexec_load(0x200000, 1, [{ buf: b, bufsz: len(b), mem: 0x200000, memsz: 8K }], 0) == 0
reboot(RB_KEXEC) }
program two { print(uname()) }`);
    assert.deepEqual(r.out, ['K2']);
  });
  it('deref reads a struct or integer from user memory', () => {
    ok('let p = 0\n_lwp_ctl(LWPCTL_FEATURE_CURCPU, &p)\nexpect deref(p, "struct lwpctl").lc_curcpu == 0\nexpect deref(p, "int") == 0');
  });
  it('a run-time error stops the run with its place', () => {
    const r = runBody('let a = [1]\nprint(a[5])');
    assert.equal(r.exitCode, 1);
    assert.equal(r.failures[0].kind, 'error');
    assert.match(r.failures[0].message, /index 5 is outside the array of length 1/);
    assert.equal(r.failures[0].line, 4);
    assert.match(runBody('print(1 / (1 - 1))').failures[0].message, /division by zero/);
  });
  it('panic() without a crash kernel ends the run with status 1', () => {
    const r = runBody('panic("boom")');
    assert.equal(r.status, 'panic');
    assert.equal(r.exitCode, 1);
    assert.match(r.message ?? '', /boom/);
  });
  it('a runaway loop is stopped by the step budget', () => {
    const r = run('process p { let i = 0\nwhile true { i += 1 } }', { maxSteps: 100000 });
    assert.equal(r.status, 'budget');
    assert.equal(r.exitCode, 1);
    assert.equal(r.runaway?.line, 2);
  });
  it('the runtime returns to the kernel after its budget, so others run meanwhile', () => {
    const r = run('process spin { while true { } }\nprocess other { print("other ran") }', { maxSteps: 1000000 });
    assert.equal(r.status, 'budget');
    assert.deepEqual(r.out, ['other ran']);
  });
  it('the same seed gives the same output; user state is plain data a snapshot restores', () => {
    const src = 'fn w(a) { for i in 0..3 { print(a, i)\nsched_yield() } }\nprocess p { let x = spawn(w, 1)\nlet y = spawn(w, 2)\n_lwp_wait(x, null)\n_lwp_wait(y, null) }';
    assert.deepEqual(run(src, { seed: 5 }).out, run(src, { seed: 5 }).out);
    const c = compileSource(`machine { cpus: 2 }\n${src}`, FILES);
    const out: string[] = [];
    const r = createRun(c.program!, { onPrint: (l) => out.push(l), seed: 3 });
    bootRun(r);
    runMachine(r.k, 4);
    const snap = snapshotMachine(r.k);
    const at = out.length;
    runMachine(r.k, 1000);
    const first = out.slice(at);
    restoreMachine(r.k, snap);
    out.length = at;
    runMachine(r.k, 1000);
    assert.deepEqual(out.slice(at), first);
    assert.ok(first.length > 0);
  });
  it('the statement hook sees every statement and can stop the machine there', () => {
    const c = compileSource('process p {\n  let a = 1\n  a += 1\n  print(a)\n}', FILES);
    const r = createRun(c.program!, { onPrint: () => undefined });
    const lines: number[] = [];
    r.userland.stmtHook = (_l, fn, s) => {
      lines.push(c.program!.fns[fn].stmts[s].line);
      return lines.length === 2;
    };
    bootRun(r);
    assert.equal(runMachine(r.k, 100).status, 'break');
    assert.deepEqual(lines, [2, 3]);
    r.userland.stmtHook = null;
    runMachine(r.k, 100);
  });
  it('the example of design §3 runs: an LWP parks and is unparked, kexec_load checks, RB_KEXEC boots stage2', () => {
    const r = run(DESIGN_EXAMPLE);
    assert.equal(r.exitCode, 0, JSON.stringify(r.failures));
    assert.deepEqual(r.out, ['booted KSim 2.0']);
  });
  it('with stopOnFailure false a failed expect is recorded and the run goes on', () => {
    const c = compileSource('process p {\n  expect 0\n  print("after")\n}', FILES);
    const out: string[] = [];
    const r = createRun(c.program!, { onPrint: (l) => out.push(l), stopOnFailure: false });
    bootRun(r);
    runMachine(r.k, 100);
    assert.deepEqual(out, ['after']);
    assert.equal(r.userland.failures.length, 1);
  });
});
