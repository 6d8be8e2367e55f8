// FreeBSD 16 kexec_load(2) and reboot(2) RB_KEXEC: spec §9.4 rows F1–F20 (bsd ABI).
import { strict as assert } from 'node:assert';
import { abiConst, copyout, uvm_peek, type SysArg } from '../../kernel/index';
import { cloneImage, imagesEqual, type SegmentDesc } from '../../kernel/kexec/image';
import { kx } from '../../kernel/kexec/state';
import { buildKsimImage } from '../../kernel/kexec/ksim-image';
import { physRead } from '../../kernel/mem/phys';
import { GiB, MiB } from '../../kernel/mem/map';
import { call, machine, type Ctx, type Machine, type Program, type Result } from './harness';

const RB = (name: string): number => abiConst('bsd', name);
const ENTRY = 0x200000n;
const IMG = buildKsimImage({ banner: 'KSim 2.0', entry: ENTRY, size: 0x10000, init: 'stage2' });

/** One segment holding IMG at ENTRY. */
const imgSeg = (c: Ctx, over: Partial<SegmentDesc> = {}): SegmentDesc => ({
  buf: c.buf(IMG), bufsz: BigInt(IMG.length), mem: ENTRY, memsz: 0x10000n, ...over,
});

/** Runs `body` as root (or `uid`) on a 512 MiB bsd machine; returns the machine and results. */
function runBsd(body: (c: Ctx, out: Result[]) => Generator<ReturnType<typeof call>, void, Result>,
  opts: { uid?: number; config?: object; programs?: Record<string, Program> } = {}): { m: Machine; out: Result[] } {
  const out: Result[] = [];
  const m = machine({ abi: 'bsd', memory: 512 * 1024 * 1024, ...(opts.config ?? {}) },
    [{ name: 'init', uid: opts.uid ?? 0, main: (c) => body(c, out) }], opts.programs ?? {});
  m.runAll();
  return { m, out };
}

const errs = (out: Result[]): string[] => out.map((r) => r.errno ?? String(r.ret));

function* load(c: Ctx, out: Result[], entry: bigint, descs: SegmentDesc[], flags: SysArg = 0): Generator<ReturnType<typeof call>, void, Result> {
  out.push(yield call('kexec_load', entry, descs.length, c.segs(descs), flags));
}

