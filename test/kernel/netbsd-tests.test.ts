// NetBSD's own tests at the kernel level (spec netbsd-lwp §5.1 T1, T4, T5, T6; T2 and T3 are
// in names.test.ts) and the code-vs-man-page divergence table (KSim follows the code).

import assert from 'node:assert/strict';
import {
  Harness, act, alloc, create, cstr, park, poke32, readstr, sigaction, spin, sys, timespec,
  ucontext, untilState,
} from './harness';
import { PSL_PRIV_MASK, VM_MAXUSER_ADDRESS } from '../../kernel/index';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

function badCreate(label: string, opts: Parameters<typeof ucontext>[3]) {
  return [
    act((c) => { c.v[`uc:${label}`] = ucontext(c, 't', 0, opts); c.v[`lp:${label}`] = alloc(c, 4); }),
    sys('_lwp_create', (c) => [c.v[`uc:${label}`]!, 0, c.v[`lp:${label}`]!], label),
  ];
}

describe('kernel: NetBSD t_lwp_create (spec §5.1 T1)', () => {
  it('T1 lwp_create_works: the LID reported to the creator is the LID the new LWP sees', () => {
    const h = new Harness();
    h.prog('fn', [sys('_lwp_self', [], 'self', (c) => { c.v['seen'] = c.ret; }), sys('_lwp_exit', [])]);
    h.process([...create('a', 'fn'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'create:a'), ok(0));
    assert.deepEqual(res(h, 'w'), ok(0));
    assert.equal(h.v['seen'], h.v['a']);
  });

  it('T1 lwp_create_generic_fail_no_uc_cpu: uc_flags without _UC_CPU: EINVAL', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process(badCreate('c', { flags: h.c('_UC_SIGMASK') }));
    h.run();
    assert.deepEqual(res(h, 'c'), fail('EINVAL'));
  });

  it('T1 MD validation (amd64 untouchable rflags, i386 eflags IOPL, priv escalation): privileged status bits: EINVAL', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([...badCreate('mbz', { psl: 0x8 }), ...badCreate('iopl', { psl: PSL_PRIV_MASK & 0x8000 ? 0x8000 : 0x20 })]);
    h.run();
    assert.deepEqual(res(h, 'mbz'), fail('EINVAL'));
    assert.deepEqual(res(h, 'iopl'), fail('EINVAL'));
  });

  it('T1 MD validation (amd64 pc_too_high, sparc pc_odd / pc_null): EINVAL', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      ...badCreate('high', { pc: VM_MAXUSER_ADDRESS }), ...badCreate('odd', { pc: h.addr('t') + 2 }),
      ...badCreate('null', { pc: 0 }),
    ]);
    h.run();
    assert.deepEqual(res(h, 'high'), fail('EINVAL'));
    assert.deepEqual(res(h, 'odd'), fail('EINVAL'));
    assert.deepEqual(res(h, 'null'), fail('EINVAL'));
  });

  it('T1: a valid text address naming no function faults the new LWP (SIGSEGV), as a wild PC would', () => {
    const h = new Harness({ events: true });
    h.prog('t', []);
    h.process([...badCreate('wild', { pc: 0x9000000 }), spin(100)]);
    h.run();
    const cr = h.events.find((e) => e.type === 'syscall_exit' && e.name === '_lwp_create');
    assert.ok(cr !== undefined && cr.type === 'syscall_exit' && cr.ret === 0);
    const ex = h.events.find((e) => e.type === 'proc_exit');
    assert.ok(ex !== undefined && ex.type === 'proc_exit' && ex.signal === h.c('SIGSEGV'));
  });
});

describe('kernel: libpthread tests at the kernel level (spec §5.1 T4, T5)', () => {
  it('T4 t_join: self-join EDEADLK; join of a not-yet-created LID ESRCH; join 0; again ESRCH; detach of the reaped ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      sys('_lwp_wait', [1, 0], 'self'),
      sys('_lwp_wait', [2, 0], 'early'),
      ...create('a', 't'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'j1'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'j2'),
      sys('_lwp_detach', (c) => [c.v['a']!], 'd'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'self'), fail('EDEADLK'));
    assert.deepEqual(res(h, 'early'), fail('ESRCH'));
    assert.deepEqual(res(h, 'j1'), ok(0));
    assert.deepEqual(res(h, 'j2'), fail('ESRCH'));
    assert.deepEqual(res(h, 'd'), fail('ESRCH'));
  });

  it('T5 t_detach: detach a sleeping joinable LWP 0; join EINVAL; once gone, _lwp_kill(L,0) ESRCH', () => {
    const h = new Harness();
    h.prog('t', [act((c) => { c.v['ts'] = timespec(c, 2, 0); }), sys('nanosleep', (c) => [c.v['ts']!, 0])]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'), sys('_lwp_detach', (c) => [c.v['a']!], 'd'),
      act((c) => { c.v['one'] = timespec(c, 1, 0); c.v['three'] = timespec(c, 3, 0); }),
      sys('nanosleep', (c) => [c.v['one']!, 0]), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'j'),
      sys('nanosleep', (c) => [c.v['three']!, 0]), sys('_lwp_kill', (c) => [c.v['a']!, 0], 'k'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'd'), ok(0));
    assert.deepEqual(res(h, 'j'), fail('EINVAL'));
    assert.deepEqual(res(h, 'k'), fail('ESRCH'));
  });
});

