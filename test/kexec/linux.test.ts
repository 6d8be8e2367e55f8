// Linux 6.1 kexec_load / kexec_file_load / reboot: spec §9.4 rows L1–L30 and the SystemTap
// rows of §9.2 (linux ABI).
import { strict as assert } from 'node:assert';
import { abiConst, uvm_peek, type SysArg } from '../../kernel/index';
import { cloneImage, imagesEqual, type SegmentDesc } from '../../kernel/kexec/image';
import { kx } from '../../kernel/kexec/state';
import { buildKsimImage } from '../../kernel/kexec/ksim-image';
import { buildBzImage } from '../../kernel/kexec/bzimage-build';
import { kexecReadFile, kexecWriteFile } from '../../kernel/kexec/sysfs';
import { GiB, MiB } from '../../kernel/mem/map';
import { physRead } from '../../kernel/mem/phys';
import { call, machine, type Ctx, type Machine, type Program, type Result } from './harness';

const C = (name: string): number => abiConst('linux', name);
const ENTRY = 0x200000n;
const IMG = buildKsimImage({ banner: 'KSim next', entry: ENTRY, size: 0x4000, init: 'stage2' });
const MAGIC = [C('LINUX_REBOOT_MAGIC1'), C('LINUX_REBOOT_MAGIC2')] as const;

type Body = (c: Ctx, out: Result[]) => Generator<ReturnType<typeof call>, void, Result>;

interface Opts {
  uid?: number;
  config?: object;
  switches?: Record<string, string | number | boolean>;
  programs?: Record<string, Program>;
  files?: Record<string, Uint8Array>;
}

function runLinux(body: Body, opts: Opts = {}): { m: Machine; out: Result[] } {
  const out: Result[] = [];
  const m = machine({ abi: 'linux', memory: 2 * 1024 * 1024 * 1024, switches: { crashkernel: '256M', ...(opts.switches ?? {}) }, ...(opts.config ?? {}) },
    [{ name: 'init', uid: opts.uid ?? 0, main: (c) => body(c, out) }], opts.programs ?? {}, opts.files ?? {});
  m.runAll();
  return { m, out };
}

const errs = (out: Result[]): string[] => out.map((r) => r.errno ?? String(r.ret));
const seg = (c: Ctx, over: Partial<SegmentDesc> = {}): SegmentDesc => ({
  buf: c.buf(IMG), bufsz: BigInt(IMG.length), mem: ENTRY, memsz: 0x4000n, ...over,
});
function* load(c: Ctx, out: Result[], entry: bigint, descs: SegmentDesc[], flags: SysArg = 0): Generator<ReturnType<typeof call>, void, Result> {
  out.push(yield call('kexec_load', entry, descs.length, c.segs(descs), flags));
}

const bz = buildBzImage({ payload: 8192, versionString: '6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP Debian 6.1.76-1' });

function* fileLoad(c: Ctx, out: Result[], kfd: SysArg, ifd: SysArg, cmdline: string | null, flags: SysArg): Generator<ReturnType<typeof call>, void, Result> {
  const p = cmdline === null ? 0n : c.str(cmdline);
  out.push(yield call('kexec_file_load', kfd, ifd, cmdline === null ? 0 : cmdline.length + 1, p, flags));
}

