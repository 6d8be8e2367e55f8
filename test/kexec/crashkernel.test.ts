// `crashkernel=` in every syntax (spec §7.1) and the 6.1 x86_64 reservation (spec §7.1.1).
import { strict as assert } from 'node:assert';
import { memparse, parseCrashkernel, reserveCrashkernel } from '../../kernel/kexec/crashkernel';
import { defaultMemoryMap, GiB, memoryMapFromConfig, MiB } from '../../kernel/mem/map';

const RAM = 4n * GiB;
const ok = (cmd: string, ram = RAM, suffix: string | null = null): { size: bigint; base: bigint } => {
  const r = parseCrashkernel(cmd, ram, suffix);
  if (!r.ok) assert.fail(`expected ${cmd} to parse, got ${r.warning}`);
  return r.value;
};
const bad = (cmd: string, ram = RAM, suffix: string | null = null): string => {
  const r = parseCrashkernel(cmd, ram, suffix);
  if (r.ok) assert.fail(`expected ${cmd} to be invalid`);
  return r.warning;
};

describe('kexec/crashkernel: memparse', () => {
  it('reads decimal, hex, octal and every suffix case-insensitively', () => {
    assert.equal(memparse('256M', 0).value, 256n * MiB);
    assert.equal(memparse('0x1000', 0).value, 0x1000n);
    assert.equal(memparse('010', 0).value, 8n);
    assert.equal(memparse('1g', 0).value, GiB);
    assert.equal(memparse('2K', 0).value, 2048n);
    assert.equal(memparse('1T', 0).value, 1024n * GiB);
    assert.equal(memparse('1P', 0).value, 1n << 50n);
    assert.equal(memparse('1E', 0).value, 1n << 60n);
    assert.equal(memparse('x', 0).end, 0);
  });
});

describe('kexec/crashkernel: syntax (spec §7.1)', () => {
  it('simple: size', () => assert.deepEqual(ok('quiet crashkernel=256M'), { size: 256n * MiB, base: 0n }));
  it('simple: size@offset', () => assert.deepEqual(ok('crashkernel=64M@16M ro'), { size: 64n * MiB, base: 16n * MiB }));
  it('simple: a stray character is invalid', () => assert.match(bad('crashkernel=64M#'), /unrecognized char/));
  it('simple: no number is invalid', () => assert.match(bad('crashkernel=M'), /memory value expected/));
  it('the last crashkernel= wins', () => assert.equal(ok('crashkernel=64M crashkernel=128M').size, 128n * MiB));
  it('the unsuffixed search skips ,high and ,low entries', () => {
    assert.equal(ok('crashkernel=64M crashkernel=1G,high crashkernel=128M,low').size, 64n * MiB);
  });
  it('ranges: the range holding RAM (rounded up to 128 MiB) gives the size', () => {
    assert.equal(ok('crashkernel=512M-2G:64M,2G-:128M', 4n * GiB).size, 128n * MiB);
    assert.equal(ok('crashkernel=512M-2G:64M,2G-:128M', GiB).size, 64n * MiB);
    // 2 GiB − 1 MiB rounds up to 2 GiB, which falls in the second range.
    assert.equal(ok('crashkernel=512M-2G:64M,2G-:128M', 2n * GiB - MiB).size, 128n * MiB);
  });
  it('ranges: no matching range gives size 0', () => assert.equal(ok('crashkernel=8G-:1G', 4n * GiB).size, 0n));
  it('ranges: @offset after the list', () => assert.deepEqual(ok('crashkernel=0-:64M@32M', GiB), { size: 64n * MiB, base: 32n * MiB }));
  it("ranges: missing '-' is invalid", () => assert.match(bad('crashkernel=512M:64M'), /'-' expected/));
  it('ranges: end <= start is invalid', () => assert.match(bad('crashkernel=2G-1G:64M'), /end <= start/));
  it("ranges: missing ':' is invalid", () => assert.match(bad('crashkernel=1G-2G,64M:1'), /':' expected/));
  it('ranges: size >= RAM is invalid', () => assert.match(bad('crashkernel=0-:8G', GiB), /invalid size/));
  it('ranges: missing start number is invalid', () => assert.match(bad('crashkernel=-2G:64M'), /Memory value expected/));
  it('suffix: size,high', () => assert.equal(ok('crashkernel=1G,high', RAM, ',high').size, GiB));
  it('suffix: size,low', () => assert.equal(ok('crashkernel=0,low', RAM, ',low').size, 0n));
  it('suffix: garbage after the suffix is invalid', () => assert.match(bad('crashkernel=1Gx,high', RAM, ',high'), /unrecognized/));
  it('absent: not an error, nothing to do', () => assert.equal(bad('quiet'), ''));
});