describe('kernel: ptrace-test facts (spec §5.1 T6)', () => {
  it('T6: raise() via _lwp_kill(_lwp_self(), sig) carries si_code SI_LWP', () => {
    const h = new Harness();
    h.prog('handler', [act(() => undefined)]);
    h.process([...sigaction('SIGUSR2', 'handler'), sys('_lwp_kill', (c) => [1, c.h.c('SIGUSR2')], 'k'), spin(3)]);
    h.run();
    assert.deepEqual(res(h, 'k'), ok(0));
    assert.deepEqual(h.handlerRuns, [{ lid: 1, sig: h.c('SIGUSR2'), code: -5, pid: 1 }]);
  });

  it('T6: each LWP\'s _lwp_getprivate() is distinct and is what the kernel reports; names read back exactly', () => {
    const h = new Harness();
    h.prog('t', [
      act((c) => { c.v[`n${c.lid}`] = cstr(c, `thread ${c.lid}`); }),
      sys('_lwp_setprivate', (c) => [0x100000 + c.lid * 0x1000]),
      sys('_lwp_setname', (c) => [0, c.v[`n${c.lid}`]!]),
      sys('_lwp_getprivate', [], 'gp', (c) => { c.v[`p${c.lid}`] = c.ret; }),
      sys('_lwp_unpark', [1, 0]), park('tp'),
    ]);
    h.process([
      ...create('a', 't'), ...create('b', 't'),
      untilState('a', 'LSSLEEP'), untilState('b', 'LSSLEEP'),
      act((c) => {
        for (const lid of [2, 3]) {
          const info = c.h.lwp(lid)!;
          c.v[`kp${lid}`] = info.l_private;
          c.h.names.set(`k${lid}`, info.l_name ?? '');
        }
        c.v['nb'] = alloc(c, 16);
      }),
      sys('_lwp_getname', (c) => [3, c.v['nb']!, 16], 'gn', (c) => c.h.names.set('u3', readstr(c, c.v['nb']!, 16))),
      sys('exit', [0]),
    ]);
    h.run();
    assert.notEqual(h.v['p2'], h.v['p3']);
    assert.equal(h.v['kp2'], h.v['p2']);
    assert.equal(h.v['kp3'], h.v['p3']);
    assert.equal(h.names.get('k2'), 'thread 2');
    assert.equal(h.names.get('u3'), 'thread 3');
  });
});

describe('kernel: code vs man page divergences (KSim follows the code)', () => {
  it('divergence: _lwp_wait(0) when the caller is the only undetached LWP gives ESRCH, not EDEADLK', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([...create('a', 't', 0x40), sys('_lwp_wait', [0, 0], 'w'), sys('exit', [0])]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
  });

  it('divergence: _lwp_park woken by _lwp_unpark, _lwp_unpark_all or a park60 unpark returns 0, not EINTR', () => {
    const h = new Harness();
    h.prog('t', [park('p1'), park('p2'), park('p3'), sys('_lwp_unpark', [1, 0])]);
    h.process([
      ...create('a', 't'),
      untilState('a', 'LSSLEEP'), sys('_lwp_unpark', (c) => [c.v['a']!, 0]),
      act((c) => { c.v['l'] = alloc(c, 4); poke32(c, c.v['l']!, c.v['a']!); }),
      untilState('a', 'LSSLEEP'), sys('_lwp_unpark_all', (c) => [c.v['l']!, 1, 0]),
      untilState('a', 'LSSLEEP'), sys('___lwp_park60', (c) => [3, 0, 0, c.v['a']!, 0, 0], 'mine'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'p1'), ok(0));
    assert.deepEqual(res(h, 'p2'), ok(0));
    assert.deepEqual(res(h, 'p3'), ok(0));
  });

  it('divergence: _lwp_park with an unreadable ts gives EFAULT (not listed by the man page)', () => {
    const h = new Harness();
    h.process([sys('___lwp_park60', [0, 0, 0x7f0000000000, 0, 0, 0], 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('EFAULT'));
  });

  it('divergence: _lwp_suspend(self) with another LWP runnable blocks (EDEADLK only when p_nrlwps == 1)', () => {
    const h = new Harness();
    h.prog('t', [sys('_lwp_suspend', (c) => [c.lid], 'ts')]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), act((c) => { c.v['w'] = c.h.lwp(c.v['a']!)!.l_wmesg === 'lwpwait' ? 1 : 0; }), sys('exit', [0])]);
    h.run();
    assert.equal(h.v['w'], 1);
    assert.equal(h.has('ts'), false);
  });

  it('divergence: _lwp_unpark_all naming a missing LID still processes the others and gives ESRCH', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      act((c) => { c.v['l'] = alloc(c, 8); pokeLid(c, c.v['l']!, 777); pokeLid(c, c.v['l']! + 4, c.v['a']!); }),
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 2, 0], 'u'), sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'u'), fail('ESRCH'));
    assert.deepEqual(res(h, 'tp'), ok(0));
  });

  it('divergence: _lwp_unpark_all never gives ENOMEM (1024 targets are fine)', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['l'] = alloc(c, 4096); for (let i = 0; i < 1024; i++) pokeLid(c, c.v['l']! + 4 * i, 1); }),
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 1024, 0], 'u'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'u'), ok(0));
  });

  it('divergence: _lwp_ctl errors ENODEV, EBUSY, EFAULT exist although the man page lists none', () => {
    const h = new Harness();
    h.process([
      sys('_lwp_ctl', [8, 0], 'nodev'), sys('_lwp_ctl', [1, 0], 'fault'),
      act((c) => { c.l.l_proc.p_lflag |= 0x10; }), sys('_lwp_ctl', [1, 0], 'busy'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'nodev'), fail('ENODEV'));
    assert.deepEqual(res(h, 'fault'), fail('EFAULT'));
    assert.deepEqual(res(h, 'busy'), fail('EBUSY'));
  });
});

function pokeLid(c: Parameters<typeof poke32>[0], addr: number, lid: number): void {
  poke32(c, addr, lid);
}