describe('kexec/linux: kexec_load (spec §4.2, L1–L17)', () => {
  it('L1: no CAP_SYS_BOOT (uid ≠ 0) → EPERM for kexec_load and kexec_file_load', () => {
    const { out } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)]);
      o.push(yield call('kexec_file_load', -1, -1, 0, 0, C('KEXEC_FILE_UNLOAD')));
    }, { uid: 1000 });
    assert.deepEqual(errs(out), ['EPERM', 'EPERM']);
  });

  it('L2: kexec_load_disabled = 1 → EPERM; writing 0 to it → EINVAL', () => {
    const { m, out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c)]); }, { switches: { kexec_load_disabled: 1 } });
    assert.deepEqual(errs(out), ['EPERM']);
    assert.equal(kexecReadFile(m.k, '/proc/sys/kernel/kexec_load_disabled'), '1\n');
    assert.equal(kexecWriteFile(m.k, '/proc/sys/kernel/kexec_load_disabled', '0'), 'EINVAL');
    const fresh = runLinux(function* () { /* nothing */ }).m;
    assert.equal(kexecWriteFile(fresh.k, '/proc/sys/kernel/kexec_load_disabled', '1'), null);
    assert.equal(kexecReadFile(fresh.k, '/proc/sys/kernel/kexec_load_disabled'), '1\n');
  });

  it('L3: kexec_load_limit_reboot is 6.2+ only: absent in 6.1', () => {
    const { m } = runLinux(function* () { /* nothing */ });
    assert.equal(kexecReadFile(m.k, '/proc/sys/kernel/kexec_load_limit_reboot'), undefined);
    assert.equal(kexecReadFile(m.k, '/proc/sys/kernel/kexec_load_limit_panic'), undefined);
    assert.equal(kexecWriteFile(m.k, '/proc/sys/kernel/kexec_load_limit_reboot', '1'), 'ENOENT');
  });

  it('L4: flags = 0x10 → EINVAL', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c)], 0x10); });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L4b: KEXEC_UPDATE_ELFCOREHDR (0x4) or KEXEC_CRASH_HOTPLUG_SUPPORT (0x8), with or without ON_CRASH → EINVAL in 6.1', () => {
    const { out } = runLinux(function* (c, o) {
      for (const f of [0x4, 0x8, 0x5, 0x9]) yield* load(c, o, ENTRY, [seg(c)], f);
    });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL', 'EINVAL', 'EINVAL']);
  });

  it('L5: nr_segments = 17 → EINVAL', () => {
    const { out } = runLinux(function* (c, o) { o.push(yield call('kexec_load', ENTRY, 17, c.segs([seg(c)]), 0)); });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L6: arch KEXEC_ARCH_386 on x86_64 → EINVAL; arch 0 or KEXEC_ARCH_X86_64 accepted', () => {
    const { out } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_ARCH_386'));
      yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_ARCH_DEFAULT'));
      yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_ARCH_X86_64'));
    });
    assert.deepEqual(errs(out), ['EINVAL', '0', '0']);
  });

  it('L7: nr = 1, segments = NULL → EFAULT', () => {
    const { out } = runLinux(function* (_c, o) { o.push(yield call('kexec_load', ENTRY, 1, 0, 0)); });
    assert.deepEqual(errs(out), ['EFAULT']);
  });

  it('L8: a concurrent load → EBUSY', () => {
    const out: Result[] = [];
    const big = new Uint8Array(16 * 1024 * 1024);
    const m = machine({ abi: 'linux', memory: 2 * 1024 * 1024 * 1024, hz: 100000 }, [
      { name: 'a', main: function* (c) { out.push(yield call('kexec_load', ENTRY, 1, c.segs([{ buf: c.buf(big), bufsz: 16n * MiB, mem: ENTRY, memsz: 16n * MiB }]), 0)); } },
      { name: 'b', main: function* (c) {
        const ts = new Uint8Array(16);
        new DataView(ts.buffer).setBigInt64(8, 1000n, true);
        yield call('nanosleep', c.buf(ts), 0);
        out.push(yield call('kexec_load', ENTRY, 1, c.segs([seg(c)]), 0));
      } },
    ]);
    m.runAll();
    assert.deepEqual(errs(out), ['EBUSY', '0']);
  });

  it('L9: nr = 0 (with and without ON_CRASH) → 0; slot emptied', () => {
    let base = 0n;
    const { m, out } = runLinux(function* (c, o) {
      base = kx(c.k).crashRes?.start ?? 0n;
      yield* load(c, o, ENTRY, [seg(c)]);
      yield* load(c, o, base, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
      o.push(yield call('kexec_load', 0, 0, 0, C('KEXEC_ON_CRASH')));
      assert.equal(kx(c.k).crash, null);
      assert.notEqual(kx(c.k).normal, null);
      o.push(yield call('kexec_load', 0, 0, 0, 0));
    });
    assert.deepEqual(errs(out), ['0', '0', '0', '0']);
    assert.equal(kx(m.k).normal, null);
  });

  it('L10: mem = 0x1001 or memsz = 0x1001 → EADDRNOTAVAIL', () => {
    const { out } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c, { mem: 0x1001n, bufsz: 16n })]);
      yield* load(c, o, ENTRY, [seg(c, { memsz: 0x1001n, bufsz: 16n })]);
    });
    assert.deepEqual(errs(out), ['EADDRNOTAVAIL', 'EADDRNOTAVAIL']);
  });

  it('L11: mem + memsz wraps → EADDRNOTAVAIL', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c, { mem: 0xfffffffffffff000n, memsz: 0x2000n, bufsz: 16n })]); });
    assert.deepEqual(errs(out), ['EADDRNOTAVAIL']);
  });

  it('L12: mem + memsz ≥ 2^46 − 1 (x86_64, 4-level) → EADDRNOTAVAIL', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c, { mem: (1n << 46n) - 0x1000n, memsz: 0x1000n, bufsz: 16n })]); });
    assert.deepEqual(errs(out), ['EADDRNOTAVAIL']);
  });

  it('L13: segments [0x100000,0x102000) and [0x101000,0x103000) → EINVAL', () => {
    const { out } = runLinux(function* (c, o) {
      yield* load(c, o, 0x100000n, [seg(c, { mem: 0x100000n, memsz: 0x2000n, bufsz: 16n }), seg(c, { mem: 0x101000n, memsz: 0x2000n, bufsz: 16n })]);
    });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L14: bufsz > memsz → EINVAL', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c, { bufsz: 0x4001n })]); });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L15: memsz > half of RAM → EINVAL', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c, { memsz: 1n * GiB + 0x100000n, bufsz: 16n })]); });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L15: half of totalram_pages, which excludes the crash reservation; the sum over segments counts too', () => {
    const { out } = runLinux(function* (c, o) {
      // 2047 MiB of RAM − 256 MiB reserved: half is 895.5 MiB.
      yield* load(c, o, ENTRY, [seg(c, { memsz: 900n * MiB, bufsz: 16n })]);
      yield* load(c, o, ENTRY, [seg(c, { memsz: 890n * MiB, bufsz: 16n })]);
      yield* load(c, o, ENTRY, [seg(c, { memsz: 500n * MiB, bufsz: 16n }), seg(c, { mem: 0x40000000n, memsz: 500n * MiB, bufsz: 16n })]);
    });
    assert.deepEqual(errs(out), ['EINVAL', '0', 'EINVAL']);
  });

  it('L16: ON_CRASH with the entry or a segment outside the reservation → EADDRNOTAVAIL (old crash image already freed)', () => {
    let base = 0n;
    const { m, out } = runLinux(function* (c, o) {
      base = kx(c.k).crashRes?.start ?? 0n;
      yield* load(c, o, base, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
      yield* load(c, o, ENTRY, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
      yield* load(c, o, base, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
      yield* load(c, o, base, [seg(c, { mem: ENTRY })], C('KEXEC_ON_CRASH'));
    });
    assert.deepEqual(errs(out), ['0', 'EADDRNOTAVAIL', '0', 'EADDRNOTAVAIL']);
    assert.equal(kx(m.k).crash, null);
    assert.equal(m.events.filter((e) => e.type === 'image_unloaded').length, 2);
  });

  it('L16: ON_CRASH with no reservation → EADDRNOTAVAIL for any entry ≠ 0', () => {
    const { out } = runLinux(function* (c, o) { yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_ON_CRASH')); }, { switches: { crashkernel: '' } });
    assert.deepEqual(errs(out), ['EADDRNOTAVAIL']);
  });

  it('L17: normal load with invalid buf → EFAULT; old normal image still loaded', () => {
    let before: ReturnType<typeof cloneImage> = null;
    const { m, out } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)]);
      before = cloneImage(kx(c.k).normal);
      yield* load(c, o, ENTRY, [seg(c, { buf: 0x10n })]);
    });
    assert.deepEqual(errs(out), ['0', 'EFAULT']);
    assert.ok(imagesEqual(kx(m.k).normal, before));
  });

  it('a crash load writes its bytes straight into the reservation and protects it', () => {
    let base = 0n;
    const { m } = runLinux(function* (c, o) {
      base = kx(c.k).crashRes?.start ?? 0n;
      yield* load(c, o, base, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
    });
    const st = kx(m.k);
    assert.ok(st.crashProtected);
    assert.equal(kexecReadFile(m.k, '/sys/kernel/kexec_crash_loaded'), '1\n');
    assert.equal(kexecReadFile(m.k, '/sys/kernel/kexec_loaded'), '0\n');
    assert.equal(new TextDecoder().decode(st.phys.chunks.get(Number(base) >> 16)?.bytes.subarray(0, 8)), 'KSIMKERN');
  });
});

