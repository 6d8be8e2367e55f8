import * as assert from 'node:assert/strict';
import { ViewItems } from '../../debug-adapter/contract';
import { bootsTreeNodes } from '../../extension/model/bootsNodes';
import { kexecTreeNodes } from '../../extension/model/kexecNodes';
import { lwpContext, lwpTreeNodes, STATE_ICONS } from '../../extension/model/lwpNodes';
import { bytes, nanos } from '../../extension/model/nodes';
import { physMemMessage, physMemTreeNodes } from '../../extension/model/physMemNodes';
import { BOOTS, KEXEC, lwp, LWPS, MEMMAP } from './fixtures';

describe('Kernel view items from the contract payloads', () => {
  describe('LWPs', () => {
    const roots = lwpTreeNodes(LWPS);

    it('groups LWPs under their process, both sorted by id', () => {
      assert.deepEqual(roots.map((r) => r.label), ['1 init', '2 other']);
      assert.deepEqual(roots[0].children!.map((c) => c.label), ['1 (unnamed) ◀', '2 worker', '3 sleeper']);
      assert.equal(roots[0].description, 'uid 0 · 3 LWPs · SACTIVE');
      assert.equal(roots[0].contextValue, ViewItems.process);
    });

    it('shows state, wait message, syscall, CPU and decoded flags', () => {
      const worker = roots[0].children![1];
      assert.equal(worker.description, 'LSSLEEP · parked · in ___lwp_park60 · cpu1 · LW_DETACHED');
      assert.deepEqual(worker.icon, STATE_ICONS.LSSLEEP);
      assert.match(worker.tooltip!, /wait channel: `lwp_park:0xffff0001` \(`parked`\)/);
      assert.match(worker.tooltip!, /in `___lwp_park60\(clock_id=3\)`/);
      assert.deepEqual(worker.lwp, { pid: 1, lid: 2, name: 'worker', threadId: undefined });
    });

    it('has an icon for every state', () => {
      for (const s of ['LSIDL', 'LSRUN', 'LSSLEEP', 'LSSTOP', 'LSZOMB', 'LSONPROC', 'LSSUSPENDED'] as const) {
        assert.ok(STATE_ICONS[s].id.length > 0, s);
      }
      assert.equal(new Set(Object.values(STATE_ICONS).map((i) => i.id)).size, 7, 'states are told apart by icon');
    });

    it('sets the context value menus use per state', () => {
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSSLEEP' })), ViewItems.lwpSleeping);
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSSUSPENDED' })), ViewItems.lwpSuspended);
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSRUN', flagNames: ['LW_WSUSPEND'] })), ViewItems.lwpSuspended);
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSONPROC' })), ViewItems.lwpRunnable);
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSZOMB' })), ViewItems.lwpZombie);
      assert.equal(lwpContext(lwp({ pid: 1, lid: 1, state: 'LSIDL' })), ViewItems.lwp);
    });

    it('is empty with no data (the welcome text shows)', () => {
      assert.deepEqual(lwpTreeNodes(undefined), []);
    });
  });

  describe('Kexec', () => {
    const roots = kexecTreeNodes(KEXEC);

    it('shows the normal and the crash image', () => {
      assert.deepEqual(roots.map((r) => r.label), ['Normal image', 'Crash image']);
      assert.equal(roots[0].description, 'entry 0x200000 · 2 segments · kexec_load');
      assert.equal(roots[1].description, 'nothing staged');
    });

    it('lists entry, flags, cmdline, initrd and each segment with buf/bufsz/mem/memsz', () => {
      const fields = Object.fromEntries(roots[0].children!.filter((c) => !c.children).map((c) => [c.label, c.description]));
      assert.equal(fields.entry, '0x200000');
      assert.equal(fields.flags, '0x0');
      assert.equal(fields.cmdline, 'none');
      assert.equal(fields.initrd, 'none');
      assert.equal(fields.init, 'stage2');
      const segs = roots[0].children!.find((c) => c.label === 'segments')!.children!;
      assert.equal(segs.length, 2);
      assert.equal(segs[1].description, '0x300000–0x301000 · 4K');
      assert.deepEqual(segs[1].children!.map((c) => `${c.label}=${c.description}`), ['buf=0x7f0000020000', 'bufsz=100 (100)', 'mem=0x300000', 'memsz=4096 (4K)']);
      assert.equal(segs[0].contextValue, ViewItems.segment);
      assert.deepEqual(segs[0].segment, { image: 'normal', index: 0, mem: '0x200000', memsz: 65536, memoryReference: 'phys:0x200000' });
    });
  });

  describe('Physical memory', () => {
    const roots = physMemTreeNodes(MEMMAP);

    it('sorts the map and overlays staged segments where they land', () => {
      assert.deepEqual(roots.map((r) => r.label), ['reserved', 'System RAM', 'Crash kernel']);
      const ram = roots[1];
      assert.deepEqual(ram.children!.map((c) => c.label), ['normal segment 0']);
      assert.match(ram.description!, /1 staged/);
      assert.deepEqual(roots[2].children!.map((c) => c.label), ['crash segment 0'], 'the crash segment goes in the crash region, not RAM');
      assert.equal(ram.children![0].contextValue, ViewItems.segment);
    });

    it('says how much RAM and how much is resident', () => {
      assert.equal(physMemMessage(MEMMAP), '512M RAM, 128K resident · generation 1');
      assert.equal(physMemMessage(undefined), undefined);
    });
  });

  describe('Boots', () => {
    it('lists generations in order with how each ended', () => {
      const roots = bootsTreeNodes(BOOTS);
      assert.deepEqual(roots.map((r) => r.label), ['generation 1', 'generation 2 ◀']);
      assert.equal(roots[0].description, 'KSim 1.0 · ended by a kexec reboot (RB_KEXEC)');
      assert.equal(roots[1].description, 'KSim 2.0 · running');
      const ended = roots[0].children!.find((c) => c.label === 'ended at');
      assert.equal(ended?.description, '1.5 ms');
      const same = bootsTreeNodes({ current: 1, generations: [{ ...BOOTS.generations[1], detail: 'kexec' }] });
      assert.equal(same[0].description, 'KSim 1.0 · ended by a kexec reboot', 'a detail repeating the end is dropped');
    });

    it('names the image a kexec booted: its format, version, entry, init and command line', () => {
      const [powerOn, next] = bootsTreeNodes(BOOTS);
      const fields = (n: typeof next): string[] => n.children!.map((c) => `${c.label}=${String(c.description)}`);
      assert.deepEqual(fields(next).slice(-3), ['image=ksim, KSim 2.0', 'entry=0x200000', 'init=stage2']);
      assert.ok(!fields(powerOn).some((f) => f.startsWith('image=')), 'the power-on kernel has no image fields');
      const linux = bootsTreeNodes({ current: 1, generations: [{ ...BOOTS.generations[0], image: {
        format: 'bzImage', version: '6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP', entry: '0x1000000', init: '', cmdline: 'console=ttyS0 init=/bin/sh',
      } }] });
      assert.deepEqual(fields(linux[0]).slice(-3), [
        'image=bzImage, 6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP', 'entry=0x1000000', 'cmdline=console=ttyS0 init=/bin/sh',
      ]);
    });

    it('says when a panic booted the crash kernel, with the panic message and its own icon', () => {
      const crash = bootsTreeNodes({ current: 2, generations: [
        { ...BOOTS.generations[1], ended: 'crash_kexec', detail: 'it broke' },
        { ...BOOTS.generations[0], crash: true },
      ] });
      assert.equal(crash[0].description, 'KSim 1.0 · panicked; the crash kernel booted (it broke)');
      assert.equal(crash[0].icon?.id, 'flame');
    });
  });

  it('formats sizes and virtual times', () => {
    assert.equal(bytes(65536), '64K');
    assert.equal(bytes(100), '100');
    assert.equal(bytes(523896 * 1024), '511.6M');
    assert.equal(bytes(3 * 1024 ** 3), '3G');
    assert.equal(nanos('999'), '999 ns');
    assert.equal(nanos('12000'), '12 µs');
    assert.equal(nanos(2000000000n), '2 s');
  });
});
