// spec netbsd-lwp §5.2 "Creation / identity / exit" (C1–C14).

import assert from 'node:assert/strict';
import { Harness, act, alloc, create, park, sys, untilState, ucontext, peek32 } from './harness';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

describe('kernel: _lwp_create / identity / exit (spec §5.2 C1–C14)', () => {
  it('C1: fresh process: _lwp_self() is 1', () => {
    const h = new Harness();
    h.process([sys('_lwp_self', [], 'self')]);
    h.run();
    assert.deepEqual(res(h, 'self'), ok(1));
  });

  it('C2: fresh process: create, create gives LIDs 2, 3', () => {
    const h = new Harness();
    h.prog('t', [sys('___lwp_park60', [3, 0, 0, 0, 0, 0])]);
    h.process([...create('a', 't'), ...create('b', 't'), act((c) => c.h.v['done'] = 1)]);
    h.run();
    assert.equal(h.v['a'], 2);
    assert.equal(h.v['b'], 3);
    assert.deepEqual(res(h, 'create:a'), ok(0));
  });

  it('C3: 2 exits and is reaped; next creates get 2 then 4', () => {
    const h = new Harness();
    h.prog('quit', []);
    h.prog('t', [sys('___lwp_park60', [3, 0, 0, 0, 0, 0])]);
    h.process([
      ...create('a', 'quit'), ...create('b', 't'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait'),
      ...create('c', 't'), ...create('d', 't'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'wait'), ok(0));
    assert.deepEqual([h.v['a'], h.v['b'], h.v['c'], h.v['d']], [2, 3, 2, 4]);
  });

  it('C4: ucontext without _UC_CPU gives EINVAL and consumes no LID', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      act((c) => { c.v['uc'] = ucontext(c, 't', 0, { flags: 0 }); c.v['lp'] = alloc(c, 4); }),
      sys('_lwp_create', (c) => [c.v['uc']!, 0, c.v['lp']!], 'bad'),
      ...create('a', 't'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'bad'), fail('EINVAL'));
    assert.equal(h.v['a'], 2);
  });

  it('C5: unreadable ucp gives EFAULT', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['lp'] = alloc(c, 4); }),
      sys('_lwp_create', (c) => [0, 0, c.v['lp']!], 'null'),
      sys('_lwp_create', (c) => [0xdead0000, 0, c.v['lp']!], 'wild'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'null'), fail('EFAULT'));
    assert.deepEqual(res(h, 'wild'), fail('EFAULT'));
  });

  it('C6: unwritable new_lwp gives EFAULT; the new LWP never runs user code (1.76)', () => {
    const h = new Harness();
    h.prog('t', [act((c) => { c.v['ran'] = 1; })]);
    h.process([
      act((c) => { c.v['uc'] = ucontext(c, 't'); }),
      sys('_lwp_create', (c) => [c.v['uc']!, 0, 0], 'create'),
      act((c) => { c.v['dp'] = alloc(c, 4); }),
      // Literal consequence: it is an ordinary zombie that _lwp_wait(0) reaps.
      sys('_lwp_wait', (c) => [0, c.v['dp']!], 'wait', (c) => { c.v['departed'] = peek32(c, c.v['dp']!); }),
    ]);
    h.run();
    assert.deepEqual(res(h, 'create'), fail('EFAULT'));
    assert.equal(h.v['ran'], undefined);
    assert.deepEqual(res(h, 'wait'), ok(0));
    assert.equal(h.v['departed'], 2);
  });

  it('C7: RLIMIT_NTHR reached (no privilege) gives EAGAIN', () => {
    const h = new Harness({ maxlwp: 2 });
    h.prog('t', [sys('___lwp_park60', [3, 0, 0, 0, 0, 0])]);
    h.process([...create('a', 't'), ...create('b', 't')], 'main', 1000);
    h.run();
    assert.deepEqual(res(h, 'create:a'), ok(0));
    assert.deepEqual(res(h, 'create:b'), fail('EAGAIN'));
  });

  it('C8: LWP_SUSPENDED: no user code until _lwp_continue, then it runs', () => {
    const h = new Harness();
    h.prog('t', [act((c) => { c.v['ran'] = 1; })]);
    h.process([
      ...create('a', 't', 0x80),
      untilState('a', 'LSSUSPENDED'),
      act((c) => { c.v['before'] = c.v['ran'] ?? 0; }),
      sys('_lwp_continue', (c) => [c.v['a']!], 'cont'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'create:a'), ok(0));
    assert.equal(h.v['before'], 0);
    assert.deepEqual(res(h, 'cont'), ok(0));
    assert.equal(h.v['ran'], 1);
    assert.deepEqual(res(h, 'wait'), ok(0));
  });

  it('C9: LWP_SUSPENDED then immediate _lwp_continue: runs normally, never suspends', () => {
    const h = new Harness({ cpus: 1, preempt: 0 });
    h.prog('t', [act((c) => { c.v['ran'] = 1; })]);
    h.process([
      ...create('a', 't', 0x80),
      sys('_lwp_continue', (c) => [c.v['a']!], 'cont'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait'),
    ], 'main');
    const seen: string[] = [];
    h.k.sink = (e) => { if (e.type === 'lwp_state' && e.lid === 2) seen.push(e.to); };
    h.run();
    assert.deepEqual(res(h, 'cont'), ok(0));
    assert.equal(h.v['ran'], 1);
    assert.ok(!seen.includes('LSSUSPENDED'));
  });

  it('C10: LWP_DETACHED; _lwp_wait(L) while alive gives EINVAL', () => {
    const h = new Harness();
    h.prog('t', [sys('___lwp_park60', [3, 0, 0, 0, 0, 0])]);
    h.process([...create('a', 't', 0x40), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait')]);
    h.run();
    assert.deepEqual(res(h, 'wait'), fail('EINVAL'));
  });

  it('C11: _lwp_setprivate(p); _lwp_getprivate() is p; other LWPs unchanged', () => {
    const h = new Harness();
    h.prog('t', [sys('_lwp_setprivate', [0x5000]), sys('_lwp_getprivate', [], 'tget')]);
    h.process([
      sys('_lwp_setprivate', [0x1234]), ...create('a', 't'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0]), sys('_lwp_getprivate', [], 'get'),
    ]);
    h.run();
    assert.equal(h.r('get').ret, 0x1234);
    assert.equal(h.r('tget').ret, 0x5000);
  });

  it('C12: the only LWP calls _lwp_exit(): the process exits with status 0', () => {
    const h = new Harness({ events: true });
    h.process([sys('_lwp_exit', [])]);
    const r = h.run();
    assert.equal(r.status, 'idle');
    const ex = h.events.find((e) => e.type === 'proc_exit');
    assert.ok(ex && ex.type === 'proc_exit' && ex.status === 0 && ex.signal === 0);
  });

  it('C13: main + T suspended; main _lwp_exit(): the process lingers, T shown LSSUSPENDED', () => {
    const h = new Harness();
    h.prog('t', [act(() => undefined)]);
    h.process([...create('a', 't', 0x80), untilState('a', 'LSSUSPENDED'), sys('_lwp_exit', [])]);
    const r = h.run();
    assert.equal(r.status, 'blocked');
    assert.equal(h.lwp(2)?.state, 'LSSUSPENDED');
    assert.equal(h.lwp(1)?.state, 'LSZOMB');
    assert.equal(h.k.s.procs.get(1)?.p_stat, 2);
  });

  it('C14: T exits (not detached): zombie; _lwp_kill(T,0) ESRCH; _lwp_wait(T) 0 reaps it', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      ...create('a', 't'), untilState('a', 'LSZOMB'),
      sys('_lwp_kill', (c) => [c.v['a']!, 0], 'kill'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'kill'), fail('ESRCH'));
    assert.deepEqual(res(h, 'wait'), ok(0));
    assert.equal(h.lwp(2), undefined);
  });
});

