import * as assert from 'node:assert/strict';
import { DiagnosticList } from '../../scenario/diagnostics';
import { parse } from '../../scenario/parser';
import { afterFails, completionsFor, errnoCompletions, fieldCompletions, inStructLiteral } from '../../extension/model/completions';
import { callAt, signatureFor } from '../../extension/model/signature';
import { documentAbi } from '../../extension/model/documentAbi';
import { constantHover, hoverFor, syscallHover } from '../../extension/model/hoverText';
import { findDefinition, outline, wordAt } from '../../extension/model/outline';

const SRC = `machine { abi: "bsd", cpus: 2, memory: 512M, seed: 7 }

kernel_image next { banner: "KSim 2.0", entry: 0x200000, size: 64K, init: stage2 }

fn worker(arg) {
    let r = ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null)
    _lwp_exit()
}

process init {
    let lid = spawn(worker, 42)
    let segs = [{ buf: image_bytes(next), bufsz: 64K, mem: 0x200000, memsz: 64K }]
    expect kexec_load(0x200000, 1, segs, 0) == 0
    reboot(RB_KEXEC)
}

program stage2 {
    print("booted", uname())
}
`;

describe('language features (model)', () => {
  const file = parse(SRC, new DiagnosticList());

  it('outlines machine, image, fn, process and program', () => {
    const o = outline(file, SRC.split('\n').length);
    assert.deepEqual(o.map((s) => `${s.kind}:${s.name}`), ['machine:machine', 'image:next', 'fn:worker', 'process:init', 'program:stage2']);
    const fn = o.find((s) => s.name === 'worker')!;
    assert.equal(fn.start.line, 5);
    assert.equal(fn.end.line, 8);
    assert.deepEqual(fn.nameStart, { line: 5, col: 4 });
    assert.equal(fn.detail, 'fn(arg)');
  });

  it('goes to the definition of functions, programs and kernel images', () => {
    assert.equal(findDefinition(file, 'worker')?.nameStart.line, 5);
    assert.equal(findDefinition(file, 'stage2')?.nameStart.line, 17);
    assert.equal(findDefinition(file, 'next')?.nameStart.line, 3);
    assert.equal(findDefinition(file, 'machine'), undefined);
    assert.equal(findDefinition(file, 'kexec_load'), undefined);
  });

  it('finds the word under the cursor', () => {
    assert.deepEqual(wordAt('    reboot(RB_KEXEC)', 13), { word: 'RB_KEXEC', start: 11 });
    assert.deepEqual(wordAt('    reboot(RB_KEXEC)', 4), { word: 'reboot', start: 4 });
    assert.equal(wordAt('    ', 2), undefined);
  });

  it('hovers a syscall with its synopsis, summary and errors', () => {
    const h = syscallHover('_lwp_kill', 'bsd')!;
    assert.match(h, /```c\nint _lwp_kill\(lwpid_t target, int signo\)\n```/);
    assert.match(h, /\*\*Errors\*\*/);
    assert.match(h, /- `ESRCH`: /);
    assert.match(h, /bsd: 318 · linux: 9318/);
    assert.match(syscallHover('kexec_file_load', 'bsd')!, /Not available on the bsd ABI/);
    assert.match(syscallHover('reboot', 'linux')!, /int reboot\(int magic1, int magic2, u_int cmd, const void \*arg\)/, 'the linux synopsis in a linux file');
    assert.match(syscallHover('reboot', 'bsd')!, /int reboot\(int howto\)/);
  });

  it('hovers a constant with its value in each ABI', () => {
    const h = constantHover('RB_KEXEC', 'bsd')!;
    assert.match(h, /bsd \(this file\): 16777216 \(0x1000000\)/);
    assert.match(h, /linux: 1163412803 \(0x45584543\)/);
    assert.match(constantHover('EINVAL', 'linux')!, /— errno/);
    assert.match(constantHover('KEXEC_FILE_UNLOAD', 'bsd')!, /bsd \(this file\): not defined/);
    assert.equal(constantHover('NOT_A_THING', 'bsd'), undefined);
  });

  it('hovers built-ins and struct fields', () => {
    assert.match(hoverFor('image_bytes', 'bsd')!, /image_bytes\(name\)/);
    assert.match(hoverFor('memsz', 'bsd')!, /`size_t memsz` in `struct kexec_segment`/);
    assert.match(hoverFor('tv_nsec', 'bsd')!, /struct timespec/);
    assert.equal(hoverFor('worker', 'bsd'), undefined);
  });

  it('completes syscalls with argument snippets, constants of the file\'s ABI, built-ins and the file\'s names', () => {
    const items = completionsFor('bsd', { fns: ['worker'], programs: ['stage2'], images: ['next'] });
    const by = (l: string) => items.find((i) => i.label === l);
    assert.equal(by('_lwp_kill')?.snippet, '_lwp_kill(${1:target}, ${2:signo})');
    assert.equal(by('_lwp_kill')?.kind, 'syscall');
    assert.match(by('RB_KEXEC')!.detail, /0x1000000/);
    assert.equal(by('LINUX_REBOOT_CMD_KEXEC'), undefined, 'linux names are not offered in a bsd file');
    assert.equal(by('spawn')?.kind, 'builtin');
    assert.equal(by('worker')?.kind, 'function');
    assert.equal(by('next')?.kind, 'image');
    assert.equal(by('expect')?.kind, 'keyword');
    assert.ok(completionsFor('linux', { fns: [], programs: [], images: [] }).some((i) => i.label === 'kexec_file_load'));
  });

  it('completes struct fields inside a struct literal only', () => {
    assert.equal(inStructLiteral('let segs = [{ buf: image_bytes(next), '), true);
    assert.equal(inStructLiteral('let ts = { '), true);
    assert.equal(inStructLiteral('process init {\n  let x = '), false);
    assert.equal(inStructLiteral('fn worker(arg) {\n'), false);
    assert.equal(inStructLiteral('foo(1, '), false);
    const fields = fieldCompletions().map((f) => f.label);
    for (const f of ['buf', 'bufsz', 'mem', 'memsz', 'tv_sec', 'tv_nsec', 'uc_flags']) assert.ok(fields.includes(f), f);
  });

  it('reads the file\'s ABI from its machine block', () => {
    assert.equal(documentAbi(SRC), 'bsd');
    assert.equal(documentAbi('machine {\n  cpus: 1,\n  abi: "linux"\n}'), 'linux');
    assert.equal(documentAbi('process init { }'), 'bsd');
  });
});

