import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ksim } from '../../cli/ksim';

interface Result { code: number; out: string; err: string }

/** Runs `ksim ARGS` in-process in `cwd`. */
export function ksimIn(cwd: string, ...args: string[]): Result {
  let out = '';
  let err = '';
  const code = ksim(args, { cwd, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), 'ksim-cli-'));
mkdirSync(path.join(dir, 'ws', 'sub'), { recursive: true });
function write(name: string, text: string): string {
  writeFileSync(path.join(dir, 'ws', name), text);
  return name;
}
const cli = (...args: string[]): Result => ksimIn(path.join(dir, 'ws'), ...args);

describe('ksim command line', () => {
  before(() => {
    write('pass.ksim', 'process init {\n  print("hello", 1 + 1)\n  expect _lwp_self() == 1\n}\n');
    write('fail.ksim', 'process init {\n  print("before")\n  expect 1 == 2\n  print("never")\n}\n');
    write('broken.ksim', 'process init {\n  _lwp_slef()\n  let = 3\n  expect _lwp_self() fails NOTANERRNO\n}\n');
    write('panic.ksim', 'process init {\n  panic("it broke")\n}\n');
    write('loop.ksim', 'process init {\n  let i = 0\n  while true {\n    i += 1\n  }\n}\n');
    write('seed.ksim', 'machine { cpus: 2 }\nfn w(a) { for i in 0..5 { print(a, i)\nsched_yield() } }\nprocess init { let x = spawn(w, 1)\nlet y = spawn(w, 2)\n_lwp_wait(x, null)\n_lwp_wait(y, null) }\n');
    write('data.txt', 'abc');
    write('sub/files.ksim', 'process init {\n  expect len(file("../data.txt")) == 3\n}\n');
    write('escape.ksim', 'process init {\n  file("../../etc/passwd")\n}\n');
  });

  it('run: exit 0 when every expect holds; print goes to standard output', () => {
    const r = cli('run', 'pass.ksim');
    assert.deepEqual([r.code, r.out, r.err], [0, 'hello 2\n', '']);
  });
  it('run: exit 1 on a failed expectation, printed as FILE:LINE:COL', () => {
    const r = cli('run', 'fail.ksim');
    assert.equal(r.code, 1);
    assert.equal(r.out, 'before\n');
    assert.match(r.err, /^fail\.ksim:3:3: expectation failed: 1 == 2/);
  });
  it('run: exit 2 on parse errors, every one as FILE:LINE:COL: error: message', () => {
    const r = cli('run', 'broken.ksim');
    assert.equal(r.code, 2);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 3);
    for (const l of lines) assert.match(l, /^broken\.ksim:\d+:\d+: error: .+ \(hint: .+\)$/);
  });
  it('run: exit 1 on a panic, with its place', () => {
    const r = cli('run', 'panic.ksim');
    assert.equal(r.code, 1);
    assert.match(r.err, /^panic\.ksim:2:3: panic: it broke/);
  });
  it('run: a runaway loop stops at the step budget with a clear message', () => {
    const r = cli('run', 'loop.ksim', '--max-steps', '200000');
    assert.equal(r.code, 1);
    assert.match(r.err, /^loop\.ksim:4:5: error: stopped after 200000 user steps: the scenario does not finish \(an endless loop\?\)/);
  });
  it('run --seed N: the same seed gives the same output', () => {
    const a = cli('run', 'seed.ksim', '--seed', '1');
    assert.equal(a.code, 0);
    assert.equal(cli('run', 'seed.ksim', '--seed', '1').out, a.out);
    assert.equal(a.out.trim().split('\n').length, 10);
  });
  it('run: usage errors exit 2', () => {
    assert.equal(cli('run').code, 2);
    assert.equal(cli('run', 'nope.ksim').code, 2);
    assert.equal(cli('run', 'pass.ksim', '--seed', 'x').code, 2);
    assert.equal(cli('frobnicate').code, 2);
    assert.equal(cli().code, 2);
  });
  it('run: a missing file, a directory and a binary file each get one message that says what is wrong', () => {
    const missing = cli('run', 'nope.ksim');
    assert.deepEqual([missing.code, missing.err.trim()], [2, 'ksim: no such file: nope.ksim']);
    const folder = cli('run', 'sub');
    assert.deepEqual([folder.code, folder.err.trim()], [2, 'ksim: sub is a directory, not a scenario: name a .ksim file']);
    writeFileSync(path.join(dir, 'ws', 'vmlinuz.ksim'), Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(4096, 0)]));
    const binary = cli('run', 'vmlinuz.ksim');
    assert.equal(binary.code, 2);
    const lines = binary.err.trim().split('\n');
    assert.equal(lines.length, 1, binary.err);
    assert.match(lines[0], /^vmlinuz\.ksim:1:5: error: this is not a text file: it has a NUL byte at line 1, column 5 \(hint: a scenario is UTF-8 text/);
  });
  it('run --seeds A..B: each failing seed with where and why, then a summary; exit 1 when any failed', () => {
    const hunt = path.resolve(__dirname, '../../examples/seed-hunt.ksim');
    const r = ksimIn(dir, 'run', hunt, '--seeds', '1..20');
    assert.equal(r.code, 1);
    const failing = r.err.trim().split('\n');
    assert.ok(failing.length > 0);
    for (const line of failing) assert.match(line, /^seed \d+: .*seed-hunt\.ksim:15:5: expectation failed: r == 0: the left side is -1; errno is EALREADY/);
    const seeds = failing.map((l) => Number(/^seed (\d+)/.exec(l)![1]));
    assert.equal(r.out, `seeds 1..20: ${20 - seeds.length} passed, ${seeds.length} failed (${seeds.join(', ')}); debug one with --seed ${seeds[0]}\n`);
    const again = ksimIn(dir, 'run', hunt, '--seed', String(seeds[0]));
    assert.equal(again.code, 1, 'the failing seed fails alone too');
    const clean = cli('run', 'pass.ksim', '--seeds', '1..5');
    assert.deepEqual([clean.code, clean.out, clean.err], [0, 'seeds 1..5: 5 passed, 0 failed\n', '']);
  });
  it('run --seeds: a bad range, or with --seed, is a usage error', () => {
    assert.deepEqual([cli('run', 'pass.ksim', '--seeds', '5..1').code, cli('run', 'pass.ksim', '--seeds', '5..1').err.trim()],
      [2, 'ksim: the range 5..1 is empty: write the smaller seed first']);
    assert.match(cli('run', 'pass.ksim', '--seeds', '1..3', '--seed', '2').err, /--seed and --seeds go separately/);
    assert.equal(cli('run', 'pass.ksim', '--seeds').code, 2);
  });
  it('check: diagnostics on standard output, exit 2; nothing and exit 0 for a good file', () => {
    const r = cli('check', 'broken.ksim');
    assert.equal(r.code, 2);
    assert.deepEqual(r.out.trim().split('\n').map((l) => l.replace(/ \(hint.*/, '')), [
      "broken.ksim:2:3: error: unknown syscall '_lwp_slef' for the bsd ABI",
      "broken.ksim:3:7: error: expected a variable name but found '='",
      "broken.ksim:4:28: error: 'NOTANERRNO' is not an errno name of the bsd ABI",
    ]);
    assert.deepEqual(cli('check', 'pass.ksim'), { code: 0, out: '', err: '' });
  });
  it('check: workspace paths are relative to the scenario and may not leave the workspace', () => {
    assert.equal(cli('check', 'sub/files.ksim').code, 0);
    assert.equal(cli('run', 'sub/files.ksim').code, 0);
    const r = cli('check', 'escape.ksim');
    assert.equal(r.code, 2);
    assert.match(r.out, /leaves the workspace/);
  });
  it('--workspace sets the root paths may not leave; a symbolic link out of it is not followed', () => {
    writeFileSync(path.join(dir, 'outside.txt'), 'secret');
    symlinkSync(path.join(dir, 'outside.txt'), path.join(dir, 'ws', 'link.txt'));
    write('link.ksim', 'process init { print(len(file("link.txt"))) }');
    const r = cli('check', 'link.ksim');
    assert.equal(r.code, 2);
    assert.match(r.out, /no workspace file "link.txt"/);
    write('sub/up.ksim', 'process init { print(len(file("../data.txt"))) }');
    assert.equal(cli('check', 'sub/up.ksim', '--workspace', 'sub').code, 2);
    assert.equal(cli('check', 'sub/up.ksim').code, 0);
  });
  it('trace --json: one JSON object per syscall return with t, gen, pid, lid, syscall, args, ret, errno', () => {
    const r = cli('trace', 'pass.ksim', '--json');
    assert.equal(r.code, 0);
    assert.equal(r.err, 'hello 2\n');
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines, [{ t: 0, gen: 0, pid: 1, lid: 1, syscall: '_lwp_self', args: [], ret: 1, errno: null }]);
  });
  it('trace: errno is the name on failure; needs --json', () => {
    write('tfail.ksim', 'process init { _lwp_kill(999, 0) }');
    const o = JSON.parse(cli('trace', 'tfail.ksim', '--json').out.trim()) as { errno: string; ret: number; args: number[] };
    assert.deepEqual([o.errno, o.ret, o.args], ['ESRCH', -1, [999, 0]]);
    assert.equal(cli('trace', 'tfail.ksim').code, 2);
  });
  it('syscalls: the table of each ABI, with numbers, prototypes, summaries and errors', () => {
    const bsd = cli('syscalls');
    assert.equal(bsd.code, 0);
    assert.match(bsd.out, / 309 {2}int _lwp_create\(const ucontext_t \*ucp, u_long flags, lwpid_t \*new_lwp\)/);
    assert.match(bsd.out, /599 {2}int kexec_load\(uint64_t entry/);
    assert.doesNotMatch(bsd.out, /kexec_file_load/);
    const linux = cli('syscalls', '--abi', 'linux');
    assert.match(linux.out, / 320 {2}int kexec_file_load\(int kernel_fd/);
    assert.match(linux.out, / 169 {2}int reboot\(int magic1, int magic2, u_int cmd, const void \*arg\)/);
    assert.equal(cli('syscalls', '--abi', 'vms').code, 2);
  });
  it('--help for the command and each subcommand', () => {
    assert.match(cli('--help').out, /usage: ksim <command>/);
    for (const c of ['run', 'check', 'trace', 'syscalls']) {
      const r = cli(c, '--help');
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`^usage: ksim ${c}`));
    }
  });
  it('trace: gen counts boot generations across a kexec reboot', () => {
    write('kexec.ksim', `kernel_image k { banner: "K2", entry: 0x200000, size: 8K, init: two }
process init { let b = image_bytes(k)
kexec_load(0x200000, 1, [{ buf: b, bufsz: len(b), mem: 0x200000, memsz: 8K }], 0)
reboot(RB_KEXEC) }
program two { _lwp_self() }`);
    const lines = cli('trace', 'kexec.ksim', '--json').out.trim().split('\n').map((l) => JSON.parse(l) as { gen: number; syscall: string });
    assert.deepEqual(lines.map((l) => [l.gen, l.syscall]), [[0, 'kexec_load'], [1, '_lwp_self']]);
  });
});
