// spec netbsd-lwp §5.2 "_lwp_suspend / _lwp_continue" (S1–S11) and "_lwp_wakeup" (K1–K7).

import assert from 'node:assert/strict';
import {
  Harness, act, create, park, sigaction, spin, sys, sysn, timespec, until, untilState, type Step,
} from './harness';
import { kpause, kpause_result, resume_register, KSLEEP, type Kernel, type Lwp } from '../../kernel/index';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

/** A looping program: count up forever (the spec's "T spinning"). */
function spinner(): Step[] {
  return [act((c) => { c.v['count'] = (c.v['count'] ?? 0) + 1; }), { kind: 'goto', target: () => 0 }];
}

describe('kernel: _lwp_suspend / _lwp_continue (spec §5.2 S1–S11)', () => {
  it('S1: _lwp_suspend(999) / _lwp_continue(999) give ESRCH / ESRCH', () => {
    const h = new Harness();
    h.process([sys('_lwp_suspend', [999], 's'), sys('_lwp_continue', [999], 'c')]);
    h.run();
    assert.deepEqual(res(h, 's'), fail('ESRCH'));
    assert.deepEqual(res(h, 'c'), fail('ESRCH'));
  });

  it('S2: single runnable LWP: _lwp_suspend(self) gives EDEADLK', () => {
    const h = new Harness();
    h.process([sys('_lwp_suspend', [1], 's')]);
    h.run();
    assert.deepEqual(res(h, 's'), fail('EDEADLK'));
  });

  it('S3: T spinning; _lwp_suspend(T) returns 0 once T is LSSUSPENDED; no progress; continue resumes it', () => {
    const h = new Harness();
    h.prog('t', spinner());
    h.process([
      ...create('a', 't'), until((c) => (c.v['count'] ?? 0) > 3),
      sys('_lwp_suspend', (c) => [c.v['a']!], 's', (c) => { c.v['st'] = c.h.lwp(c.v['a']!)!.l_stat; c.v['c1'] = c.v['count']!; }),
      spin(200), act((c) => { c.v['c2'] = c.v['count']!; }),
      sys('_lwp_continue', (c) => [c.v['a']!], 'c'),
      until((c) => c.v['count']! > c.v['c2']! + 3), sys('exit', [0]),
    ]);
    const r = h.run();
    assert.deepEqual(res(h, 's'), ok(0));
    assert.equal(h.v['st'], 8);
    assert.equal(h.v['c1'], h.v['c2']);
    assert.deepEqual(res(h, 'c'), ok(0));
    assert.equal(r.status, 'idle');
  });

  it('S4: T running, not suspended: _lwp_continue(T) gives 0, no effect', () => {
    const h = new Harness();
    h.prog('t', spinner());
    h.process([
      ...create('a', 't'), until((c) => (c.v['count'] ?? 0) > 3),
      sys('_lwp_continue', (c) => [c.v['a']!], 'c'), act((c) => { c.v['c1'] = c.v['count']!; }),
      until((c) => c.v['count']! > c.v['c1']! + 3), sys('exit', [0]),
    ]);
    assert.equal(h.run().status, 'idle');
    assert.deepEqual(res(h, 'c'), ok(0));
  });

  it('S5: T parked; _lwp_suspend(T) 0; after _lwp_continue(T) T\'s park returns 0', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      sys('_lwp_suspend', (c) => [c.v['a']!], 's'),
      act((c) => { c.v['parkdone'] = c.h.has('tp') ? 1 : 0; }),
      sys('_lwp_continue', (c) => [c.v['a']!], 'c'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    assert.deepEqual(res(h, 's'), ok(0));
    assert.equal(h.v['parkdone'], 0);
    assert.deepEqual(res(h, 'tp'), ok(0));
    assert.deepEqual(res(h, 'w'), ok(0));
  });

  it('S6: T suspended; _lwp_kill(T, SIGUSR1) with a handler: 0; handler runs only after _lwp_continue(T)', () => {
    const h = new Harness();
    h.prog('handler', [act((c) => { c.v['handled'] = c.lid; })]);
    h.prog('t', [act(() => undefined)]);
    h.process([
      ...sigaction('SIGUSR1', 'handler'),
      ...create('a', 't', 0x80), untilState('a', 'LSSUSPENDED'),
      sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')], 'k'),
      spin(50), act((c) => { c.v['before'] = c.v['handled'] ?? 0; }),
      sys('_lwp_continue', (c) => [c.v['a']!], 'c'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'k'), ok(0));
    assert.equal(h.v['before'], 0);
    assert.equal(h.v['handled'], 2);
  });

  it('S7: T exits while main is in the _lwp_suspend(T) wait loop: ESRCH (some schedule; all outcomes 0 or ESRCH)', () => {
    // T is parked; the suspend wakes it (a spurious 0 from its park); U cancels the
    // suspension before T gets back to user mode in some schedules; T then exits while main
    // still waits on p_lwpcv, and main's re-check finds no live T.
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const h = new Harness({ seed });
      h.prog('t', [park('tp')]);
      h.prog('u', [until((c) => c.h.lwp(1)?.state === 'LSSLEEP' || c.h.has('s')), sys('_lwp_continue', (c) => [c.v['a']!])]);
      h.process([
        ...create('a', 't'), untilState('a', 'LSSLEEP'), ...create('u', 'u'),
        sys('_lwp_suspend', (c) => [c.v['a']!], 's'), sys('exit', [0]),
      ]);
      h.run(100_000);
      if (h.has('s')) outcomes.add(String(h.r('s').err));
    }
    assert.ok(outcomes.has('ESRCH'), `outcomes ${[...outcomes].join(',')}`);
    for (const o of outcomes) assert.ok(o === 'ESRCH' || o === 'null', o);
  });

  it('S8: T already suspended; _lwp_suspend(T) blocks on "lwpwait" until the next p_lwpcv broadcast, then 0', () => {
    const h = new Harness();
    h.prog('t', [act(() => undefined)]);
    h.prog('u', [untilState(1, 'LSSLEEP'), spin(20), act((c) => { c.v['mw'] = c.h.lwp(1)!.l_wmesg === 'lwpwait' ? 1 : 0; })]);
    h.process([
      ...create('a', 't', 0x80), untilState('a', 'LSSUSPENDED'), ...create('u', 'u'),
      sys('_lwp_suspend', (c) => [c.v['a']!], 's'),
    ]);
    h.run();
    assert.equal(h.v['mw'], 1);
    assert.deepEqual(res(h, 's'), ok(0));
    assert.ok(h.r('s').time >= 0);
  });

  it('S9: T zombie: _lwp_suspend(T) gives ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([...create('a', 't'), untilState('a', 'LSZOMB'), sys('_lwp_suspend', (c) => [c.v['a']!], 's')]);
    h.run();
    assert.deepEqual(res(h, 's'), fail('ESRCH'));
  });

  it('S10: T calls _lwp_suspend(T): blocks on "lwpwait"; after _lwp_continue(T) still blocked until a broadcast, then 0', () => {
    const h = new Harness();
    h.prog('t', [sys('_lwp_suspend', (c) => [c.lid], 'ts')]);
    h.prog('quit', []);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      act((c) => { c.v['w1'] = c.h.lwp(c.v['a']!)!.l_wmesg === 'lwpwait' ? 1 : 0; }),
      sys('_lwp_continue', (c) => [c.v['a']!], 'c'), spin(50),
      act((c) => { c.v['still'] = c.h.lwp(c.v['a']!)!.l_stat; }),
      ...create('q', 'quit'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    assert.equal(h.v['w1'], 1);
    assert.equal(h.v['still'], 3);
    assert.deepEqual(res(h, 'ts'), ok(0));
    assert.deepEqual(res(h, 'w'), ok(0));
  });

  it('S11: as S10, then a caught signal: handler runs, T suspends in userret, after continue the call is re-executed', () => {
    const h = new Harness({ events: true });
    h.prog('handler', [act((c) => { c.v['handled'] = c.lid; })]);
    h.prog('t', [sys('_lwp_suspend', (c) => [c.lid], 'ts')]);
    h.prog('quit', []);
    h.process([
      ...sigaction('SIGUSR1', 'handler'),
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')]),
      untilState('a', 'LSSUSPENDED'),
      act((c) => { c.v['h1'] = c.v['handled'] ?? 0; }),
      sys('_lwp_continue', (c) => [c.v['a']!]),
      untilState('a', 'LSSLEEP'),
      sys('_lwp_continue', (c) => [c.v['a']!]),
      ...create('q', 'quit'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    // The handler frame is pushed in userret before T suspends; it runs after the continue,
    // before the re-executed _lwp_suspend.
    const iDeliver = h.events.findIndex((e) => e.type === 'signal_deliver' && e.lid === 2);
    const iSusp = h.events.findIndex((e) => e.type === 'lwp_state' && e.lid === 2 && e.to === 'LSSUSPENDED');
    assert.ok(iDeliver >= 0 && iDeliver < iSusp);
    assert.equal(h.v['h1'], 0);
    assert.equal(h.v['handled'], 2);
    const enters = h.events.filter((e) => e.type === 'syscall_enter' && e.lid === 2 && e.name === '_lwp_suspend');
    assert.equal(enters.length, 2);
    assert.deepEqual(res(h, 'ts'), ok(0));
    assert.equal(h.rs('ts').length, 1);
  });
});

// A test-only system call: an uninterruptible kpause (a kernel lock held for a while).
function sys_test_kpause(k: Kernel, l: Lwp): number {
  const r = kpause(k, l, 'testlck', false, 1e9, 'test_kpause', null);
  return r === KSLEEP ? KSLEEP : 0;
}
resume_register('test_kpause', (k, l) => { kpause_result(k, l, false); return 0; }, ['sleepq_block', 'kpause']);

describe('kernel: _lwp_wakeup (spec §5.2 K1–K7)', () => {
  it('K1: _lwp_wakeup(999) gives ESRCH', () => {
    const h = new Harness();
    h.process([sys('_lwp_wakeup', [999], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
  });

  it('K2: T running: _lwp_wakeup(T) gives ENODEV; T\'s next park gives EALREADY', () => {
    const h = new Harness();
    h.prog('t', [until((c) => c.v['go'] === 1), park('tp')]);
    h.process([...create('a', 't'), sys('_lwp_wakeup', (c) => [c.v['a']!], 'w'), act((c) => { c.v['go'] = 1; }), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ENODEV'));
    assert.deepEqual(res(h, 'tp'), fail('EALREADY'));
  });

  it('K3: T parked: _lwp_wakeup(T) 0; park EINTR; next park EALREADY; the one after blocks', () => {
    const h = new Harness();
    h.prog('t', [park('p1'), park('p2'), park('p3')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'), sys('_lwp_wakeup', (c) => [c.v['a']!], 'w'),
      until((c) => c.h.has('p2')), untilState('a', 'LSSLEEP'),
      act((c) => { c.v['blocked'] = c.h.lwp(c.v['a']!)!.l_wmesg === 'parked' ? 1 : 0; }),
      sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'w'), ok(0));
    assert.deepEqual(res(h, 'p1'), fail('EINTR'));
    assert.deepEqual(res(h, 'p2'), fail('EALREADY'));
    assert.equal(h.v['blocked'], 1);
  });

  it('K4: T in nanosleep: _lwp_wakeup(T) 0; nanosleep gives EINTR', () => {
    const h = new Harness();
    h.prog('t', [act((c) => { c.v['ts'] = timespec(c, 10, 0); }), sys('nanosleep', (c) => [c.v['ts']!, 0], 'ns')]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), sys('_lwp_wakeup', (c) => [c.v['a']!], 'w'), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'w'), ok(0));
    assert.deepEqual(res(h, 'ns'), fail('EINTR'));
    assert.equal(h.r('ns').time, 0);
  });

  it('K5: T blocked uninterruptibly (a kernel lock): EBUSY, flags still set', () => {
    const h = new Harness();
    h.k.sysent[9990] = sys_test_kpause;
    h.prog('lock', [sysn(9990, [], 'lock')]);
    h.process([
      ...create('a', 'lock'), untilState('a', 'LSSLEEP'),
      sys('_lwp_wakeup', (c) => [c.v['a']!], 'w'),
      act((c) => { c.v['flags'] = c.h.lwp(c.v['a']!)!.flags.includes('LW_CANCELLED') ? 1 : 0; }),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'wait'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('EBUSY'));
    assert.equal(h.v['flags'], 1);
    assert.deepEqual(res(h, 'lock'), ok(0));
    assert.equal(h.r('lock').time, 1e9);
  });

  it('K6: T suspended or stopped: ENODEV', () => {
    const h = new Harness();
    h.prog('t', [act(() => undefined)]);
    h.process([...create('a', 't', 0x80), untilState('a', 'LSSUSPENDED'), sys('_lwp_wakeup', (c) => [c.v['a']!], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ENODEV'));
  });

  it('K7: _lwp_wakeup(self) gives ENODEV; own next park gives EALREADY', () => {
    const h = new Harness();
    h.process([sys('_lwp_wakeup', [1], 'w'), park('p')]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ENODEV'));
    assert.deepEqual(res(h, 'p'), fail('EALREADY'));
  });
});


describe('kernel: _lwp_wakeup effects on later sleeps (spec §2.8)', () => {
  it('flags set while awake: the next other interruptible sleep gives EINTR at once and clears only LW_CANCELLED; a later park gives EALREADY', () => {
    const h = new Harness();
    h.prog('t', [
      until((c) => c.v['go'] === 1),
      act((c) => { c.v['ts'] = timespec(c, 5, 0); }),
      sys('nanosleep', (c) => [c.v['ts']!, 0], 'ns'),
      act((c) => { c.v['unparked'] = c.h.lwp(c.lid)!.flags.includes('LW_UNPARKED') ? 1 : 0; c.v['cancelled'] = c.h.lwp(c.lid)!.flags.includes('LW_CANCELLED') ? 1 : 0; }),
      park('p'),
    ]);
    h.process([...create('a', 't'), sys('_lwp_wakeup', (c) => [c.v['a']!], 'w'), act((c) => { c.v['go'] = 1; }), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ENODEV'));
    assert.deepEqual(res(h, 'ns'), fail('EINTR'));
    assert.equal(h.r('ns').time, 0);
    assert.equal(h.v['unparked'], 1);
    assert.equal(h.v['cancelled'], 0);
    assert.deepEqual(res(h, 'p'), fail('EALREADY'));
  });
});