describe('kexec/linux: reboot(LINUX_REBOOT_CMD_KEXEC) (spec §8.1, L18)', () => {
  it('L18: no normal image → EINVAL; bad magic → EINVAL; no cap → EPERM', () => {
    const { out } = runLinux(function* (_c, o) {
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
      o.push(yield call('reboot', 0x12345678, MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
      o.push(yield call('reboot', MAGIC[0], 1, C('LINUX_REBOOT_CMD_KEXEC'), 0));
    });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL', 'EINVAL']);
    const u = runLinux(function* (_c, o) { o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0)); }, { uid: 1000 });
    assert.deepEqual(errs(u.out), ['EPERM']);
  });

  it('L18: the crash image is never executed by reboot', () => {
    const { m, out } = runLinux(function* (c, o) {
      const base = kx(c.k).crashRes?.start ?? 0n;
      yield* load(c, o, base, [seg(c, { mem: base })], C('KEXEC_ON_CRASH'));
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
    });
    assert.deepEqual(errs(out), ['0', 'EINVAL']);
    assert.equal(m.k.s.generation, 0);
  });

  it('every MAGIC2 value is accepted; the glibc RB_* names are the same commands', () => {
    for (const m2 of ['LINUX_REBOOT_MAGIC2', 'LINUX_REBOOT_MAGIC2A', 'LINUX_REBOOT_MAGIC2B', 'LINUX_REBOOT_MAGIC2C']) {
      const { out } = runLinux(function* (_c, o) { o.push(yield call('reboot', MAGIC[0], C(m2), C('RB_DISABLE_CAD'), 0)); });
      assert.deepEqual(errs(out), ['0'], m2);
    }
  });

  it('a staged normal image: "Starting new kernel" and the next generation runs its init', () => {
    const ran: string[] = [];
    const { m } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)]);
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
    }, { programs: { stage2: function* () { ran.push('stage2'); yield call('getpid'); } } });
    assert.deepEqual(ran, ['stage2']);
    assert.ok(m.events.some((e) => e.type === 'console' && e.text === 'Starting new kernel\n'));
    assert.equal(kx(m.k).generations[1].kernel.banner, 'KSim next');
  });

  it('HALT and POWER_OFF stop the machine; RESTART reboots it', () => {
    for (const [cmd, how] of [['LINUX_REBOOT_CMD_HALT', 'halt'], ['LINUX_REBOOT_CMD_POWER_OFF', 'poweroff'], ['LINUX_REBOOT_CMD_RESTART', 'reboot']] as const) {
      const { m } = runLinux(function* (_c, o) { o.push(yield call('reboot', MAGIC[0], MAGIC[1], C(cmd), 0)); });
      assert.equal(m.k.s.halted?.how, how);
    }
  });
});