describe('kexec/freebsd: kexec_load(2) (spec §2.2, F1–F14)', () => {
  it('F1: uid ≠ 0 → EPERM, state unchanged', () => {
    const { m, out } = runBsd(function* (c, o) { yield* load(c, o, ENTRY, [imgSeg(c)]); }, { uid: 1000 });
    assert.deepEqual(errs(out), ['EPERM']);
    assert.equal(kx(m.k).normal, null);
  });

  it('F2: count = 17 → EINVAL, staged image unchanged', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      o.push(yield call('kexec_load', ENTRY, 17, c.segs([imgSeg(c)]), 0));
    });
    assert.deepEqual(errs(out), ['0', 'EINVAL']);
    assert.equal(kx(m.k).normal?.segments.length, 1);
  });

  it('F3: count = 0, segments = NULL, nothing staged → 0, still nothing staged', () => {
    const { m, out } = runBsd(function* (_c, o) { o.push(yield call('kexec_load', 0, 0, 0, 0)); });
    assert.deepEqual(errs(out), ['0']);
    assert.equal(kx(m.k).normal, null);
  });

  it('F4: one valid segment → 0; staged bytes = buf + zeros to memsz; console "trampoline at 0x<entry>"', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c, { bufsz: 100n, memsz: 0x2000n })]);
    });
    assert.deepEqual(errs(out), ['0']);
    const img = kx(m.k).normal;
    assert.ok(img !== null);
    assert.equal(img.entry, ENTRY);
    assert.deepEqual(img.segments[0].bytes, IMG.subarray(0, 100));
    assert.equal(img.segments[0].memsz, 0x2000n);
    assert.ok(m.events.some((e) => e.type === 'console' && e.text === 'trampoline at 0x200000\n'));
    assert.ok(m.events.some((e) => e.type === 'image_staged'));
  });

  it('F5: bufsz = memsz + 1 → EINVAL, previous image kept', () => {
    let before: ReturnType<typeof cloneImage> = null;
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      before = cloneImage(kx(c.k).normal);
      yield* load(c, o, ENTRY, [imgSeg(c, { bufsz: 0x2001n, memsz: 0x2000n })]);
    });
    assert.deepEqual(errs(out), ['0', 'EINVAL']);
    assert.ok(imagesEqual(kx(m.k).normal, before));
  });

  it('F6: mem outside every phys seg → EINVAL', () => {
    const { out } = runBsd(function* (c, o) { yield* load(c, o, ENTRY, [imgSeg(c, { mem: 0x40000000n })]); });
    assert.deepEqual(errs(out), ['EINVAL']);
  });

  it('F7: a range crossing 4 GiB (two adjacent phys segs) → EINVAL; inside one → 0', () => {
    const { out } = runBsd(function* (c, o) {
      yield* load(c, o, 4n * GiB, [{ buf: c.buf(IMG), bufsz: 16n, mem: 4n * GiB - 0x1000n, memsz: 0x2000n }]);
      yield* load(c, o, 4n * GiB, [{ buf: c.buf(IMG), bufsz: 16n, mem: 4n * GiB, memsz: 0x2000n }]);
    }, { config: { memory: [{ start: 0x100000, end: 8 * 1024 * 1024 * 1024 }] } });
    assert.deepEqual(errs(out), ['EINVAL', '0']);
  });

  it('F8: count = 1, segments = invalid pointer → EFAULT', () => {
    const { out } = runBsd(function* (_c, o) { o.push(yield call('kexec_load', ENTRY, 1, 0xdead0000, 0)); });
    assert.deepEqual(errs(out), ['EFAULT']);
  });

  it('F9: valid descriptor, buf invalid → EFAULT; previous image kept (and none staged: no panic)', () => {
    let before: ReturnType<typeof cloneImage> = null;
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c, { buf: 0x10n })]);
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      before = cloneImage(kx(c.k).normal);
      yield* load(c, o, ENTRY, [imgSeg(c, { buf: 0x7f0000000000n })]);
    });
    assert.deepEqual(errs(out), ['EFAULT', '0', 'EFAULT']);
    assert.ok(imagesEqual(kx(m.k).normal, before));
    assert.equal(m.k.s.halted, null);
  });

  it('F10: a second call while the first is in progress → EBUSY (EINVAL for count > 16, EPERM unprivileged)', () => {
    const out: Result[] = [];
    const big = new Uint8Array(16 * 1024 * 1024);
    const loader: Program = function* (c) {
      out.push(yield call('kexec_load', ENTRY, 1, c.segs([{ buf: c.buf(big), bufsz: BigInt(big.length), mem: ENTRY, memsz: 16n * MiB }]), 0));
    };
    const racer = (uid: number, count: number): Program => function* (c) {
      // Wait 1 µs of virtual time: the loader is then copying (its load takes ~1.6 ms).
      const ts = new Uint8Array(16);
      new DataView(ts.buffer).setBigInt64(8, 1000n, true);
      yield call('nanosleep', c.buf(ts), 0);
      out.push(yield call('kexec_load', ENTRY, count, c.segs([imgSeg(c)]), 0));
    };
    // hz 100000: a 10 µs tick, so the racers' 1 µs sleep ends long before the 1.6 ms copy.
    const m = machine({ abi: 'bsd', memory: 512 * 1024 * 1024, hz: 100000 }, [
      { name: 'loader', main: loader },
      { name: 'racer', main: racer(0, 1) },
      { name: 'racer17', main: racer(0, 17) },
      { name: 'user', uid: 1000, main: racer(1000, 1) },
    ]);
    m.runAll();
    assert.deepEqual(errs(out).sort(), ['0', 'EBUSY', 'EINVAL', 'EPERM']);
    assert.equal(errs(out)[3], '0', 'the loader finishes last');
  });

  it('F11a: flags = 0xFFFF or KEXEC_ON_CRASH with valid segments → EINVAL', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)], 0xffff);
      yield* load(c, o, ENTRY, [imgSeg(c)], RB('KEXEC_ON_CRASH'));
    });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL']);
    assert.equal(kx(m.k).normal, null);
  });

  it('F11b: mem = 0x1001 or memsz = 0x1001 → EINVAL', () => {
    const { out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c, { mem: 0x1001n, bufsz: 16n, memsz: 0x1000n })]);
      yield* load(c, o, ENTRY, [imgSeg(c, { bufsz: 16n, memsz: 0x1001n })]);
    });
    assert.deepEqual(errs(out), ['EINVAL', 'EINVAL']);
  });

  it('F11c: two overlapping segments → 0', () => {
    const { out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c), imgSeg(c, { mem: ENTRY + 0x1000n, bufsz: 16n })]);
    });
    assert.deepEqual(errs(out), ['0']);
  });

  it('F11d: staged image; count = 0, flags = 1 → EINVAL; image still staged', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      o.push(yield call('kexec_load', 0, 0, 0, 1));
    });
    assert.deepEqual(errs(out), ['0', 'EINVAL']);
    assert.notEqual(kx(m.k).normal, null);
  });

  it('F12: load A then load B → 0, 0; B staged, A gone', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      yield* load(c, o, 0x300000n, [imgSeg(c, { mem: 0x300000n })]);
    });
    assert.deepEqual(errs(out), ['0', '0']);
    assert.equal(kx(m.k).normal?.entry, 0x300000n);
  });

  it('F13: staged image, count = 0, flags = 0 → 0; nothing staged', () => {
    const { m, out } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      o.push(yield call('kexec_load', 0, 0, 0, 0));
    });
    assert.deepEqual(errs(out), ['0', '0']);
    assert.equal(kx(m.k).normal, null);
    assert.ok(m.events.some((e) => e.type === 'image_unloaded'));
    assert.ok(m.events.some((e) => e.type === 'console' && e.text === 'trampoline at 0\n'));
  });

  it('F14: amd64 with LA57 → EINVAL (riscv\'s ENOSYS stub: KSim models amd64 only)', () => {
    const { m, out } = runBsd(function* (c, o) { yield* load(c, o, ENTRY, [imgSeg(c)]); }, { config: { switches: { la57: true } } });
    assert.deepEqual(errs(out), ['EINVAL']);
    assert.equal(kx(m.k).normal, null);
  });

  it('staging copies the bytes: changing the buffer afterwards changes nothing staged', () => {
    const { m } = runBsd(function* (c, o) {
      const b = c.buf(IMG);
      yield* load(c, o, ENTRY, [{ buf: b, bufsz: BigInt(IMG.length), mem: ENTRY, memsz: 0x10000n }]);
      assert.equal(copyout(c.l.l_proc.p_vmspace, Number(b), new Uint8Array(IMG.length).fill(0xee)), 0);
      assert.equal(uvm_peek(c.l.l_proc.p_vmspace, Number(b), 1)[0], 0xee);
    });
    assert.deepEqual(kx(m.k).normal?.segments[0].bytes, IMG);
  });
});

