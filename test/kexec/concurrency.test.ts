// A load takes virtual time and holds the kexec lock (spec §2.2 step 2, §4.1): what a reboot or
// a second loader sees meanwhile.
import { strict as assert } from 'node:assert';
import { abiConst, buildKsimImage, restoreMachine, run, snapshotMachine } from '../../kernel/index';
import { kx } from '../../kernel/kexec/state';
import { call, machine, type Ctx, type Program, type Result } from './harness';

const IMG = buildKsimImage({ banner: 'old image', entry: 0x200000n, size: 0x1000, init: '' });
const BIG = new Uint8Array(16 * 1024 * 1024);

function* wait(c: Ctx, ns: bigint): Generator<ReturnType<typeof call>, void, Result> {
  const ts = new Uint8Array(16);
  new DataView(ts.buffer).setBigInt64(8, ns, true);
  yield call('nanosleep', c.buf(ts), 0);
}

const bigLoad = (out: Result[], flags = 0): Program => function* (c) {
  out.push(yield call('kexec_load', 0x1000000n, 1, c.segs([{ buf: c.buf(BIG), bufsz: BigInt(BIG.length), mem: 0x1000000n, memsz: BigInt(BIG.length) }]), flags));
};

describe('kexec/concurrency: a load in progress', () => {
  it('linux: reboot(CMD_KEXEC) while another LWP loads → EBUSY (kexec_trylock)', () => {
    const out: Result[] = [];
    const m = machine({ abi: 'linux', memory: 1024 * 1024 * 1024, hz: 100000 }, [
      { name: 'loader', main: bigLoad(out) },
      { name: 'rebooter', main: function* (c) {
        yield* wait(c, 1000n);
        out.push(yield call('reboot', abiConst('linux', 'LINUX_REBOOT_MAGIC1'), abiConst('linux', 'LINUX_REBOOT_MAGIC2'), abiConst('linux', 'LINUX_REBOOT_CMD_KEXEC'), 0));
      } },
    ]);
    m.runAll();
    assert.deepEqual(out.map((r) => r.errno ?? String(r.ret)), ['EBUSY', '0']);
  });

  it('bsd: reboot(RB_KEXEC) while another LWP loads executes the image staged before (the load never finishes)', () => {
    const out: Result[] = [];
    const m = machine({ abi: 'bsd', memory: 1024 * 1024 * 1024, hz: 100000 }, [
      { name: 'loader', main: function* (c) {
        out.push(yield call('kexec_load', 0x200000n, 1, c.segs([{ buf: c.buf(IMG), bufsz: 0x1000n, mem: 0x200000n, memsz: 0x1000n }]), 0));
        yield* bigLoad(out)(c);
      } },
      { name: 'rebooter', main: function* (c) {
        yield* wait(c, 20000n);
        yield call('reboot', abiConst('bsd', 'RB_KEXEC'));
      } },
    ]);
    m.runAll();
    const st = kx(m.k);
    assert.deepEqual(out.map((r) => r.errno ?? String(r.ret)), ['0']);
    assert.equal(st.generations[1].kernel.banner, 'old image');
    assert.equal(st.locked, false, 'the new kernel starts with the lock free');
  });

  it('the copy takes kexec_copy_ns_per_page of virtual time per 4 KiB', () => {
    const out: Result[] = [];
    const m = machine({ abi: 'bsd', memory: 1024 * 1024 * 1024, switches: { kexec_copy_ns_per_page: 1000 } }, [{ name: 'loader', main: bigLoad(out) }]);
    m.runAll();
    assert.deepEqual(out.map((r) => r.errno ?? String(r.ret)), ['0']);
    // 4096 pages × 1000 ns + 2 µs.
    assert.equal(kx(m.k).normal?.loadedAtNs, 4096n * 1000n + 2000n);
  });

  it('the loading LWP sleeps at kimage_load_segment with the lock held', () => {
    const out: Result[] = [];
    let seen: { wmesg: string | null; resume: string | null; locked: boolean } | null = null;
    const m = machine({ abi: 'bsd', memory: 1024 * 1024 * 1024, hz: 100000 }, [
      { name: 'loader', main: bigLoad(out) },
      { name: 'observer', main: function* (c) {
        yield* wait(c, 1000n);
        const l = [...(c.k.s.procs.get(1)?.p_lwps.values() ?? [])][0];
        seen = { wmesg: l?.l_wmesg ?? null, resume: l?.l_resume ?? null, locked: kx(c.k).locked };
      } },
    ]);
    m.runAll();
    assert.deepEqual(seen, { wmesg: 'kexecld', resume: 'kimage_load_segment', locked: true });
  });
});

describe('kexec/concurrency: the state is plain data', () => {
  it('a snapshot taken while a load sleeps restores and finishes the same way', () => {
    const out: Result[] = [];
    const m = machine({ abi: 'bsd', memory: 1024 * 1024 * 1024 }, [{ name: 'loader', main: bigLoad(out) }]);
    // Run until the loader sleeps in kimage_load_segment.
    for (let i = 0; i < 100 && !kx(m.k).locked; i++) run(m.k, 1);
    assert.equal(kx(m.k).locked, true);
    const snap = snapshotMachine(m.k);
    m.runAll();
    const first = kx(m.k).normal;
    restoreMachine(m.k, snap);
    assert.equal(kx(m.k).normal, null);
    assert.equal(kx(m.k).locked, true);
    m.runAll();
    assert.equal(kx(m.k).normal?.loadedAtNs, first?.loadedAtNs);
    assert.equal(kx(m.k).normal?.segments[0].bytes.length, BIG.length);
  });
});