describe('kexec/linux: kexec_file_load (spec §5.1, L19–L27)', () => {
  const files = {
    '/boot/vmlinuz': bz,
    '/boot/empty': new Uint8Array(0),
    '/boot/initrd.img': new Uint8Array(5000).fill(1),
    '/boot/short': bz.subarray(0, 1023),
    '/boot/nohdrs': buildBzImage({ fields: { header: 0 } }),
    '/boot/v20b': buildBzImage({ fields: { version: 0x020b } }),
    '/boot/no64': buildBzImage({ fields: { xloadflags: 0x02 } }),
    '/boot/small-init': buildBzImage({ payload: 8192, fields: { init_size: 4096 } }),
  };
  function* open(c: Ctx, path: string): Generator<ReturnType<typeof call>, number, Result> {
    const r = yield call('open', c.str(path), 0);
    return Number(r.ret);
  }

  it('L19: flags 0x40 → EINVAL; L19b: KEXEC_FILE_DEBUG (0x8) → EINVAL in 6.1', () => {
    const { out } = runLinux(function* (c, o) {
      yield* fileLoad(c, o, -1, -1, null, 0x40);
      yield* fileLoad(c, o, -1, -1, null, 0x8);
    });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL']);
  });

  it('L20: kernel_fd −1 → EBADF (KSim opens files read-only, so no write-only descriptor exists)', () => {
    const { out } = runLinux(function* (c, o) { yield* fileLoad(c, o, -1, -1, null, C('KEXEC_FILE_NO_INITRAMFS')); });
    assert.deepEqual(errs(out), ['EBADF']);
  });

  it('L21: kernel_fd a directory → EINVAL; an empty file → EINVAL', () => {
    const { out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/empty');
      yield* fileLoad(c, o, fd, -1, null, C('KEXEC_FILE_NO_INITRAMFS'));
      // A descriptor on a directory: KSim's open only opens files, so the test makes one.
      c.l.l_proc.p_fd[9] = { f_path: '/boot', f_offset: 0 };
      yield* fileLoad(c, o, 9, -1, null, C('KEXEC_FILE_NO_INITRAMFS'));
    }, { files });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL']);
  });

  it('L22: 1023 bytes / not "HdrS" / version 0x020B / no XLF_KERNEL_64 → ENOEXEC', () => {
    const { out } = runLinux(function* (c, o) {
      for (const p of ['/boot/short', '/boot/nohdrs', '/boot/v20b', '/boot/no64']) {
        const fd = yield* open(c, p);
        yield* fileLoad(c, o, fd, -1, null, C('KEXEC_FILE_NO_INITRAMFS'));
      }
    }, { files });
    assert.deepEqual(errs(out), ['ENOEXEC', 'ENOEXEC', 'ENOEXEC', 'ENOEXEC']);
  });

  it('L23: valid bzImage, no NO_INITRAMFS, initrd_fd −1 → EBADF', () => {
    const { out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      yield* fileLoad(c, o, fd, -1, null, 0);
    }, { files });
    assert.deepEqual(errs(out), ['EBADF']);
  });

  it('L24: command line bytes not NUL-terminated → EINVAL', () => {
    const { out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      const s = c.buf(new TextEncoder().encode('init=stage2'));
      o.push(yield call('kexec_file_load', fd, -1, 11, s, C('KEXEC_FILE_NO_INITRAMFS')));
    }, { files });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('L25: cmdline_len + 30 > cmdline_size → EINVAL (2017 bytes pass, 2018 fail)', () => {
    const { out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      yield* fileLoad(c, o, fd, -1, 'x'.repeat(2016), C('KEXEC_FILE_NO_INITRAMFS'));
      yield* fileLoad(c, o, fd, -1, 'x'.repeat(2017), C('KEXEC_FILE_NO_INITRAMFS'));
    }, { files });
    assert.deepEqual(errs(out), ['0', 'EINVAL']);
  });

  it('L26: KEXEC_FILE_UNLOAD with fds −1 → 0', () => {
    const { m, out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      yield* fileLoad(c, o, fd, -1, 'init=stage2', C('KEXEC_FILE_NO_INITRAMFS'));
      yield* fileLoad(c, o, -1, -1, null, C('KEXEC_FILE_UNLOAD'));
    }, { files });
    assert.deepEqual(errs(out), ['0', '0']);
    assert.equal(kx(m.k).normal, null);
  });

  it('L27: init_size smaller than the payload → EINVAL (bufsz > memsz)', () => {
    const { out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/small-init');
      yield* fileLoad(c, o, fd, -1, null, C('KEXEC_FILE_NO_INITRAMFS'));
    }, { files });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('loads a bzImage with an initrd and command line, and boots it: version string and init=', () => {
    const ran: string[] = [];
    const { m, out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      const ifd = yield* open(c, '/boot/initrd.img');
      yield* fileLoad(c, o, fd, ifd, 'root=/dev/vda init=/sbin/stage2 quiet', 0);
      const img = kx(c.k).normal;
      assert.ok(img !== null);
      assert.equal(img.cmdline, 'root=/dev/vda init=/sbin/stage2 quiet');
      assert.equal(img.initrdSize, 5000n);
      assert.deepEqual(img.segments.map((s) => s.role), ['purgatory', 'boot_params', 'kernel', 'initrd']);
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
    }, { files, programs: { stage2: function* () { ran.push('stage2'); yield call('getpid'); } } });
    assert.deepEqual(errs(out), ['0']);
    const g = kx(m.k).generations[1];
    assert.equal(g.kernel.format, 'bzImage');
    assert.equal(g.kernel.banner, 'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) #1 SMP Debian 6.1.76-1');
    assert.equal(g.kernel.cmdline, 'root=/dev/vda init=/sbin/stage2 quiet');
    assert.deepEqual(ran, ['stage2']);
  });

  it('a crash load via KEXEC_FILE_ON_CRASH goes inside the reservation with elfcorehdr=', () => {
    const { m, out } = runLinux(function* (c, o) {
      const fd = yield* open(c, '/boot/vmlinuz');
      yield* fileLoad(c, o, fd, -1, 'init=capture', C('KEXEC_FILE_ON_CRASH') | C('KEXEC_FILE_NO_INITRAMFS'));
    }, { files });
    assert.deepEqual(errs(out), ['0']);
    const st = kx(m.k);
    const res = st.crashRes;
    assert.ok(st.crash !== null && res !== null);
    assert.ok(st.crash.segments.every((s) => s.mem >= res.start && s.mem + s.memsz <= res.end));
    assert.equal(st.crash.segments[0].role, 'elfcorehdr');
  });
});