describe('kernel: _lwp_create signal mask (spec §2.1 step 4)', () => {
  it('_UC_SIGMASK gives the new LWP uc_sigmask; without it the caller\'s mask (SIGKILL/SIGSTOP never masked)', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      act((c) => {
        c.v['uc'] = ucontext(c, 't', 0, { flags: c.h.c('_UC_CPU') | c.h.c('_UC_SIGMASK'), sigmask: (1 << 29) | (1 << 8) });
        c.v['lp'] = alloc(c, 4);
      }),
      sys('_lwp_create', (c) => [c.v['uc']!, 0, c.v['lp']!], 'c1', (c) => { c.v['a'] = peek32(c, c.v['lp']!); }),
      ...create('b', 't'),
      untilState('a', 'LSSLEEP'), untilState('b', 'LSSLEEP'),
      act((c) => { c.h.names.set('ma', c.h.lwp(c.v['a']!)!.l_sigmask.names.join(',')); c.h.names.set('mb', c.h.lwp(c.v['b']!)!.l_sigmask.names.join(',')); }),
      sys('exit', [0]),
    ]);
    h.run();
    assert.equal(h.names.get('ma'), 'SIGUSR1');
    assert.equal(h.names.get('mb'), '');
  });
});

describe('kernel: _lwp_create step 5 (spec §2.1)', () => {
  it('u-area allocation failure (machine switch uarea_alloc_fail) gives ENOMEM after the ucontext checks', () => {
    const h = new Harness({ switches: { uarea_alloc_fail: true } });
    h.prog('t', []);
    h.process([
      act((c) => { c.v['bad'] = ucontext(c, 't', 0, { flags: 0 }); c.v['lp'] = alloc(c, 4); }),
      sys('_lwp_create', (c) => [c.v['bad']!, 0, c.v['lp']!], 'inval'),
      ...create('a', 't'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'inval'), fail('EINVAL'));
    assert.deepEqual(res(h, 'create:a'), fail('ENOMEM'));
  });
});
