// spec netbsd-lwp §5.2 "_lwp_kill" (G1–G9) and §4.7/§4.8 signal interplay.

import assert from 'node:assert/strict';
import { Harness, act, alloc, create, park, poke32, sigaction, spin, sys, until, untilState } from './harness';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

describe('kernel: _lwp_kill (spec §5.2 G1–G9)', () => {
  it('G1: _lwp_kill(T, 0) live gives 0; _lwp_kill(999, 0) gives ESRCH', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([...create('a', 't'), sys('_lwp_kill', (c) => [c.v['a']!, 0], 'live'), sys('_lwp_kill', [999, 0], 'none'), sys('exit', [0])]);
    h.run();
    assert.deepEqual(res(h, 'live'), ok(0));
    assert.deepEqual(res(h, 'none'), fail('ESRCH'));
  });

  it('G2: _lwp_kill(T, 64), (T, -1), (999, 64) give EINVAL (signal checked first)', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      ...create('a', 't'), sys('_lwp_kill', (c) => [c.v['a']!, 64], 'a'), sys('_lwp_kill', (c) => [c.v['a']!, -1], 'b'),
      sys('_lwp_kill', [999, 64], 'c'), sys('exit', [0]),
    ]);
    h.run();
    for (const l of ['a', 'b', 'c']) assert.deepEqual(res(h, l), fail('EINVAL'));
  });

  it('G3: SIGUSR1 handler; _lwp_kill(T, SIGUSR1): 0; handler runs in T only, si_code -5, si_pid own pid', () => {
    const h = new Harness();
    h.prog('handler', [act((c) => { c.v[`h${c.lid}`] = 1; })]);
    h.prog('t', [until((c) => c.v['h2'] === 1)]);
    h.process([
      ...sigaction('SIGUSR1', 'handler'), ...create('a', 't'),
      sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')], 'k'), sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'k'), ok(0));
    assert.equal(h.v['h2'], 1);
    assert.equal(h.v['h1'], undefined);
    assert.deepEqual(h.handlerRuns, [{ lid: 2, sig: 30, code: -5, pid: 1 }]);
  });

  it('G4: T masks SIGUSR1: stays pending on T, main does not take it, delivered when T unmasks', () => {
    const h = new Harness();
    h.prog('handler', [act((c) => { c.v[`h${c.lid}`] = 1; })]);
    h.prog('t', [
      until((c) => c.v['sent'] === 1), spin(20),
      act((c) => { c.v['pend'] = c.h.lwp(c.lid)!.l_sigpend.names.includes('SIGUSR1') ? 1 : 0; c.v['early'] = c.v['h2'] ?? 0; }),
      sys('sigprocmask', (c) => [c.h.c('SIG_SETMASK'), c.v['zero']!, 0]),
      until((c) => c.v['h2'] === 1),
    ]);
    h.process([
      ...sigaction('SIGUSR1', 'handler'),
      act((c) => {
        c.v['set'] = alloc(c, 16);
        poke32(c, c.v['set'], 1 << (c.h.c('SIGUSR1') - 1));
        c.v['zero'] = alloc(c, 16);
      }),
      // The mask is inherited by T through _lwp_create (no _UC_SIGMASK).
      sys('sigprocmask', (c) => [c.h.c('SIG_BLOCK'), c.v['set']!, 0]),
      ...create('a', 't'),
      sys('sigprocmask', (c) => [c.h.c('SIG_SETMASK'), c.v['zero']!, 0]),
      sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')], 'k'), act((c) => { c.v['sent'] = 1; }),
      spin(50),
      sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'k'), ok(0));
    assert.equal(h.v['pend'], 1);
    assert.equal(h.v['early'], 0);
    assert.equal(h.v['h1'], undefined);
    assert.equal(h.v['h2'], 1);
  });

  it('G5: _lwp_kill(T, SIGKILL) kills the whole process', () => {
    const h = new Harness({ events: true });
    h.prog('t', [park('tp')]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGKILL')], 'k'), spin(10), act((c) => { c.v['after'] = 1; })]);
    const r = h.run();
    assert.equal(r.status, 'idle');
    const ex = h.events.find((e) => e.type === 'proc_exit');
    assert.ok(ex !== undefined && ex.type === 'proc_exit' && ex.signal === 9);
    assert.equal(h.v['after'], undefined);
    assert.equal(h.k.s.procs.get(1)!.p_stat, 5);
  });

  it('G6: _lwp_kill(T, SIGSTOP) stops the whole process', () => {
    const h = new Harness({ events: true });
    h.prog('t', [until(() => false)]);
    h.process([...create('a', 't'), sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGSTOP')], 'k'), act((c) => { c.v['after'] = 1; })]);
    const r = h.run(10_000);
    // The caller stops on its way back to user mode, after the call returned 0.
    const ex = h.events.find((e) => e.type === 'syscall_exit' && e.name === '_lwp_kill');
    assert.ok(ex !== undefined && ex.type === 'syscall_exit' && ex.ret === 0 && ex.errno === null);
    assert.equal(r.status, 'blocked');
    assert.equal(h.v['after'], undefined);
    assert.equal(h.lwp(1)!.state, 'LSSTOP');
    assert.equal(h.lwp(2)!.state, 'LSSTOP');
    assert.equal(h.k.s.procs.get(1)!.p_stat, 4);
  });

  for (const restart of [false, true]) {
    it(`G7: T parked, handler ${restart ? 'with' : 'without'} SA_RESTART; _lwp_kill(T, sig): T's park gives EINTR`, () => {
      const h = new Harness();
      h.prog('handler', [act((c) => { c.v['handled'] = c.lid; })]);
      h.prog('t', [park('tp')]);
      h.process([
        ...sigaction('SIGUSR1', 'handler', restart ? h.c('SA_RESTART') : 0), ...create('a', 't'),
        untilState('a', 'LSSLEEP'), sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')], 'k'),
        sys('_lwp_wait', (c) => [c.v['a']!, 0]),
      ]);
      h.run();
      assert.deepEqual(res(h, 'tp'), fail('EINTR'));
      assert.equal(h.rs('tp').length, 1);
      assert.equal(h.v['handled'], 2);
    });
  }

  it('G8: SIGUSR1 set to SIG_IGN; _lwp_kill(T, SIGUSR1): 0, nothing happens', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      ...sigaction('SIGUSR1', 1), ...create('a', 't'), untilState('a', 'LSSLEEP'),
      sys('_lwp_kill', (c) => [c.v['a']!, c.h.c('SIGUSR1')], 'k'), spin(20),
      act((c) => { c.v['st'] = c.h.lwp(c.v['a']!)!.l_stat; c.v['pend'] = c.h.lwp(c.v['a']!)!.l_sigpend.signals.length; }),
      sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'k'), ok(0));
    assert.equal(h.v['st'], 3);
    assert.equal(h.v['pend'], 0);
    assert.equal(h.has('tp'), false);
  });

  it('G9: _lwp_kill(zombie T, 0) gives ESRCH', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([...create('a', 't'), untilState('a', 'LSZOMB'), sys('_lwp_kill', (c) => [c.v['a']!, 0], 'k')]);
    h.run();
    assert.deepEqual(res(h, 'k'), fail('ESRCH'));
  });
});
