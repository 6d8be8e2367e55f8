// Physical memory, the memory map, vm.phys_segs (spec §1.1.3) and /proc/iomem (spec §7.3).
import { strict as assert } from 'node:assert';
import {
  clonePhysMem, createPhysMem, physEqual, physRead, physResidentBytes, physWrite, physZero, PHYS_CHUNK_SIZE,
} from '../../kernel/mem/phys';
import { defaultMemoryMap, GiB, memoryMapFromConfig, MiB, totalRam } from '../../kernel/mem/map';
import { formatPhysSegs, inOnePhysSeg, physSegs } from '../../kernel/mem/physsegs';
import { formatIomem } from '../../kernel/mem/iomem';

describe('kexec/mem: sparse physical memory', () => {
  it('a 64 GiB machine costs only the chunks written', () => {
    const m = createPhysMem();
    physWrite(m, 60n * GiB, new Uint8Array([1, 2, 3]));
    assert.equal(physResidentBytes(m), PHYS_CHUNK_SIZE);
    assert.deepEqual([...physRead(m, 60n * GiB - 1n, 5)], [0, 1, 2, 3, 0]);
  });

  it('writes and reads across chunk boundaries', () => {
    const m = createPhysMem();
    const src = new Uint8Array(3 * PHYS_CHUNK_SIZE + 17).map((_, i) => i & 0xff);
    physWrite(m, BigInt(PHYS_CHUNK_SIZE - 5), src);
    assert.deepEqual(physRead(m, BigInt(PHYS_CHUNK_SIZE - 5), src.length), src);
  });

  it('zero-filling whole chunks drops them', () => {
    const m = createPhysMem();
    physWrite(m, 0n, new Uint8Array(4 * PHYS_CHUNK_SIZE).fill(7));
    physZero(m, 10n, BigInt(3 * PHYS_CHUNK_SIZE));
    assert.equal(physResidentBytes(m), 2 * PHYS_CHUNK_SIZE);
    assert.equal(physRead(m, 9n, 1)[0], 7);
    assert.equal(physRead(m, 10n, 1)[0], 0);
    assert.equal(physRead(m, BigInt(3 * PHYS_CHUNK_SIZE) + 9n, 1)[0], 0);
    assert.equal(physRead(m, BigInt(3 * PHYS_CHUNK_SIZE) + 10n, 1)[0], 7);
  });

  it('clones are copy-on-write in both directions', () => {
    const a = createPhysMem();
    physWrite(a, 0x1000n, new Uint8Array([1]));
    const b = clonePhysMem(a);
    assert.ok(physEqual(a, b));
    physWrite(a, 0x1000n, new Uint8Array([2]));
    physWrite(b, 0x1001n, new Uint8Array([3]));
    assert.deepEqual([...physRead(a, 0x1000n, 2)], [2, 0]);
    assert.deepEqual([...physRead(b, 0x1000n, 2)], [1, 3]);
    assert.ok(!physEqual(a, b));
  });
});

describe('kexec/mem: memory map', () => {
  it('the default map of 512 MiB keeps page 0 and the BIOS hole reserved', () => {
    const map = defaultMemoryMap(512n * MiB);
    assert.deepEqual(map.map((r) => [r.start, r.end, r.type]), [
      [0n, 0x1000n, 'reserved'], [0x1000n, 0x9f000n, 'ram'], [0x9f000n, 0x100000n, 'reserved'],
      [0x100000n, 0x20000000n, 'ram'],
    ]);
  });

  it('memory above 3 GiB moves above 4 GiB', () => {
    const map = defaultMemoryMap(8n * GiB);
    assert.deepEqual(map[map.length - 1], { start: 4n * GiB, end: 9n * GiB, type: 'ram' });
  });

  it('explicit ranges are RAM, merged when adjacent', () => {
    const map = memoryMapFromConfig([{ start: 0x100000n, end: 0x200000n }, { start: 0n, end: 0x100000n }]);
    assert.deepEqual(map, [{ start: 0n, end: 0x200000n, type: 'ram' }]);
    assert.equal(totalRam(map), 0x200000n);
  });
});

describe('kexec/mem: vm.phys_segs (spec §1.1.3)', () => {
  it('prints each segment in FreeBSD\'s format with an exclusive end', () => {
    const text = formatPhysSegs(physSegs(memoryMapFromConfig([{ start: 0x100000n, end: 0x20000000n }])));
    assert.match(text, /^\nSEGMENT 0:\n\nstart: {5}0x100000\nend: {7}0x20000000\ndomain: {4}0\nfree list: 0xffffffff[0-9a-f]+\n$/);
  });

  it('splits RAM crossing 4 GiB into two segments (F7 boundary)', () => {
    const segs = physSegs(memoryMapFromConfig([{ start: 0x100000n, end: 8n * GiB }]));
    assert.deepEqual(segs.map((s) => [s.start, s.end]), [[0x100000n, 4n * GiB], [4n * GiB, 8n * GiB]]);
    assert.ok(!inOnePhysSeg(segs, 4n * GiB - 0x1000n, 0x2000n));
    assert.ok(inOnePhysSeg(segs, 4n * GiB, 0x2000n));
    assert.notEqual(segs[0].freeList, segs[1].freeList);
    assert.match(formatPhysSegs(segs), /SEGMENT 1:\n\nstart: {5}0x100000000\nend: {7}0x200000000\n/);
  });

  it('a zero-length range at a segment end is inside it', () => {
    const segs = physSegs(memoryMapFromConfig([{ start: 0x100000n, end: 0x200000n }]));
    assert.ok(inOnePhysSeg(segs, 0x200000n, 0n));
    assert.ok(!inOnePhysSeg(segs, 0x201000n, 0n));
  });
});

describe('kexec/mem: /proc/iomem (spec §7.3)', () => {
  it('nests Crash kernel under System RAM with inclusive, 8-digit ends', () => {
    const map = defaultMemoryMap(3n * GiB);
    const text = formatIomem(map, [{ start: 0x5f000000n, end: 0x6f000000n, name: 'Crash kernel' }]);
    assert.equal(text, [
      '00000000-00000fff : reserved',
      '00001000-0009efff : System RAM',
      '0009f000-000fffff : reserved',
      '00100000-bfffffff : System RAM',
      '  5f000000-6effffff : Crash kernel',
      '',
    ].join('\n'));
  });

  it('hides addresses from readers without CAP_SYS_ADMIN', () => {
    const text = formatIomem(defaultMemoryMap(64n * MiB), [], false);
    assert.ok(text.split('\n').filter(Boolean).every((l) => l.startsWith('00000000-00000000 : ')));
  });

  it('prints addresses above 4 GiB unpadded beyond 8 digits', () => {
    const text = formatIomem(defaultMemoryMap(8n * GiB), []);
    assert.match(text, /100000000-23fffffff : System RAM\n$/);
  });
});