describe('kexec/crashkernel: 6.1 x86_64 reservation (spec §7.1.1)', () => {
  it('L29: crashkernel=256M goes below 4 GiB, 16 MiB aligned, with the 6.1 log line', () => {
    const map = defaultMemoryMap(2n * GiB);
    const r = reserveCrashkernel(map, 'crashkernel=256M');
    assert.ok(r.main !== null);
    assert.equal(r.main.end - r.main.start, 256n * MiB);
    assert.equal(r.main.start % (16n * MiB), 0n);
    assert.ok(r.main.end <= 4n * GiB);
    assert.equal(r.low, null);
    assert.deepEqual(r.log, [`Reserving 256MB of memory at ${r.main.start >> 20n}MB for crashkernel (System RAM: 2047MB)`]);
  });

  it('takes the highest fitting range (memblock is top-down)', () => {
    const r = reserveCrashkernel(memoryMapFromConfig([{ start: 0n, end: GiB }]), 'crashkernel=256M');
    assert.deepEqual(r.main, { start: 768n * MiB, end: GiB });
  });

  it('@offset reserves exactly there, or fails "memory is in use"', () => {
    const map = memoryMapFromConfig([{ start: 0n, end: GiB }]);
    assert.deepEqual(reserveCrashkernel(map, 'crashkernel=64M@128M').main, { start: 128n * MiB, end: 192n * MiB });
    const r = reserveCrashkernel(map, 'crashkernel=64M@992M');
    assert.equal(r.main, null);
    assert.deepEqual(r.log, ['crashkernel reservation failed - memory is in use.']);
  });

  it('falls back above 4 GiB and then also reserves the default low region', () => {
    const map = memoryMapFromConfig([{ start: 0n, end: 512n * MiB }, { start: 4n * GiB, end: 8n * GiB }]);
    const r = reserveCrashkernel(map, 'crashkernel=1G');
    assert.ok(r.main !== null && r.main.start >= 4n * GiB);
    assert.deepEqual(r.low, { start: 256n * MiB, end: 512n * MiB });
    assert.match(r.log[0], /^Reserving 256MB of low memory at 256MB for crashkernel \(low RAM limit: 512MB\)$/);
    assert.match(r.log[1], /^Reserving 1024MB of memory at \d+MB for crashkernel \(System RAM: 4608MB\)$/);
  });

  it('L30: crashkernel=1G,high puts the main region above 4 GiB plus a low region', () => {
    const map = defaultMemoryMap(8n * GiB);
    const r = reserveCrashkernel(map, 'crashkernel=1G,high');
    assert.ok(r.main !== null && r.main.start >= 4n * GiB);
    assert.equal(r.main.end - r.main.start, GiB);
    assert.ok(r.low !== null && r.low.end <= 4n * GiB);
    assert.equal(r.low.end - r.low.start, 256n * MiB);
  });

  it('crashkernel=0,low suppresses the low region', () => {
    const r = reserveCrashkernel(defaultMemoryMap(8n * GiB), 'crashkernel=1G,high crashkernel=0,low');
    assert.ok(r.main !== null);
    assert.equal(r.low, null);
  });

  it('a low region that does not fit releases the main one', () => {
    const map = memoryMapFromConfig([{ start: 0n, end: 64n * MiB }, { start: 4n * GiB, end: 8n * GiB }]);
    const r = reserveCrashkernel(map, 'crashkernel=1G,high');
    assert.equal(r.main, null);
    assert.deepEqual(r.log, ['Cannot reserve 256MB crashkernel low memory, please try smaller size.']);
  });

  it('no suitable area', () => {
    const r = reserveCrashkernel(memoryMapFromConfig([{ start: 0n, end: 40n * MiB }]), 'crashkernel=32M');
    assert.deepEqual(r.log, ['crashkernel reservation failed - No suitable area found.']);
  });

  it('a size of all RAM reserves nothing', () => {
    assert.equal(reserveCrashkernel(memoryMapFromConfig([{ start: 0n, end: GiB }]), 'crashkernel=1G').main, null);
  });
});
