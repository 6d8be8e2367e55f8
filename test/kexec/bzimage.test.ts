// bzImage setup header (spec §6.1), the 6.1 probe with every ENOEXEC condition in order (§6.2),
// the load rules (§6.3) and the synthesizer (§6.4). Headers are built field by field.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { bzImage64Probe, bzImageVersionString, kern16Size, parseSetupHeader, readField } from '../../kernel/kexec/bzimage';
import { buildBzImage } from '../../kernel/kexec/bzimage-build';
import { bzImage64Load, BzLoadInput } from '../../kernel/kexec/bzimage-load';
import { sanityCheckSegmentList } from '../../kernel/kexec/checks';
import { parsePurgatory } from '../../kernel/kexec/purgatory';
import { defaultMemoryMap, GiB, MiB } from '../../kernel/mem/map';
import { distributionKernels } from './distro-kernel';

const reason = (buf: Uint8Array, env = { efi32: false, la57: false }): string => {
  const r = bzImage64Probe(buf, env);
  return r.ok ? 'accepted' : r.reason;
};

describe('kexec/bzimage: bzImage64_probe (spec §6.2)', () => {
  it('accepts the minimal synthesized image (§6.4)', () => assert.equal(reason(buildBzImage()), 'accepted'));
  it('1. shorter than 1024 bytes → ENOEXEC', () => {
    const r = bzImage64Probe(buildBzImage().subarray(0, 1023));
    assert.deepEqual(r, { ok: false, errno: 'ENOEXEC', reason: 'File is too short to be a bzImage' });
  });
  it('2. no "HdrS" → ENOEXEC', () => assert.equal(reason(buildBzImage({ fields: { header: 0x53726449 } })), 'Not a bzImage'));
  it('3. no 0xAA55 boot flag → ENOEXEC', () => assert.equal(reason(buildBzImage({ fields: { boot_flag: 0 } })), 'No x86 boot sector present'));
  it('4. protocol 2.11 (0x020B) → ENOEXEC', () => assert.equal(reason(buildBzImage({ fields: { version: 0x020b } })), 'Must be at least protocol version 2.12'));
  it('4. protocol 2.12 passes', () => assert.equal(reason(buildBzImage({ fields: { version: 0x020c } })), 'accepted'));
  it('5. loadflags without LOADED_HIGH → ENOEXEC', () => assert.equal(reason(buildBzImage({ fields: { loadflags: 0x80 } })), 'zImage not a bzImage'));
  it('6. no XLF_KERNEL_64 → ENOEXEC', () => assert.match(reason(buildBzImage({ fields: { xloadflags: 0x02 } })), /XLF_KERNEL_64/));
  it('7. no XLF_CAN_BE_LOADED_ABOVE_4G → ENOEXEC', () => assert.match(reason(buildBzImage({ fields: { xloadflags: 0x01 } })), /ABOVE_4G/));
  it('8. 32-bit EFI runtime → ENOEXEC', () => assert.match(reason(buildBzImage(), { efi32: true, la57: false }), /EFI is 32 bit/));
  it('9. 5-level paging without XLF_5LEVEL → ENOEXEC; with it, accepted', () => {
    assert.match(reason(buildBzImage(), { efi32: false, la57: true }), /5-level/);
    assert.equal(reason(buildBzImage({ fields: { xloadflags: 0x23 } }), { efi32: false, la57: true }), 'accepted');
  });
  it('checks in order: a short file without HdrS reports the length first', () => {
    assert.equal(reason(new Uint8Array(100)), 'File is too short to be a bzImage');
    assert.equal(reason(new Uint8Array(2048)), 'Not a bzImage');
  });
});

describe('kexec/bzimage: setup header (spec §6.1)', () => {
  it('reads every field at its offset and the version string', () => {
    const img = buildBzImage({ versionString: '6.1.0-18-amd64 (debian-kernel@lists.debian.org)' });
    const h = parseSetupHeader(img);
    assert.equal(h.header, 0x53726448n);
    assert.equal(h.version, 0x020fn);
    assert.equal(h.cmdline_size, 2047n);
    assert.equal(h.kernel_alignment, 0x200000n);
    assert.equal(bzImageVersionString(img), '6.1.0-18-amd64 (debian-kernel@lists.debian.org)');
  });
  it('setup_sects 0 means 4', () => assert.equal(kern16Size(buildBzImage({ setupSects: 0 })), 5 * 512));
});

