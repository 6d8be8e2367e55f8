// Snapshots of a machine with physical memory and staged images: physical memory is cloned
// copy-on-write (no byte copied by the snapshot or the restore) and staged segment bytes are
// shared, yet every side stays independent. Costs are asserted on the copy-on-write counter
// and on chunk identity, never on wall-clock time.
import { strict as assert } from 'node:assert';
import {
  boot, createMachine, readPhysMemory, restoreMachine, snapshotMachine, TRAP_RETURN, writePhysMemory, type Kernel,
  type KexecState, type MachineSnapshot,
} from '../../kernel/index';
import { kx } from '../../kernel/kexec/state';
import { cloneImage, imagesEqual } from '../../kernel/kexec/image';
import { physCowStats, physEqual, physRead, physWrite, PHYS_CHUNK_SIZE } from '../../kernel/mem/phys';
import { call, machine, type Program, type Result } from './harness';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const BASE = 4n * BigInt(GiB);
const WRITTEN = 256 * MiB;
const PIECE = 16 * MiB;

function snapKexec(snap: MachineSnapshot): KexecState {
  return snap.state.ext.kexec as unknown as KexecState;
}

/** A powered-on 64 GiB machine with no processes and 256 MiB written at 4 GiB. */
function bigMachine(): Kernel {
  const k = createMachine({ abi: 'bsd', memory: 64 * GiB, cpus: 1 }, {
    init: () => undefined, startlwp: () => false, sendsig: () => undefined, run: () => TRAP_RETURN,
  });
  boot(k);
  const piece = new Uint8Array(PIECE);
  for (let i = 0; i < WRITTEN / PIECE; i++) {
    piece.fill(i + 1);
    writePhysMemory(k, BASE + BigInt(i * PIECE), piece);
  }
  return k;
}

describe('kexec/snapshot: physical memory is cloned copy-on-write', () => {
  let k: Kernel;
  before(() => {
    k = bigMachine();
  });

  it('a snapshot after writing 256 MiB copies no byte and shares every chunk', () => {
    const live = kx(k).phys;
    assert.equal(live.chunks.size, WRITTEN / PHYS_CHUNK_SIZE);
    const copied = physCowStats.copiedBytes;
    const snap = snapshotMachine(k);
    assert.equal(physCowStats.copiedBytes, copied);
    const sp = snapKexec(snap).phys;
    assert.equal(sp.chunks.size, live.chunks.size);
    for (const [i, c] of live.chunks) assert.equal(sp.chunks.get(i)?.bytes, c.bytes, `chunk ${i} shared`);
    // Restoring copies nothing either, and the restored machine shares the snapshot's chunks.
    restoreMachine(k, snap);
    assert.equal(physCowStats.copiedBytes, copied);
    const restored = kx(k).phys;
    for (const [i, c] of sp.chunks) assert.equal(restored.chunks.get(i)?.bytes, c.bytes, `chunk ${i} shared`);
  });

  it('a write after the snapshot copies one chunk and does not leak into the snapshot', () => {
    const snap = snapshotMachine(k);
    const sp = snapKexec(snap).phys;
    const addr = BASE + 5n;
    const copied = physCowStats.copiedBytes;
    writePhysMemory(k, addr, new Uint8Array([0xee]));
    assert.equal(physCowStats.copiedBytes, copied + PHYS_CHUNK_SIZE);
    assert.equal(readPhysMemory(k, addr, 1)[0], 0xee);
    assert.equal(physRead(sp, addr, 1)[0], 1);
    // A second write to the same chunk is in place: the live machine owns its copy now.
    writePhysMemory(k, addr + 1n, new Uint8Array([0xef]));
    assert.equal(physCowStats.copiedBytes, copied + PHYS_CHUNK_SIZE);
    // Restore round-trips exactly.
    restoreMachine(k, snap);
    assert.ok(physEqual(kx(k).phys, sp));
    assert.deepEqual([...readPhysMemory(k, addr - 1n, 4)], [1, 1, 1, 1]);
    assert.equal(readPhysMemory(k, BASE + BigInt(WRITTEN) - 1n, 1)[0], WRITTEN / PIECE);
  });

  it('writes into a restored machine or into the snapshot stay on their side', () => {
    const snap = snapshotMachine(k);
    const sp = snapKexec(snap).phys;
    const a = BASE + BigInt(3 * PIECE) + 100n;
    restoreMachine(k, snap);
    writePhysMemory(k, a, new Uint8Array([0x55, 0x66]));
    assert.deepEqual([...physRead(sp, a, 2)], [4, 4]);
    // The other way: a write into the snapshot's memory is not seen by the machine.
    physWrite(sp, a + 10n, new Uint8Array([0x77]));
    assert.equal(readPhysMemory(k, a + 10n, 1)[0], 4);
    // A second restore starts from the snapshot as it now is, and again shares its chunks.
    restoreMachine(k, snap);
    assert.deepEqual([...readPhysMemory(k, a, 2)], [4, 4]);
    assert.equal(readPhysMemory(k, a + 10n, 1)[0], 0x77);
    assert.ok(physEqual(kx(k).phys, sp));
  });
});

describe('kexec/snapshot: staged images share their bytes', () => {
  const SEG = 256 * 1024;
  const pattern = (v: number): Uint8Array => new Uint8Array(SEG).map((_, i) => (i * 7 + v) & 0xff);
  // Loads A, then B (A's buffers would go to the staging pool), then C (which would reuse them).
  const loads = (out: Result[]): Program => function* (c) {
    for (const v of [1, 2, 3]) {
      const bytes = pattern(v);
      out.push(yield call('kexec_load', 0x1000000n, 1, c.segs([
        { buf: c.buf(bytes), bufsz: BigInt(SEG), mem: 0x1000000n, memsz: BigInt(SEG) },
      ]), 0));
    }
  };

  it('a snapshot shares the staged bytes; later loads never overwrite them', () => {
    const out: Result[] = [];
    const m = machine({ abi: 'bsd', memory: GiB }, [{ name: 'loader', main: loads(out) }]);
    for (let i = 0; i < 1000 && out.length < 1; i++) m.runAll(1);
    assert.equal(out.length, 1);
    const a = kx(m.k).normal;
    assert.ok(a !== null);
    const expected = cloneImage(a);
    const snap = snapshotMachine(m.k);
    const sa = snapKexec(snap).normal;
    assert.ok(sa !== null);
    assert.equal(sa.segments[0].bytes, a.segments[0].bytes);
    m.runAll();
    assert.deepEqual(out.map((r) => r.errno), [null, null, null]);
    assert.deepEqual([...kx(m.k).normal!.segments[0].bytes.subarray(0, 4)], [...pattern(3).subarray(0, 4)]);
    assert.ok(imagesEqual(snapKexec(snap).normal, expected), 'the snapshot still holds image A');
    restoreMachine(m.k, snap);
    assert.ok(imagesEqual(kx(m.k).normal, expected));
    // The restored machine shares the snapshot's bytes, and a new load there leaves them alone.
    assert.equal(kx(m.k).normal!.segments[0].bytes, sa.segments[0].bytes);
    m.runAll();
    assert.ok(imagesEqual(snapKexec(snap).normal, expected));
  });
});