describe('kexec/linux: kexec jump and crash kernels (spec §8.1, §7.4, L28)', () => {
  it('L28: preserve-context jump: kexec_load → 0; reboot runs the image and returns 0, twice', () => {
    const ran: number[] = [];
    const { m, out } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_PRESERVE_CONTEXT'));
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
      o.push(yield call('getpid'));
    }, { programs: { stage2: function* (c) { ran.push(c.k.s.generation); yield call('getpid'); } } });
    assert.deepEqual(errs(out), ['0', '0', '0', '1']);
    assert.deepEqual(ran, [1, 2]);
    const st = kx(m.k);
    assert.equal(m.k.s.generation, 0);
    assert.notEqual(st.normal, null, 'the image stays loaded');
    assert.deepEqual(st.generations.map((g) => [g.gen, g.ended]), [[0, null], [1, 'kexec_jump'], [2, 'kexec_jump']]);
  });

  it('the old kernel\'s memory comes back after a jump', () => {
    const { m } = runLinux(function* (c, o) {
      yield* load(c, o, ENTRY, [seg(c)], C('KEXEC_PRESERVE_CONTEXT'));
      o.push(yield call('reboot', MAGIC[0], MAGIC[1], C('LINUX_REBOOT_CMD_KEXEC'), 0));
    }, { programs: { stage2: function* () { yield call('getpid'); } } });
    assert.ok(physRead(kx(m.k).phys, ENTRY, 0x4000).every((b) => b === 0));
    assert.equal(kx(m.k).normal?.segments[0].bytes.length, IMG.length);
  });

  it('a panic with a crash image staged boots the crash kernel; the old generation is kept read-only', () => {
    const ran: string[] = [];
    const { m } = runLinux(function* (c, o) {
      const base = kx(c.k).crashRes?.start ?? 0n;
      const cap = buildKsimImage({ banner: 'capture kernel', entry: base, size: 0x2000, init: 'capture' });
      yield* load(c, o, base, [{ buf: c.buf(cap), bufsz: BigInt(cap.length), mem: base, memsz: 0x2000n }], C('KEXEC_ON_CRASH'));
      yield { panic: 'something broke' } as unknown as ReturnType<typeof call>;
    }, { programs: { capture: function* () { ran.push('capture'); yield call('getpid'); } } });
    const st = kx(m.k);
    assert.deepEqual(ran, ['capture']);
    assert.equal(m.k.s.halted, null);
    assert.equal(st.generations[0].ended, 'crash_kexec');
    assert.equal(st.generations[0].panic, 'something broke');
    assert.equal(st.generations[1].crashKernel, true);
    assert.ok(st.vmcore !== null);
    assert.equal(st.vmcore.procs.get(1)?.p_name, 'init');
    assert.deepEqual(st.panics.map((p) => p.outcome), ['crash_kexec']);
  });

  it('a panic without a crash image halts the machine showing the panic', () => {
    const { m } = runLinux(function* () { yield { panic: 'no way out' } as unknown as ReturnType<typeof call>; });
    assert.deepEqual(m.k.s.halted, { how: 'panic', message: 'no way out' });
    assert.ok(m.events.some((e) => e.type === 'panic'));
  });
});

