// spec netbsd-lwp §5.2 "_lwp_wait" (W1–W14) and §2.10 "_lwp_detach" (D1–D4).

import assert from 'node:assert/strict';
import { Harness, act, alloc, create, park, peek32, sigaction, spin, sys, until, untilState } from './harness';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

describe('kernel: _lwp_wait (spec §5.2 W1–W14)', () => {
  it('W1: _lwp_wait(_lwp_self(), NULL) gives EDEADLK', () => {
    const h = new Harness();
    h.process([sys('_lwp_wait', [1, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('EDEADLK'));
  });

  it('W2: detach self, then _lwp_wait(self) gives EINVAL', () => {
    const h = new Harness();
    h.process([sys('_lwp_detach', [1], 'd'), sys('_lwp_wait', [1, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'd'), ok(0));
    assert.deepEqual(res(h, 'w'), fail('EINVAL'));
  });

  it('W3: only LWP: _lwp_wait(0, &d) gives ESRCH (man page: EDEADLK; code wins)', () => {
    const h = new Harness();
    h.process([act((c) => { c.v['d'] = alloc(c, 4); }), sys('_lwp_wait', (c) => [0, c.v['d']!], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
  });

  it('W4: _lwp_wait(999) / _lwp_wait(-1) give ESRCH', () => {
    const h = new Harness();
    h.process([sys('_lwp_wait', [999, 0], 'a'), sys('_lwp_wait', [-1, 0], 'b')]);
    h.run();
    assert.deepEqual(res(h, 'a'), fail('ESRCH'));
    assert.deepEqual(res(h, 'b'), fail('ESRCH'));
  });

  it('W5: T running; main _lwp_wait(T,&d) blocks until T exits, then 0 and d = T', () => {
    const h = new Harness();
    h.prog('t', [untilState(1, 'LSSLEEP'), act((c) => { c.v['mainwmesg'] = c.h.lwp(1)?.l_wmesg === 'lwpwait' ? 1 : 0; })]);
    h.process([
      ...create('a', 't'), act((c) => { c.v['d'] = alloc(c, 4); }),
      sys('_lwp_wait', (c) => [c.v['a']!, c.v['d']!], 'w', (c) => { c.v['dep'] = peek32(c, c.v['d']!); }),
    ]);
    h.run();
    assert.equal(h.v['mainwmesg'], 1);
    assert.deepEqual(res(h, 'w'), ok(0));
    assert.equal(h.v['dep'], 2);
  });

  it('W6: T already zombie; _lwp_wait(0,&d) gives 0, d = T; again ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      ...create('a', 't'), untilState('a', 'LSZOMB'), act((c) => { c.v['d'] = alloc(c, 4); }),
      sys('_lwp_wait', (c) => [0, c.v['d']!], 'w1', (c) => { c.v['dep'] = peek32(c, c.v['d']!); }),
      sys('_lwp_wait', (c) => [0, c.v['d']!], 'w2'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'w1'), ok(0));
    assert.equal(h.v['dep'], 2);
    assert.deepEqual(res(h, 'w2'), fail('ESRCH'));
  });

  it('W7: main _lwp_wait(T) blocked; T calls _lwp_wait(main): T gets EDEADLK, main still blocked', () => {
    const h = new Harness();
    h.prog('t', [
      untilState(1, 'LSSLEEP'), sys('_lwp_wait', [1, 0], 'tw'),
      // The leaving waiter broadcasts; main re-checks and goes back to sleep.
      untilState(1, 'LSSLEEP'), act((c) => { c.v['mainstate'] = c.h.has('w') ? 0 : c.h.lwp(1)!.l_stat; }),
    ]);
    h.process([...create('a', 't'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'tw'), fail('EDEADLK'));
    assert.equal(h.v['mainstate'], 3);
    assert.deepEqual(res(h, 'w'), ok(0));
  });

  it('W8: exactly 2 LWPs; main blocked in _lwp_wait(0); T _lwp_wait(0) gets EDEADLK; main still blocked', () => {
    const h = new Harness();
    h.prog('t', [
      untilState(1, 'LSSLEEP'), sys('_lwp_wait', [0, 0], 'tw'),
      untilState(1, 'LSSLEEP'), act((c) => { c.v['mainstate'] = c.h.has('w') ? 0 : c.h.lwp(1)!.l_stat; }),
    ]);
    h.process([...create('a', 't'), sys('_lwp_wait', [0, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'tw'), fail('EDEADLK'));
    assert.equal(h.v['mainstate'], 3);
    assert.deepEqual(res(h, 'w'), ok(0));
  });

  it('W9: main waits for T, U waits for any; T exits: main reaps T, U keeps waiting (claimed zombie skipped)', () => {
    const h = new Harness();
    h.prog('t', [act(() => undefined), (untilState('u', 'LSSLEEP'))]);
    h.prog('u', [untilState(1, 'LSSLEEP'), sys('_lwp_wait', [0, 0], 'uw')]);
    h.process([
      ...create('a', 't'), ...create('u', 'u'), act((c) => { c.v['d'] = alloc(c, 4); }),
      sys('_lwp_wait', (c) => [c.v['a']!, c.v['d']!], 'w', (c) => { c.v['dep'] = peek32(c, c.v['d']!); }),
      untilState('u', 'LSSLEEP'),
      act((c) => { c.v['ustate'] = c.h.lwp(c.v['u']!)?.l_stat ?? 0; c.v['uhas'] = c.h.has('uw') ? 1 : 0; }),
    ]);
    h.run();
    assert.deepEqual(res(h, 'w'), ok(0));
    assert.equal(h.v['dep'], h.v['a']);
    assert.equal(h.v['ustate'], 3);
    assert.equal(h.v['uhas'], 0);
  });

  it('W10: main blocked in _lwp_wait(T); U _lwp_detach(T): U gets 0, main EINVAL', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.prog('u', [untilState(1, 'LSSLEEP'), sys('_lwp_detach', (c) => [c.v['a']!], 'ud')]);
    h.process([...create('a', 't'), ...create('u', 'u'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'), until((c) => c.h.has('ud')), sys('exit', [0])]);
    h.run();
    assert.deepEqual(res(h, 'ud'), ok(0));
    assert.deepEqual(res(h, 'w'), fail('EINVAL'));
  });

  it('W11: T zombie; _lwp_detach(T) frees it; _lwp_wait(T) gives ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      ...create('a', 't'), untilState('a', 'LSZOMB'),
      sys('_lwp_detach', (c) => [c.v['a']!], 'd'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'd'), ok(0));
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
  });

  for (const restart of [false, true]) {
    it(`W12: main blocked in _lwp_wait(T); caught signal ${restart ? 'with SA_RESTART: the call silently restarts' : 'without SA_RESTART: EINTR'}`, () => {
      const h = new Harness();
      h.prog('handler', [act((c) => { c.v['handled'] = (c.v['handled'] ?? 0) + 1; })]);
      h.prog('t', [untilState(1, 'LSSLEEP'), sys('_lwp_kill', [1, 30], 'kill'), spin(10)]);
      h.process([
        ...sigaction('SIGUSR1', 'handler', restart ? h.c('SA_RESTART') : 0),
        ...create('a', 't'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
      ]);
      h.run();
      assert.equal(h.v['handled'], 1);
      assert.equal(h.rs('w').length, 1);
      assert.deepEqual(res(h, 'w'), restart ? ok(0) : fail('EINTR'));
    });
  }

  it('W13: departed == NULL is allowed: 0', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([...create('a', 't'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w')]);
    h.run();
    assert.deepEqual(res(h, 'w'), ok(0));
  });

  it('W14: main _lwp_wait(T) with T suspended blocks on "lwpwait" until T is continued and exits', () => {
    const h = new Harness();
    h.prog('t', []);
    h.prog('u', [
      untilState(1, 'LSSLEEP'),
      act((c) => {
        const m = c.h.lwp(1)!;
        c.v['blocked'] = m.l_wmesg === 'lwpwait' && m.l_wchan === 'p_lwpcv@1' && m.syscall === '_lwp_wait' ? 1 : 0;
      }),
      spin(20),
      act((c) => { c.v['still'] = c.h.lwp(1)!.l_stat; }),
      sys('_lwp_continue', (c) => [c.v['a']!]),
    ]);
    h.process([...create('a', 't', 0x80), ...create('u', 'u'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w')]);
    h.run();
    assert.equal(h.v['blocked'], 1);
    assert.equal(h.v['still'], 3);
    assert.deepEqual(res(h, 'w'), ok(0));
  });
});

describe('kernel: _lwp_detach (spec §5.2 D1–D4)', () => {
  it('D1: _lwp_detach(self) gives 0; again EINVAL', () => {
    const h = new Harness();
    h.process([sys('_lwp_detach', [1], 'a'), sys('_lwp_detach', [1], 'b')]);
    h.run();
    assert.deepEqual(res(h, 'a'), ok(0));
    assert.deepEqual(res(h, 'b'), fail('EINVAL'));
  });

  it('D2: _lwp_detach(999) gives ESRCH', () => {
    const h = new Harness();
    h.process([sys('_lwp_detach', [999], 'a')]);
    h.run();
    assert.deepEqual(res(h, 'a'), fail('ESRCH'));
  });

  it('D3: T zombie: _lwp_detach(T) 0 (freed, LID reusable); _lwp_wait(T) ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.prog('p', [park('pp')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSZOMB'),
      sys('_lwp_detach', (c) => [c.v['a']!], 'd'), sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
      ...create('b', 'p'), sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'd'), ok(0));
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
    assert.equal(h.v['b'], 2);
  });

  it('D4: T detached exits; _lwp_wait(T) gives ESRCH (step b frees the pending zombie first)', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([
      ...create('a', 't', 0x40), untilState('a', 'LSZOMB'),
      act((c) => { c.v['zomb'] = c.k.s.procs.get(1)!.p_zomblwp?.l_lid ?? 0; }),
      sys('_lwp_wait', (c) => [c.v['a']!, 0], 'w'),
    ]);
    h.run();
    assert.equal(h.v['zomb'], 2);
    assert.deepEqual(res(h, 'w'), fail('ESRCH'));
  });
});