describe('kexec/bzimage: bzImage64_load (spec §6.3)', () => {
  const map = defaultMemoryMap(2n * GiB);
  const input = (over: Partial<BzLoadInput>): BzLoadInput => ({
    kernel: buildBzImage(), initrd: null, cmdline: new TextEncoder().encode('init=stage2\0'), crash: null, map, cpus: 2, ...over,
  });
  const sanity = (segs: { bufsz: bigint; memsz: bigint; mem: bigint }[], crash: { start: bigint; end: bigint } | null = null): string | null =>
    sanityCheckSegmentList(segs.map((s) => ({ ...s, buf: 0n })), { destinationLimit: (1n << 46n) - 1n, totalRamPages: (2n * GiB) / 4096n, crash });

  it('places purgatory, boot params and kernel top-down, kernel 2 MiB aligned above 1 MiB', () => {
    const r = bzImage64Load(input({}));
    assert.ok(r.ok);
    assert.deepEqual(r.segments.map((s) => s.role), ['purgatory', 'boot_params', 'kernel']);
    const k = r.segments[2];
    assert.equal(k.mem % 0x200000n, 0n);
    assert.ok(k.mem >= MiB);
    assert.equal(r.entry, r.segments[0].mem);
    const p = parsePurgatory(r.segments[0].bytes);
    assert.ok(p !== null);
    assert.equal(p.kernelEntry, k.mem + 0x200n);
    assert.equal(p.bootParams, r.segments[1].mem);
    assert.equal(sanity(r.segments), null);
  });

  it('kern16_size past the end of the file → ENOEXEC "bzImage truncated"', () => {
    const k = buildBzImage({ setupSects: 1, payload: 0 });
    k[0x1f1] = 30; // (30 + 1) × 512 > file length
    const r = bzImage64Load(input({ kernel: k }));
    assert.deepEqual(r, { ok: false, errno: 'ENOEXEC', reason: 'bzImage truncated' });
  });

  it('L25: cmdline_len + 30 > cmdline_size → EINVAL', () => {
    const k = buildBzImage({ fields: { cmdline_size: 40 } });
    const r11 = bzImage64Load(input({ kernel: k, cmdline: new Uint8Array(11) }));
    assert.ok(!r11.ok && r11.errno === 'EINVAL');
    assert.ok(bzImage64Load(input({ kernel: k, cmdline: new Uint8Array(10) })).ok);
    const r41 = bzImage64Load(input({ kernel: k, cmdline: new Uint8Array(41) }));
    assert.ok(!r41.ok && r41.reason === 'Kernel command line too long');
  });

  it('L27: init_size smaller than the payload → bufsz > memsz → EINVAL from the sanity check', () => {
    const r = bzImage64Load(input({ kernel: buildBzImage({ payload: 8192, fields: { init_size: 4096 } }) }));
    assert.ok(r.ok);
    assert.equal(sanity(r.segments), 'EINVAL');
  });

  it('an initrd goes at or above 16 MiB, page aligned, and boot_params point at it', () => {
    const r = bzImage64Load(input({ initrd: new Uint8Array(10000).fill(3) }));
    assert.ok(r.ok);
    const ird = r.segments.find((s) => s.role === 'initrd');
    assert.ok(ird !== undefined && ird.mem >= 16n * MiB && ird.mem % 4096n === 0n && ird.memsz === 12288n);
    const bp = r.segments[1].bytes;
    assert.equal(new DataView(bp.buffer).getUint32(0x218, true), Number(ird.mem));
  });

  it('crash loads go inside crashk_res with elfcorehdr first and an elfcorehdr= prefix', () => {
    const crash = { start: 0x30000000n, end: 0x3fffffffn };
    const r = bzImage64Load(input({ crash }));
    assert.ok(r.ok);
    assert.equal(r.segments[0].role, 'elfcorehdr');
    assert.equal(r.segments[0].mem, crash.start);
    assert.ok(r.segments.every((s) => s.mem >= crash.start && s.mem + s.memsz - 1n <= crash.end));
    const bp = r.segments.find((s) => s.role === 'boot_params');
    assert.ok(bp !== undefined);
    const text = new TextDecoder().decode(bp.bytes.subarray(4096, 4096 + 60)).split('\0')[0];
    assert.equal(text, `elfcorehdr=0x${crash.start.toString(16)} init=stage2`);
    assert.equal(sanity(r.segments, crash), null);
  });

  it('no hole big enough → EADDRNOTAVAIL', () => {
    const r = bzImage64Load(input({ crash: { start: 0x30000000n, end: 0x30001fffn } }));
    assert.ok(!r.ok && r.errno === 'EADDRNOTAVAIL');
  });
});

describe('kexec/bzimage: a real distribution kernel', function () {
  // KSIM_BZIMAGE, the host's /boot/vmlinuz*, or Debian's linux-image-amd64 fetched once into
  // .cache/kernels (see distro-kernel.ts); skipped when the machine can do none of these.
  this.timeout(300_000);
  let kernels: string[] = [];
  before(() => {
    kernels = distributionKernels((line) => process.stderr.write(`      (${line})\n`))
      .filter((p) => { try { readFileSync(p, { flag: 'r' }); return true; } catch { return false; } });
  });

  it('Linux 6.1 accepts a distribution kernel (probe and load)', function () {
    if (kernels.length === 0) this.skip();
    for (const p of kernels) {
      const k = new Uint8Array(readFileSync(p));
      assert.deepEqual(bzImage64Probe(k), { ok: true }, p);
      const r = bzImage64Load({ kernel: k, initrd: null, cmdline: new Uint8Array([0]), crash: null, map: defaultMemoryMap(4n * GiB), cpus: 1 });
      assert.ok(r.ok, p);
      assert.ok(readField(k, 'init_size') >= BigInt(k.length - kern16Size(k)), p);
    }
  });
});
