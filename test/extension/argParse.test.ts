import * as assert from 'node:assert/strict';
import { abiTable } from '../../kernel/abi';
import type { SyscallArgInfo, SyscallArgValue } from '../../debug-adapter/contract';
import { callText, parseArg, parseArgs, parseIntExpr, parseSegments, segmentsText } from '../../extension/model/argParse';
import { buildCatalog } from '../../extension/model/catalog';

const K = abiTable('bsd').allConstants;
const arg = (kind: SyscallArgInfo['kind'], name = 'x', ctype = 'int'): SyscallArgInfo => ({ name, kind, ctype });

function ok(a: SyscallArgInfo, text: string): SyscallArgValue {
  const r = parseArg(a, text, K);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.message}`);
  return r.value;
}
function refused(a: SyscallArgInfo, text: string): string {
  const r = parseArg(a, text, K);
  assert.equal(r.ok, false, `${text} should be refused`);
  return r.ok ? '' : r.message;
}

describe('runner argument validation', () => {
  it('integers take any base, suffixes, constant names and | masks', () => {
    assert.deepEqual(ok(arg('int'), '0x200000'), { kind: 'int', value: String(0x200000) });
    assert.deepEqual(ok(arg('int'), '64K'), { kind: 'int', value: '65536' });
    assert.deepEqual(ok(arg('flags'), 'RB_KEXEC|RB_NOSYNC'), { kind: 'int', value: String(0x1000000 | 0x4) });
    assert.deepEqual(ok(arg('flags'), 'LWP_DETACHED | 0x80'), { kind: 'int', value: '192' });
    assert.deepEqual(ok(arg('int'), '-1'), { kind: 'int', value: '-1' });
    assert.deepEqual(ok(arg('int'), '0xffffffffffffffff'), { kind: 'int', value: '18446744073709551615' });
  });

  it('refuses unknown names and malformed numbers with a message', () => {
    assert.match(refused(arg('flags'), 'RB_NOPE'), /RB_NOPE is not a constant of this ABI/);
    assert.match(refused(arg('int'), '0xZZ'), /not a number/);
    assert.match(refused(arg('int'), ''), /Type a value/);
    const r = parseIntExpr('LINUX_REBOOT_CMD_KEXEC', K);
    assert.equal(r.ok, false, 'a linux name is not a bsd constant');
  });

  it('LWP ids, signals and descriptors must fit in 32 bits', () => {
    assert.deepEqual(ok(arg('lwpid', 'target', 'lwpid_t'), '3'), { kind: 'int', value: '3' });
    assert.deepEqual(ok(arg('signal', 'signo'), 'SIGUSR1'), { kind: 'int', value: String(K.SIGUSR1) });
    assert.match(refused(arg('lwpid', 'target', 'lwpid_t'), '0x100000000'), /target is a lwpid_t: it must fit in 32 bits/);
  });

  it('pointers are null or an address', () => {
    assert.deepEqual(ok(arg('pointer'), 'null'), { kind: 'null' });
    assert.deepEqual(ok(arg('pointer'), '0x1000'), { kind: 'int', value: '4096' });
    assert.match(refused(arg('pointer', 'hint'), 'somewhere'), /hint is a pointer: type null or an address/);
  });

  it('strings drop optional quotes; null stays null', () => {
    assert.deepEqual(ok(arg('string'), '"worker"'), { kind: 'string', value: 'worker' });
    assert.deepEqual(ok(arg('string'), 'worker'), { kind: 'string', value: 'worker' });
    assert.deepEqual(ok(arg('string'), 'null'), { kind: 'null' });
  });

  it('buffers are a size, bytes(n, fill) or null', () => {
    assert.deepEqual(ok(arg('buffer'), '32'), { kind: 'buffer', size: 32 });
    assert.deepEqual(ok(arg('buffer'), 'bytes(64, 0xff)'), { kind: 'buffer', size: 64, fill: 255 });
    assert.match(refused(arg('buffer'), 'bytes(64, 300)'), /fill must be a byte/);
    assert.match(refused(arg('buffer'), '1G'), /between 0 and/);
  });

  it('timespecs are a struct literal, "sec, nsec" or null', () => {
    assert.deepEqual(ok(arg('timespec'), '{ tv_sec: 1, tv_nsec: 500 }'), { kind: 'timespec', tv_sec: 1, tv_nsec: 500 });
    assert.deepEqual(ok(arg('timespec'), '2, 0'), { kind: 'timespec', tv_sec: 2, tv_nsec: 0 });
    assert.deepEqual(ok(arg('timespec'), 'null'), { kind: 'null' });
    assert.match(refused(arg('timespec'), '{ tv_usec: 1 }'), /has no field "tv_usec"/);
    assert.match(refused(arg('timespec'), '1'), /Write a timespec/);
  });

  it('segments read like the scenario language; buf defaults to bytes(bufsz)', () => {
    const v = ok(arg('segments'), '[{ bufsz: 64K, mem: 0x200000, memsz: 64K }]');
    assert.deepEqual(v, { kind: 'segments', segments: [{ buf: { size: 65536 }, bufsz: 65536, mem: '0x200000', memsz: 65536 }] });
    const two = parseSegments('{ buf: null, bufsz: 0, mem: 0x100000, memsz: 4K }, { buf: bytes(16, 0x90), bufsz: 16, mem: 0x300000, memsz: 1M }', K);
    assert.ok(two.ok);
    assert.equal(two.value.length, 2);
    assert.equal(two.value[0].buf, null);
    assert.deepEqual(two.value[1].buf, { size: 16, fill: 0x90 });
    assert.deepEqual(ok(arg('segments'), '[]'), { kind: 'segments', segments: [] });
  });

  it('segments refuse missing or unknown fields, naming the segment', () => {
    assert.match(refused(arg('segments'), '[{ bufsz: 1, mem: 0 }]'), /needs memsz/);
    assert.match(refused(arg('segments'), '[{ bufsz: 1, mem: 0, memsz: 1 }, { bufsz: 1, mem: 0, memsz: 1, size: 2 }]'), /Segment 1: a kexec segment has no field "size"/);
    assert.match(refused(arg('segments'), '[{ bufsz: 1, mem: -4, memsz: 1 }]'), /cannot be negative/);
  });

  it('segment text round-trips through the history format', () => {
    const a = parseSegments('[{ buf: bytes(16, 7), bufsz: 16, mem: 0x200000, memsz: 4K }, { buf: null, bufsz: 0, mem: 0x300000, memsz: 0 }]', K);
    assert.ok(a.ok);
    const b = parseSegments(segmentsText(a.value), K);
    assert.ok(b.ok);
    assert.deepEqual(b.value, a.value);
  });

  it('parses a whole call against the catalog and names the bad argument', () => {
    const kexec = buildCatalog('bsd').find((s) => s.name === 'kexec_load')!;
    const r = parseArgs(kexec.args, ['0x200000', '1', '[{ bufsz: 64K, mem: 0x200000, memsz: 64K }]', '0'], K);
    assert.ok(r.ok);
    assert.equal(callText('kexec_load', r.value), 'kexec_load(0x200000, 1, [1 segment], 0)');
    const bad = parseArgs(kexec.args, ['0x200000', 'many', 'null', '0'], K);
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.message, /^count: /);
    const wrong = parseArgs(kexec.args, ['1'], K);
    assert.equal(wrong.ok, false);
    if (!wrong.ok) assert.match(wrong.message, /Expected 4 arguments, got 1/);
  });
});