describe('parameter hints and errno completion (model)', () => {
  it('finds the call and argument the cursor is in', () => {
    assert.deepEqual(callAt('    expect kexec_load(0x200000, 1, '), { name: 'kexec_load', argIndex: 2 });
    assert.deepEqual(callAt('let r = ___lwp_park60('), { name: '___lwp_park60', argIndex: 0 });
    assert.deepEqual(callAt('kexec_load(0, 1, [{ buf: bytes(4, 1), bufsz: 4'), undefined, 'inside a struct literal: no call argument');
    assert.deepEqual(callAt('_lwp_setname(lid, "a, b", '), { name: '_lwp_setname', argIndex: 2 }, 'commas in strings do not count');
    assert.deepEqual(callAt('f(g(1, 2), '), { name: 'f', argIndex: 1 });
    assert.equal(callAt('let x = 3'), undefined);
  });

  it('gives the syscall\'s parameters in the file\'s ABI, and built-ins\' too', () => {
    const k = signatureFor('kexec_load', 'linux')!;
    assert.equal(k.label, 'int kexec_load(u_long entry, u_long nr_segments, const struct kexec_segment *segments, u_long flags)');
    assert.deepEqual(k.params, ['u_long entry', 'u_long nr_segments', 'const struct kexec_segment *segments', 'u_long flags']);
    assert.deepEqual(signatureFor('ucontext', 'bsd')!.params, ['fn', 'arg']);
    assert.equal(signatureFor('worker', 'bsd'), undefined);
  });

  it('offers only errno names after fails', () => {
    assert.equal(afterFails('expect kexec_load(0, 17, null, 0) fails EIN'), true);
    assert.equal(afterFails('expect x == 1'), false);
    const names = errnoCompletions('linux').map((c) => c.label);
    assert.ok(names.includes('EINVAL') && names.includes('EBUSY'));
    assert.ok(!names.includes('ERESTART'));
    assert.ok(!names.includes('RB_KEXEC'));
  });
});