describe('kexec/linux: crash reservation and files (spec §7, L29–L30)', () => {
  it('L29: crashkernel=256M → below 4 GiB, 16 MiB aligned, log line, iomem nesting, kexec_crash_size', () => {
    const { m } = runLinux(function* () { /* nothing */ });
    const st = kx(m.k);
    const r = st.crashRes;
    assert.ok(r !== null && r.end <= 4n * GiB && r.start % (16n * MiB) === 0n);
    assert.deepEqual(st.log, [`Reserving 256MB of memory at ${r.start >> 20n}MB for crashkernel (System RAM: 2047MB)`]);
    const iomem = kexecReadFile(m.k, '/proc/iomem') ?? '';
    assert.match(iomem, new RegExp(`00100000-7fffffff : System RAM\\n  ${r.start.toString(16).padStart(8, '0')}-${(r.end - 1n).toString(16)} : Crash kernel\\n`));
    assert.equal(kexecReadFile(m.k, '/sys/kernel/kexec_crash_size'), '268435456\n');
  });

  it('L30: crashkernel=1G,high with RAM above 4 GiB → main region high, default low region; crash_size reports only the main one', () => {
    const { m } = runLinux(function* () { /* nothing */ }, { config: { memory: 8 * 1024 * 1024 * 1024 }, switches: { crashkernel: '1G,high' } });
    const st = kx(m.k);
    assert.ok(st.crashRes !== null && st.crashRes.start >= 4n * GiB);
    assert.ok(st.crashLowRes !== null && st.crashLowRes.end <= 4n * GiB);
    const lines = (kexecReadFile(m.k, '/proc/iomem') ?? '').split('\n').filter((x) => x.endsWith('Crash kernel'));
    assert.equal(lines.length, 2);
    assert.equal(kexecReadFile(m.k, '/sys/kernel/kexec_crash_size'), `${1n * GiB}\n`);
  });

  it('/proc/iomem and /sys/kernel/kexec_* read through open/read; a procfs file is not a kernel image (EINVAL)', () => {
    let text = '';
    const { out } = runLinux(function* (c, o) {
      const fd = Number((yield call('open', c.str('/proc/iomem'), 0)).ret);
      const buf = c.buf(new Uint8Array(4096));
      const n = Number((yield call('read', fd, buf, 4096)).ret);
      text = new TextDecoder().decode(uvm_peek(c.l.l_proc.p_vmspace, Number(buf), n));
      o.push(yield call('kexec_file_load', fd, -1, 0, 0, C('KEXEC_FILE_NO_INITRAMFS')));
      const fd2 = Number((yield call('open', c.str('/sys/kernel/kexec_crash_size'), 0)).ret);
      o.push(yield call('read', fd2, buf, 64));
    });
    assert.match(text, /System RAM\n {2}[0-9a-f]{8}-[0-9a-f]{8} : Crash kernel\n/);
    assert.deepEqual(errs(out), ['EINVAL', '10']);
  });

  it('/proc/iomem read by a non-root process shows every address as zeros', () => {
    let text = '';
    runLinux(function* (c) {
      const fd = Number((yield call('open', c.str('/proc/iomem'), 0)).ret);
      const buf = c.buf(new Uint8Array(4096));
      const n = Number((yield call('read', fd, buf, 4096)).ret);
      text = new TextDecoder().decode(uvm_peek(c.l.l_proc.p_vmspace, Number(buf), n));
    }, { uid: 1000 });
    assert.ok(text.length > 0);
    assert.ok(text.split('\n').filter(Boolean).every((line) => /^ *00000000-00000000 : /.test(line)), text);
  });

  it('kexec_crash_size can be shrunk, not grown; ENOENT while a crash image is loaded', () => {
    const { m } = runLinux(function* () { /* nothing */ });
    assert.equal(kexecWriteFile(m.k, '/sys/kernel/kexec_crash_size', String(512 * 1024 * 1024)), 'EINVAL');
    assert.equal(kexecWriteFile(m.k, '/sys/kernel/kexec_crash_size', String(128 * 1024 * 1024)), null);
    assert.equal(kexecReadFile(m.k, '/sys/kernel/kexec_crash_size'), '134217728\n');
  });
});

