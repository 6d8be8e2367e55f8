// KSim's image format (docs/kernel-image-format.md), ELF64 kernels and the format identifier.
import { strict as assert } from 'node:assert';
import { buildBzImage } from '../../kernel/kexec/bzimage-build';
import { buildElf64, elfToSegments, parseElf64 } from '../../kernel/kexec/elf';
import { identifyKernelImage } from '../../kernel/kexec/identify';
import { buildKsimImage, parseKsimImage } from '../../kernel/kexec/ksim-image';

describe('kexec/formats: KSim image', () => {
  it('round-trips banner, entry, size, init and ABI', () => {
    const img = buildKsimImage({ banner: 'KSim 2.0', entry: 0x200000n, size: 65536, init: 'stage2', abi: 'linux' });
    assert.equal(img.length, 65536);
    const info = parseKsimImage(img);
    assert.ok(!('error' in info));
    assert.equal(info.banner, 'KSim 2.0');
    assert.equal(info.entry, 0x200000n);
    assert.equal(info.size, 65536);
    assert.equal(info.init, 'stage2');
    assert.equal(info.abi, 'linux');
  });
  it('keeps 64-bit entries exact', () => {
    const info = parseKsimImage(buildKsimImage({ banner: 'b', entry: 0xfffffffffffff000n, size: 4096, init: '' }));
    assert.ok(!('error' in info) && info.entry === 0xfffffffffffff000n && info.abi === 'inherit');
  });
  it('a damaged header is reported, not trusted', () => {
    const img = buildKsimImage({ banner: 'KSim 2.0', entry: 0x200000n, size: 4096, init: 'x' });
    img[0x40] ^= 1;
    assert.deepEqual(parseKsimImage(img), { error: 'KSim image header checksum mismatch' });
  });
  it('refuses a size below its header', () => {
    assert.throws(() => buildKsimImage({ banner: 'KSim', entry: 0n, size: 16, init: 'x' }), /below its header/);
  });
});

describe('kexec/formats: ELF64 kernels', () => {
  it('elfToSegments gives one segment per PT_LOAD, as kexec-tools does', () => {
    const text = new Uint8Array(100).fill(0xcc);
    const data = new Uint8Array(10).fill(1);
    const elf = buildElf64(0x1000200n, [
      { paddr: 0x1000000n, vaddr: 0xffffffff81000000n, data: text, memsz: 0x2000n },
      { paddr: 0x1200000n, data },
    ]);
    const parsed = parseElf64(elf);
    assert.ok(!('error' in parsed) && parsed.phdrs[0].vaddr === 0xffffffff81000000n);
    const r = elfToSegments(elf);
    assert.ok(!('error' in r));
    assert.equal(r.entry, 0x1000200n);
    assert.deepEqual(r.segments.map((s) => [s.mem, s.bufsz, s.memsz]), [[0x1000000n, 100n, 0x2000n], [0x1200000n, 10n, 10n]]);
    assert.deepEqual(r.segments[0].buf, text);
  });
  it('a PT_LOAD past the end of the file is an error', () => {
    const elf = buildElf64(0n, [{ paddr: 0n, data: new Uint8Array(16) }]);
    new DataView(elf.buffer).setBigUint64(64 + 32, 1n << 20n, true);
    assert.ok('error' in elfToSegments(elf));
  });
});

describe('kexec/formats: identifyKernelImage', () => {
  it('tells the three formats apart', () => {
    assert.equal(identifyKernelImage(buildKsimImage({ banner: 'b', entry: 0n, size: 128, init: 'i' })), 'ksim');
    assert.equal(identifyKernelImage(buildBzImage()), 'bzImage');
    assert.equal(identifyKernelImage(buildElf64(0n, [])), 'elf64');
    assert.equal(identifyKernelImage(new Uint8Array(4096)), 'unknown');
  });
});
