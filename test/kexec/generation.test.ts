// Boot generations (design §2): the identity of the booted kernel comes from the image, the
// old generation's processes end with events, the inspection API shows it all.
import { strict as assert } from 'node:assert';
import {
  abiConst, buildBzImage, buildElf64, buildKsimImage, elfToSegments, inspectGenerations, inspectKexec,
  inspectMemoryMap, readPhysMemory, writePhysMemory, inspectVmcore, readVmcoreMemory, kexecSysctl,
  type SegmentDesc,
} from '../../kernel/index';
import { kx } from '../../kernel/kexec/state';
import { call, machine, type Ctx, type Program, type Result } from './harness';

const RB_KEXEC = abiConst('bsd', 'RB_KEXEC');

function bootInto(descs: (c: Ctx) => SegmentDesc[], entry: bigint, programs: Record<string, Program> = {}): ReturnType<typeof machine> {
  const m = machine({ abi: 'bsd', memory: 512 * 1024 * 1024 }, [{
    name: 'init',
    main: function* (c): Generator<ReturnType<typeof call>, void, Result> {
      const d = descs(c);
      const r = yield call('kexec_load', entry, d.length, c.segs(d), 0);
      assert.equal(r.errno, null);
      yield call('reboot', RB_KEXEC);
    },
  }], programs);
  m.runAll();
  return m;
}

describe('kexec/generation: the booted kernel\'s identity', () => {
  it('a KSim image: banner, entry and init; the init program runs in generation 1', () => {
    const img = buildKsimImage({ banner: 'KSim 2.0', entry: 0x200000n, size: 0x10000, init: 'stage2' });
    const ran: number[] = [];
    const m = bootInto((c) => [{ buf: c.buf(img), bufsz: BigInt(img.length), mem: 0x200000n, memsz: 0x10000n }], 0x200000n,
      { stage2: function* (c) { ran.push(c.k.s.generation); yield call('getpid'); } });
    const g = inspectGenerations(m.k);
    assert.deepEqual(g.map((x) => [x.gen, x.ended]), [[0, 'kexec'], [1, null]]);
    assert.deepEqual({ ...g[1].kernel }, { format: 'ksim', banner: 'KSim 2.0', version: 'KSim 2.0', abi: 'bsd', entry: 0x200000n, init: 'stage2', cmdline: '' });
    assert.deepEqual(ran, [1]);
    const types = m.events.map((e) => e.type);
    assert.ok(types.indexOf('reboot') < types.indexOf('generation'));
    const between = types.slice(types.indexOf('reboot'), types.indexOf('generation'));
    assert.ok(between.includes('lwp_exit') && between.includes('proc_exit'), between.join(','));
  });

  it('a KSim image entered somewhere other than its entry panics the new generation', () => {
    const img = buildKsimImage({ banner: 'KSim 2.0', entry: 0x200000n, size: 0x2000, init: 'stage2' });
    const m = bootInto((c) => [{ buf: c.buf(img), bufsz: BigInt(img.length), mem: 0x200000n, memsz: 0x2000n }], 0x201000n);
    assert.match(kx(m.k).generations[1].panic ?? '', /jumped to 0x201000, but the KSim image at 0x200000 has its entry at 0x200000/);
  });

  it('an ELF kernel turned into segments (kexec-tools style) whose first PT_LOAD holds a KSim image', () => {
    const inner = buildKsimImage({ banner: 'ELF-wrapped KSim', entry: 0x1000000n, size: 0x1000, init: 'stage2' });
    const elf = buildElf64(0x1000000n, [{ paddr: 0x1000000n, vaddr: 0xffffffff81000000n, data: inner, memsz: 0x2000n }]);
    const r = elfToSegments(elf);
    assert.ok(!('error' in r));
    const m = bootInto((c) => r.segments.map((s) => ({ buf: c.buf(s.buf), bufsz: s.bufsz, mem: s.mem, memsz: s.memsz })), r.entry);
    assert.equal(kx(m.k).generations[1].kernel.banner, 'ELF-wrapped KSim');
  });

  it('a whole ELF file placed as one segment: identity from its program headers', () => {
    const elf = buildElf64(0x400000n, [{ paddr: 0x1000000n, data: new Uint8Array(64) }]);
    const m = bootInto((c) => [{ buf: c.buf(elf), bufsz: BigInt(elf.length), mem: 0x400000n, memsz: 0x1000n }], 0x400000n);
    const k1 = kx(m.k).generations[1].kernel;
    assert.equal(k1.format, 'elf64');
    assert.equal(k1.banner, 'ELF kernel (e_machine 62, 1 PT_LOAD)');
  });

  it('a raw bzImage placed by kexec_load: its setup header\'s version string', () => {
    const bz = buildBzImage({ versionString: '6.1.0-ksim-test' });
    const m = bootInto((c) => [{ buf: c.buf(bz), bufsz: BigInt(bz.length), mem: 0x1000000n, memsz: 0x2000n }], 0x1000000n);
    assert.equal(kx(m.k).generations[1].kernel.banner, 'Linux version 6.1.0-ksim-test');
  });

  it('bytes no format recognises: the new generation panics', () => {
    const m = bootInto((c) => [{ buf: c.buf(new Uint8Array(64).fill(0x90)), bufsz: 64n, mem: 0x200000n, memsz: 0x1000n }], 0x200000n);
    assert.equal(kx(m.k).generations[1].panic, 'kexec: no kernel image recognised at entry 0x200000');
    assert.equal(m.k.s.halted?.how, 'panic');
  });
});

