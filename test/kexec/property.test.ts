// Property: thousands of random, mostly invalid kexec_load calls (seeded). After each call a
// failure has left the staged image byte for byte unchanged (spec §2.3, §4.2), and a success has
// staged exactly the bytes passed.
import { strict as assert } from 'node:assert';
import type { SysArg } from '../../kernel/index';
import { cloneImage, imagesEqual, sortByMem, type SegmentDesc, type StagedImage } from '../../kernel/kexec/image';
import { kx } from '../../kernel/kexec/state';
import { call, machine, type Ctx, type Result } from './harness';
import { seededRandom } from '../seeded-random';


const CALLS = 2000;

function randomCall(r: () => number, c: Ctx, crashBase: bigint): { entry: bigint; count: number; ptr: bigint; flags: SysArg; descs: SegmentDesc[]; payloads: Uint8Array[] } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const count = r() < 0.1 ? pick([0, 17, 18, 1000]) : 1 + Math.floor(r() * 4);
  const n = Math.min(count, 16);
  const descs: SegmentDesc[] = [];
  const payloads: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const pages = BigInt(Math.floor(r() * 4));
    const memsz = r() < 0.1 ? pages * 4096n + 1n : pages * 4096n;
    const bufsz = r() < 0.1 ? memsz + 1n : memsz === 0n ? 0n : BigInt(Math.floor(r() * Number(memsz)));
    const base = pick([0x200000n, 0x300000n, crashBase, 0x1f000000n, 0x40000000n, 0xfffffffffffff000n, 1n << 46n]);
    const mem = BigInt.asUintN(64, r() < 0.1 ? base + 0x801n : base + BigInt(Math.floor(r() * 8)) * 4096n);
    const bytes = new Uint8Array(Number(bufsz < 20000n ? bufsz : 0n)).map(() => Math.floor(r() * 256));
    const buf = r() < 0.1 ? pick([0n, 0x10n, 0x7f0000000000n]) : c.buf(bytes);
    descs.push({ buf, bufsz, mem, memsz });
    payloads.push(bytes);
  }
  const flags: SysArg = r() < 0.15 ? pick([1, 2, 3, 4, 0x10, 0x3e0000, 0x30000, -1]) : 0;
  const ptr = r() < 0.05 ? pick([0n, 0xdead0000n]) : c.segs(descs);
  return { entry: descs[0]?.mem ?? 0n, count, ptr, flags, descs, payloads };
}

for (const abi of ['bsd', 'linux'] as const) {
  describe(`kexec/property: random segment lists (${abi})`, () => {
    it(`${CALLS} seeded random calls: a failure leaves the staged image byte-for-byte unchanged`, function () {
      this.timeout(60000);
      const r = seededRandom(abi === 'bsd' ? 0xb5d : 0x11e);
      let failures = 0;
      let successes = 0;
      const m = machine({ abi, memory: 1024 * 1024 * 1024, switches: { crashkernel: '128M' } }, [{
        name: 'fuzz',
        main: function* (c): Generator<ReturnType<typeof call>, void, Result> {
          const crashBase = kx(c.k).crashRes?.start ?? 0x8000000n;
          for (let i = 0; i < CALLS; i++) {
            const st = kx(c.k);
            const before = { normal: cloneImage(st.normal), crash: cloneImage(st.crash) };
            const x = randomCall(r, c, crashBase);
            const res = yield call('kexec_load', x.entry, x.count, x.ptr, x.flags);
            if (res.errno !== null) {
              failures++;
              // A Linux crash load empties the crash slot before validating (spec §4.2 step 11).
              const crashLoad = abi === 'linux' && (BigInt.asUintN(64, BigInt(x.flags)) & 1n) === 1n && (BigInt.asUintN(64, BigInt(x.flags)) & 0xfffcn) === 0n;
              assert.ok(imagesEqual(st.normal, before.normal), `call ${i}: ${res.errno} changed the normal image`);
              if (!crashLoad) assert.ok(imagesEqual(st.crash, before.crash), `call ${i}: ${res.errno} changed the crash image`);
              continue;
            }
            successes++;
            const slot = abi === 'linux' && (BigInt.asUintN(64, BigInt(x.flags)) & 1n) === 1n ? st.crash : st.normal;
            if (x.count === 0) {
              assert.equal(slot, null);
              continue;
            }
            const img = slot as StagedImage;
            const expected = abi === 'bsd' ? sortByMem(x.descs.map((d, k) => ({ ...d, k }))).map((d) => d.k) : x.descs.map((_d, k) => k);
            assert.equal(img.segments.length, x.descs.length);
            img.segments.forEach((s, j) => assert.ok(Buffer.from(s.bytes).equals(Buffer.from(x.payloads[expected[j]])), `call ${i} segment ${j}: ${s.bytes.length} vs ${x.payloads[expected[j]].length} mem ${s.mem} flags ${x.flags} descs ${x.descs.map((d) => d.mem + ':' + d.bufsz).join(',')}`));
          }
        },
      }]);
      m.runAll(10_000_000);
      assert.equal(failures + successes, CALLS);
      assert.ok(failures > CALLS / 2, `mostly invalid (${failures} failures)`);
      assert.ok(successes > 20, `some valid (${successes} successes)`);
    });
  });
}
