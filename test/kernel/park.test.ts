// spec netbsd-lwp §5.2 "Park / unpark" (P1–P25), §2.11–§2.13.

import assert from 'node:assert/strict';
import {
  Harness, act, alloc, create, park, peek64, poke32, sigaction, spin, sys, timespec, until,
  untilState, type Ctx,
} from './harness';
import { inspectLwp } from '../../kernel/index';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

/** ___lwp_park60 with a timespec at v[tsvar]. */
function parkts(tsvar: string, label: string, flags = 0, clock = 3, unpark = 0) {
  return sys('___lwp_park60', (c) => [clock, flags, c.v[tsvar]!, unpark, 0, 0], label, (c) => readTs(c, tsvar));
}

function readTs(c: Ctx, tsvar: string): void {
  c.v[`${tsvar}.sec`] = peek64(c, c.v[tsvar]!);
  c.v[`${tsvar}.nsec`] = peek64(c, c.v[tsvar]! + 8);
}

function mkts(name: string, sec: number, nsec: number) {
  return act((c) => { c.v[name] = timespec(c, sec, nsec); });
}

describe('kernel: park / unpark (spec §5.2 P1–P25)', () => {
  it('P1: _lwp_unpark(T) while T runs gives 0; T parks: EALREADY; T\'s next park blocks', () => {
    const h = new Harness();
    h.prog('t', [until((c) => c.v['go'] === 1), park('p1'), park('p2')]);
    h.process([
      ...create('a', 't'), sys('_lwp_unpark', (c) => [c.v['a']!, 0], 'u'), act((c) => { c.v['go'] = 1; }),
      until((c) => c.h.has('p1')), untilState('a', 'LSSLEEP'), sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'u'), ok(0));
    assert.deepEqual(res(h, 'p1'), fail('EALREADY'));
    assert.equal(h.has('p2'), false);
  });

  it('P2: 3× _lwp_unpark(T); T parks twice: first EALREADY, second blocks', () => {
    const h = new Harness();
    h.prog('t', [until((c) => c.v['go'] === 1), park('p1'), park('p2')]);
    h.process([
      ...create('a', 't'), ...[1, 2, 3].map(() => sys('_lwp_unpark', (c) => [c.v['a']!, 0])),
      act((c) => { c.v['go'] = 1; }), until((c) => c.h.has('p1')), untilState('a', 'LSSLEEP'), sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'p1'), fail('EALREADY'));
    assert.equal(h.has('p2'), false);
  });

  it('P3: unpark of a parked LWP makes its park return 0 (man page says EINTR; code wins)', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), sys('_lwp_unpark', (c) => [c.v['a']!, 0xabc], 'u'), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'u'), ok(0));
    assert.deepEqual(res(h, 'tp'), ok(0));
  });

  it('P4: _lwp_unpark(999) / _lwp_unpark(0) give ESRCH / ESRCH', () => {
    const h = new Harness();
    h.process([sys('_lwp_unpark', [999, 0], 'a'), sys('_lwp_unpark', [0, 0], 'b')]);
    h.run();
    assert.deepEqual(res(h, 'a'), fail('ESRCH'));
    assert.deepEqual(res(h, 'b'), fail('ESRCH'));
  });

  it('P5: T zombie: _lwp_unpark(T) gives 0 in 1.76 (later kernels: ESRCH)', () => {
    const h = new Harness();
    h.prog('t', []);
    h.process([...create('a', 't'), untilState('a', 'LSZOMB'), sys('_lwp_unpark', (c) => [c.v['a']!, 0], 'u')]);
    h.run();
    assert.deepEqual(res(h, 'u'), ok(0));
  });

  it('P6: relative ts {0,0}: ETIMEDOUT immediately; ts written back {0,0}', () => {
    const h = new Harness();
    h.process([mkts('ts', 0, 0), parkts('ts', 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('ETIMEDOUT'));
    assert.equal(h.r('p').time, 0);
    assert.deepEqual([h.v['ts.sec'], h.v['ts.nsec']], [0, 0]);
  });

  it('P7: relative ts {-1, 0}: ETIMEDOUT immediately', () => {
    const h = new Harness();
    h.process([mkts('ts', -1, 0), parkts('ts', 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('ETIMEDOUT'));
    assert.equal(h.r('p').time, 0);
  });

  it('P8: relative ts {0, 1000000000} or {0, -1}: EINVAL', () => {
    const h = new Harness();
    h.process([mkts('a', 0, 1e9), parkts('a', 'pa'), mkts('b', 0, -1), parkts('b', 'pb')]);
    h.run();
    assert.deepEqual(res(h, 'pa'), fail('EINVAL'));
    assert.deepEqual(res(h, 'pb'), fail('EINVAL'));
  });

  it('P9: TIMER_ABSTIME on CLOCK_MONOTONIC with a deadline 1 s ago: ETIMEDOUT at once, ts not written', () => {
    const h = new Harness();
    h.process([
      mkts('nap', 2, 0), sys('nanosleep', (c) => [c.v['nap']!, 0]),
      mkts('now', 0, 0), sys('clock_gettime', (c) => [3, c.v['now']!], 'g', (c) => readTs(c, 'now')),
      act((c) => { c.v['ts'] = timespec(c, c.v['now.sec']! - 1, c.v['now.nsec']!); }),
      act((c) => { c.v['t0'] = c.k.s.time; }),
      parkts('ts', 'p', 1),
    ]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('ETIMEDOUT'));
    assert.equal(h.r('p').time, h.v['t0']);
    assert.deepEqual([h.v['ts.sec'], h.v['ts.nsec']], [h.v['now.sec']! - 1, h.v['now.nsec']]);
  });

  it('P10: relative {0, 100 ms}, nobody unparks: ETIMEDOUT after ≥ 100 ms; ts = {0,0}', () => {
    const h = new Harness();
    h.process([mkts('ts', 0, 100e6), parkts('ts', 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('ETIMEDOUT'));
    assert.ok(h.r('p').time >= 100e6);
    assert.deepEqual([h.v['ts.sec'], h.v['ts.nsec']], [0, 0]);
  });

  it('P11: relative {10 s}; unparked after ~1 s: 0; ts ≈ {9 s} remaining', () => {
    const h = new Harness();
    h.prog('t', [mkts('ts', 10, 0), parkts('ts', 'p')]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), mkts('nap', 1, 0), sys('nanosleep', (c) => [c.v['nap']!, 0]), sys('_lwp_unpark', (c) => [c.v['a']!, 0]), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'p'), ok(0));
    const left = h.v['ts.sec']! + h.v['ts.nsec']! / 1e9;
    assert.ok(left > 8.9 && left <= 9, String(left));
  });

  it('P12: relative {0, 1 ns} at hz = 100 with an unpark pending: EALREADY; ts written back {0, 10000000}', () => {
    const h = new Harness({ hz: 100 });
    h.process([sys('_lwp_unpark', [1, 0]), mkts('ts', 0, 1), parkts('ts', 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('EALREADY'));
    assert.deepEqual([h.v['ts.sec'], h.v['ts.nsec']], [0, 10_000_000]);
  });

  it('P13: clock_id 999 (or CLOCK_VIRTUAL) with ts: EINVAL; with ts NULL the clock is not examined', () => {
    const h = new Harness();
    h.process([
      mkts('ts', 1, 0), parkts('ts', 'p999', 0, 999), parkts('ts', 'pvirt', 0, 1),
      sys('_lwp_unpark', [1, 0]), sys('___lwp_park60', [999, 0, 0, 0, 0, 0], 'pnull'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'p999'), fail('EINVAL'));
    assert.deepEqual(res(h, 'pvirt'), fail('EINVAL'));
    assert.deepEqual(res(h, 'pnull'), fail('EALREADY'));
  });

  it('P14: pending unpark + relative {0,0}: ETIMEDOUT; the flag survives, next park (no ts) EALREADY', () => {
    const h = new Harness();
    h.process([sys('_lwp_unpark', [1, 0]), mkts('ts', 0, 0), parkts('ts', 'p1'), park('p2')]);
    h.run();
    assert.deepEqual(res(h, 'p1'), fail('ETIMEDOUT'));
    assert.deepEqual(res(h, 'p2'), fail('EALREADY'));
  });

  it('P15: ___lwp_park60(…, unpark = 999, …): ESRCH; the caller does not park; ts not written', () => {
    const h = new Harness();
    h.process([mkts('ts', 0, 1), parkts('ts', 'p', 0, 3, 999)]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('ESRCH'));
    assert.equal(h.r('p').time, 0);
    assert.deepEqual([h.v['ts.sec'], h.v['ts.nsec']], [0, 1]);
  });

  it('P16: ___lwp_park60(…, unpark = self, …): EALREADY immediately', () => {
    const h = new Harness();
    h.process([sys('___lwp_park60', [3, 0, 0, 1, 0, 0], 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('EALREADY'));
  });

  it('P17: T parked; main ___lwp_park60(…, unpark = T, …): T\'s park 0; main parks', () => {
    const h = new Harness();
    h.prog('t', [park('tp'), untilState(1, 'LSSLEEP'), act((c) => { c.v['mw'] = c.h.lwp(1)!.l_wmesg === 'parked' ? 1 : 0; }), sys('_lwp_unpark', [1, 0])]);
    h.process([...create('a', 't'), untilState('a', 'LSSLEEP'), sys('___lwp_park60', (c) => [3, 0, 0, c.v['a']!, 0, 0], 'mp'), sys('_lwp_wait', (c) => [c.v['a']!, 0])]);
    h.run();
    assert.deepEqual(res(h, 'tp'), ok(0));
    assert.equal(h.v['mw'], 1);
    assert.deepEqual(res(h, 'mp'), ok(0));
  });

  it('P18: parked, caught signal with SA_RESTART: EINTR (never restarted)', () => {
    const h = new Harness({ events: true });
    h.prog('handler', [act((c) => { c.v['handled'] = 1; })]);
    h.prog('t', [untilState(1, 'LSSLEEP'), sys('_lwp_kill', [1, 30])]);
    h.process([...sigaction('SIGUSR1', 'handler', h.c('SA_RESTART')), ...create('a', 't'), park('p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('EINTR'));
    assert.equal(h.events.filter((e) => e.type === 'syscall_enter' && e.lid === 1 && e.name === '___lwp_park60').length, 1);
  });

  it('P19: unreadable ts pointer: EFAULT', () => {
    const h = new Harness();
    h.process([sys('___lwp_park60', [3, 0, 0x1000, 0, 0, 0], 'p')]);
    h.run();
    assert.deepEqual(res(h, 'p'), fail('EFAULT'));
  });

  it('P20: _lwp_unpark_all(NULL, 0, NULL) returns 1024', () => {
    const h = new Harness();
    h.process([sys('_lwp_unpark_all', [0, 0, 0], 'u'), sys('_lwp_unpark_all', [0, 5000, 0], 'u2')]);
    h.run();
    assert.deepEqual(res(h, 'u'), ok(1024));
    assert.deepEqual(res(h, 'u2'), ok(1024));
  });

  it('P21: _lwp_unpark_all(list, 0, …) / ntargets 1025: EINVAL / EINVAL', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['l'] = alloc(c, 4 * 1025); }),
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 0, 0], 'a'), sys('_lwp_unpark_all', (c) => [c.v['l']!, 1025, 0], 'b'),
      // size_t truncated to 32 bits: 2^32 + 1 counts as 1.
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 2 ** 32, 0], 'c'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'a'), fail('EINVAL'));
    assert.deepEqual(res(h, 'b'), fail('EINVAL'));
    assert.deepEqual(res(h, 'c'), fail('EINVAL'));
  });

  it('P22: _lwp_unpark_all([T, 999, U]) with T and U parked: both wake (park 0); returns ESRCH (1.76)', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.prog('u', [park('up')]);
    h.process([
      ...create('a', 't'), ...create('b', 'u'), untilState('a', 'LSSLEEP'), untilState('b', 'LSSLEEP'),
      act((c) => { const l = (c.v['l'] = alloc(c, 12)); poke32(c, l, c.v['a']!); poke32(c, l + 4, 999); poke32(c, l + 8, c.v['b']!); }),
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 3, 0], 'ua'),
      sys('_lwp_wait', (c) => [c.v['a']!, 0]), sys('_lwp_wait', (c) => [c.v['b']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'ua'), fail('ESRCH'));
    assert.deepEqual(res(h, 'tp'), ok(0));
    assert.deepEqual(res(h, 'up'), ok(0));
  });

  it('P23: _lwp_unpark_all([T, T]) with T parked: T wakes (0); its next park gives EALREADY', () => {
    const h = new Harness();
    h.prog('t', [park('p1'), park('p2')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      act((c) => { const l = (c.v['l'] = alloc(c, 8)); poke32(c, l, c.v['a']!); poke32(c, l + 4, c.v['a']!); }),
      sys('_lwp_unpark_all', (c) => [c.v['l']!, 2, 0], 'ua'), sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'ua'), ok(0));
    assert.deepEqual(res(h, 'p1'), ok(0));
    assert.deepEqual(res(h, 'p2'), fail('EALREADY'));
  });

  it('P24: unreadable targets pointer: EFAULT, no LWP affected', () => {
    const h = new Harness();
    h.prog('t', [park('tp')]);
    h.process([
      ...create('a', 't'), untilState('a', 'LSSLEEP'),
      sys('_lwp_unpark_all', [0x2000, 2, 0], 'ua'), spin(20),
      act((c) => { c.v['st'] = c.h.lwp(c.v['a']!)!.l_stat; c.v['fl'] = c.h.lwp(c.v['a']!)!.flags.includes('LW_UNPARKED') ? 1 : 0; }),
      sys('exit', [0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 'ua'), fail('EFAULT'));
    assert.equal(h.v['st'], 3);
    assert.equal(h.v['fl'], 0);
  });

  it('P25: T parked; process SIGSTOP then SIGCONT: T stays parked', () => {
    const h = new Harness();
    const tstate = (c: Ctx) => inspectLwp(c.k, 1, 2)?.state;
    h.prog('t', [park('tp')]);
    h.process([...create('a', 't'), until(() => false)], 'victim');
    h.process([
      until((c) => tstate(c) === 'LSSLEEP'),
      sys('kill', (c) => [1, c.h.c('SIGSTOP')], 'stop'),
      act((c) => { c.v['stopped'] = tstate(c) === 'LSSTOP' ? 1 : 0; }),
      sys('kill', (c) => [1, c.h.c('SIGCONT')], 'cont'),
      act((c) => { c.v['after'] = tstate(c) === 'LSSLEEP' ? 1 : 0; }),
      spin(30),
      act((c) => { c.v['still'] = tstate(c) === 'LSSLEEP' && inspectLwp(c.k, 1, 2)!.l_wmesg === 'parked' ? 1 : 0; }),
      sys('kill', (c) => [1, c.h.c('SIGKILL')]),
    ], 'sender');
    h.run();
    assert.deepEqual(res(h, 'stop'), ok(0));
    assert.equal(h.v['stopped'], 1);
    assert.equal(h.v['after'], 1);
    assert.equal(h.v['still'], 1);
    assert.equal(h.has('tp'), false);
  });
});