describe('kexec/generation: inspection API', () => {
  it('staged images, memory map overlay, phys bytes, sysctls', () => {
    const img = buildKsimImage({ banner: 'x', entry: 0x200000n, size: 0x1000, init: '' });
    const m = machine({ abi: 'bsd', memory: 512 * 1024 * 1024 }, [{
      name: 'init',
      main: function* (c): Generator<ReturnType<typeof call>, void, Result> {
        const d = [{ buf: c.buf(img), bufsz: 0x1000n, mem: 0x200000n, memsz: 0x3000n }];
        yield call('kexec_load', 0x200000n, 1, c.segs(d), 0);
      },
    }]);
    m.runAll();
    const info = inspectKexec(m.k);
    assert.equal(info.normal?.entryHex, '0x200000');
    assert.deepEqual(info.normal?.segments.map((s) => [s.memHex, s.endHex, s.bufsz]), [['0x200000', '0x203000', 0x1000n]]);
    assert.equal(info.locked, false);
    assert.deepEqual(info.log, ['trampoline at 0x200000']);
    const map = inspectMemoryMap(m.k);
    assert.deepEqual(map.staged, [{ slot: 'normal', index: 0, mem: 0x200000n, memsz: 0x3000n, role: null }]);
    assert.equal(map.physSegs.length, 2);
    writePhysMemory(m.k, 0x5000n, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readPhysMemory(m.k, 0x4fffn, 5)], [0, 1, 2, 3, 0]);
    assert.match(kexecSysctl(m.k, 'vm.phys_segs') ?? '', /SEGMENT 1:\n\nstart: {5}0x100000\n/);
    assert.equal(kexecSysctl(m.k, 'kern.securelevel'), '0');
  });

  it('the vmcore of a crashed generation: processes and memory, read-only', () => {
    const m = machine({ abi: 'linux', memory: 1024 * 1024 * 1024, switches: { crashkernel: '64M' } }, [{
      name: 'victim',
      main: function* (c): Generator<ReturnType<typeof call> | { panic: string }, void, Result> {
        const base = kx(c.k).crashRes?.start ?? 0n;
        const cap = buildKsimImage({ banner: 'capture', entry: base, size: 0x1000, init: '' });
        writePhysMemory(c.k, 0x300000n, new TextEncoder().encode('old data'));
        yield call('kexec_load', base, 1, c.segs([{ buf: c.buf(cap), bufsz: 0x1000n, mem: base, memsz: 0x1000n }]), abiConst('linux', 'KEXEC_ON_CRASH'));
        yield { panic: 'oops' };
      },
    }]);
    m.runAll();
    const v = inspectVmcore(m.k);
    assert.ok(v !== null);
    assert.equal(v.panic, 'oops');
    assert.deepEqual(v.procs.map((p) => p.name), ['victim']);
    writePhysMemory(m.k, 0x300000n, new Uint8Array(8));
    assert.equal(new TextDecoder().decode(readVmcoreMemory(m.k, 0x300000n, 8) ?? new Uint8Array(0)), 'old data');
  });
});