describe('kexec/freebsd: reboot(2) RB_KEXEC (spec §3, F15–F20)', () => {
  const stage2: Program = function* () {
    yield call('getpid');
  };

  it('F15: reboot(RB_KEXEC) by non-root → EPERM', () => {
    const { m, out } = runBsd(function* (_c, o) { o.push(yield call('reboot', RB('RB_KEXEC'))); }, { uid: 1000 });
    assert.deepEqual(errs(out), ['EPERM']);
    assert.equal(m.k.s.halted, null);
  });

  it('F16: reboot(RB_KEXEC), nothing staged → normal reboot', () => {
    const { m, out } = runBsd(function* (_c, o) { o.push(yield call('reboot', RB('RB_KEXEC'))); });
    assert.deepEqual(out, []);
    assert.equal(m.k.s.halted?.how, 'reboot');
    assert.equal(kx(m.k).generations[0].ended, 'reboot');
  });

  it('F17: reboot(RB_KEXEC), staged → "Starting kexec reboot"; segments copied in ascending order; jump to entry', () => {
    const { m } = runBsd(function* (c, o) {
      // Overlapping segments: the higher one is copied last and wins where they overlap.
      const hi = new Uint8Array(16).fill(0xab);
      yield* load(c, o, ENTRY, [{ buf: c.buf(hi), bufsz: 16n, mem: ENTRY + 0x8000n, memsz: 0x1000n }, imgSeg(c)]);
      o.push(yield call('reboot', RB('RB_KEXEC')));
    }, { programs: { stage2 } });
    assert.ok(m.events.some((e) => e.type === 'console' && e.text === 'Starting kexec reboot\n'));
    const st = kx(m.k);
    assert.equal(st.generations[0].ended, 'kexec');
    assert.equal(st.generations[1].kernel.banner, 'KSim 2.0');
    assert.equal(st.generations[1].kernel.init, 'stage2');
    assert.deepEqual(physRead(st.phys, ENTRY, 0x8000), IMG.subarray(0, 0x8000));
    assert.deepEqual([...physRead(st.phys, ENTRY + 0x8000n, 17)], [...new Array(16).fill(0xab), 0]);
    assert.deepEqual(m.u.started, [1]);
    assert.equal(m.k.s.generation, 1);
    assert.ok(m.events.some((e) => e.type === 'lwp_exit' && e.pid === 1));
  });

  it('F18: reboot(RB_KEXEC|RB_HALT), staged → kexec (the hook runs before halt)', () => {
    const { m } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      o.push(yield call('reboot', RB('RB_KEXEC') | RB('RB_HALT')));
    }, { programs: { stage2 } });
    assert.equal(kx(m.k).generations[0].ended, 'kexec');
    assert.deepEqual(m.u.started, [1]);
  });

  it('F19: load A; unload; load B; reboot(RB_KEXEC) → B executed', () => {
    const B = buildKsimImage({ banner: 'Image B', entry: 0x400000n, size: 0x1000, init: 'stage2' });
    const { m } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [imgSeg(c)]);
      o.push(yield call('kexec_load', 0, 0, 0, 0));
      yield* load(c, o, 0x400000n, [{ buf: c.buf(B), bufsz: BigInt(B.length), mem: 0x400000n, memsz: 0x1000n }]);
      o.push(yield call('reboot', RB('RB_KEXEC')));
    }, { programs: { stage2 } });
    assert.equal(kx(m.k).generations[1].kernel.banner, 'Image B');
  });

  it('F20: a zero-length segment below the others; reboot(RB_KEXEC) → every non-empty segment copied', () => {
    const tail = new Uint8Array(32).fill(0x5a);
    const { m } = runBsd(function* (c, o) {
      yield* load(c, o, ENTRY, [
        { buf: 0n, bufsz: 0n, mem: 0x100000n, memsz: 0n },
        imgSeg(c),
        { buf: c.buf(tail), bufsz: 32n, mem: 0x300000n, memsz: 0x1000n },
      ]);
      o.push(yield call('reboot', RB('RB_KEXEC')));
    }, { programs: { stage2 } });
    const st = kx(m.k);
    assert.deepEqual(physRead(st.phys, 0x300000n, 32), tail);
    assert.equal(st.generations[1].kernel.banner, 'KSim 2.0');
  });

  it('RB_HALT and RB_POWEROFF without RB_KEXEC stop the machine', () => {
    for (const [flag, how] of [['RB_HALT', 'halt'], ['RB_POWEROFF', 'poweroff']] as const) {
      const { m } = runBsd(function* (c, o) {
        yield* load(c, o, ENTRY, [imgSeg(c)]);
        o.push(yield call('reboot', RB(flag)));
      });
      assert.equal(m.k.s.halted?.how, how);
      assert.equal(kx(m.k).generations[0].ended, how);
    }
  });

  it('an entry point outside every loaded segment: the new generation panics saying so', () => {
    const { m } = runBsd(function* (c, o) {
      yield* load(c, o, 0x900000n, [imgSeg(c)]);
      o.push(yield call('reboot', RB('RB_KEXEC')));
    });
    const st = kx(m.k);
    assert.equal(m.k.s.halted?.how, 'panic');
    assert.equal(st.generations[1].panic, 'kexec: entry point 0x900000 is outside every loaded segment');
    assert.equal(st.generations[1].ended, 'panic');
  });
});