describe('kexec/linux: SystemTap syscall testsuite rows, without CAP_SYS_BOOT (spec §9.2)', () => {
  const cases: [string, (c: Ctx) => ReturnType<typeof call>][] = [
    ['kexec_load(0, 0, NULL, KEXEC_ON_CRASH|KEXEC_ARCH_386)', () => call('kexec_load', 0, 0, 0, C('KEXEC_ON_CRASH') | C('KEXEC_ARCH_386'))],
    ['kexec_load((ulong)-1, 0, NULL, KEXEC_ARCH_DEFAULT)', () => call('kexec_load', -1, 0, 0, 0)],
    ['kexec_load(0, (ulong)-1, NULL, KEXEC_ARCH_DEFAULT)', () => call('kexec_load', 0, -1, 0, 0)],
    ['kexec_load(0, 0, (void*)-1, KEXEC_ARCH_DEFAULT)', () => call('kexec_load', 0, 0, -1, 0)],
    ['kexec_load(0, 0, NULL, (ulong)-1)', () => call('kexec_load', 0, 0, 0, -1)],
    ['kexec_file_load(fd, fd, strlen(cmd), cmd, KEXEC_FILE_ON_CRASH)', (c) => call('kexec_file_load', 3, 3, 3, c.str('abc'), C('KEXEC_FILE_ON_CRASH'))],
    ['kexec_file_load(-1, fd, len, cmd, KEXEC_FILE_UNLOAD)', (c) => call('kexec_file_load', -1, 3, 3, c.str('abc'), C('KEXEC_FILE_UNLOAD'))],
    ['kexec_file_load(fd, -1, len, cmd, KEXEC_FILE_NO_INITRAMFS)', (c) => call('kexec_file_load', 3, -1, 3, c.str('abc'), C('KEXEC_FILE_NO_INITRAMFS'))],
    ['kexec_file_load(fd, fd, (ulong)-1, cmd, KEXEC_FILE_ON_CRASH)', (c) => call('kexec_file_load', 3, 3, -1, c.str('abc'), C('KEXEC_FILE_ON_CRASH'))],
    ['kexec_file_load(fd, fd, len, (char*)-1, KEXEC_FILE_ON_CRASH)', () => call('kexec_file_load', 3, 3, 3, -1, C('KEXEC_FILE_ON_CRASH'))],
    ['kexec_file_load(fd, fd, len, cmd, (ulong)-1)', (c) => call('kexec_file_load', 3, 3, 3, c.str('abc'), -1)],
  ];
  for (const [name, mk] of cases) {
    it(`${name} → EPERM`, () => {
      const { out } = runLinux(function* (c, o) {
        yield call('open', c.str('/dev/null'), 0);
        o.push(yield mk(c));
      }, { uid: 1000, files: { '/dev/null': new Uint8Array(0) } });
      assert.deepEqual(errs(out), ['EPERM']);
    });
  }
});
