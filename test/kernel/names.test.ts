// spec netbsd-lwp §5.2 "Names / lwpctl / tid" (N1–N7, L1–L5, I1).

import assert from 'node:assert/strict';
import { Harness, act, alloc, create, cstr, park, peek32, peek64, readstr, sys, timespec, untilState } from './harness';

const ok = (ret: number) => ({ ret, err: null });
const fail = (err: string) => ({ ret: -1, err });
const res = (h: Harness, label: string) => ({ ret: h.r(label).ret, err: h.r(label).err });

function getname(target: number, len: number, label: string) {
  return [
    act((c) => { c.v[`buf:${label}`] = alloc(c, 32); }),
    sys('_lwp_getname', (c) => [target, c.v[`buf:${label}`]!, len], label, (c) => {
      c.h.names.set(label, readstr(c, c.v[`buf:${label}`]!, 32));
    }),
  ];
}

describe('kernel: _lwp_setname / _lwp_getname (spec §5.2 N1–N7)', () => {
  it('N1: _lwp_setname(0, "worker"); _lwp_getname(0, buf, 32): 0; "worker"', () => {
    const h = new Harness();
    h.process([act((c) => { c.v['n'] = cstr(c, 'worker'); }), sys('_lwp_setname', (c) => [0, c.v['n']!], 's'), ...getname(0, 32, 'g')]);
    h.run();
    assert.deepEqual(res(h, 's'), ok(0));
    assert.deepEqual(res(h, 'g'), ok(0));
    assert.equal(h.names.get('g'), 'worker');
  });

  it('N2: never named: _lwp_getname(0, buf, 16): 0; ""', () => {
    const h = new Harness();
    h.process([...getname(0, 16, 'g')]);
    h.run();
    assert.deepEqual(res(h, 'g'), ok(0));
    assert.equal(h.names.get('g'), '');
  });

  it('N3: a 26-character name is truncated to 15 characters', () => {
    const h = new Harness();
    h.process([act((c) => { c.v['n'] = cstr(c, 'abcdefghijklmnopqrstuvwxyz'); }), sys('_lwp_setname', (c) => [0, c.v['n']!], 's'), ...getname(0, 32, 'g')]);
    h.run();
    assert.deepEqual(res(h, 's'), ok(0));
    assert.equal(h.names.get('g'), 'abcdefghijklmno');
  });

  it('N4: name "worker"; _lwp_getname(0, buf, 3) / len 0: ENAMETOOLONG / ENAMETOOLONG', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['n'] = cstr(c, 'worker'); }), sys('_lwp_setname', (c) => [0, c.v['n']!]),
      ...getname(0, 3, 'g3'), ...getname(0, 0, 'g0'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'g3'), fail('ENAMETOOLONG'));
    assert.equal(h.names.get('g3'), 'wor');
    assert.deepEqual(res(h, 'g0'), fail('ENAMETOOLONG'));
  });

  it('N5: _lwp_setname(999, "x") / _lwp_getname(999, buf, 16): ESRCH / ESRCH', () => {
    const h = new Harness();
    h.process([act((c) => { c.v['n'] = cstr(c, 'x'); }), sys('_lwp_setname', (c) => [999, c.v['n']!], 's'), ...getname(999, 16, 'g')]);
    h.run();
    assert.deepEqual(res(h, 's'), fail('ESRCH'));
    assert.deepEqual(res(h, 'g'), fail('ESRCH'));
  });

  it('N6: _lwp_setname(999, bad_ptr): EFAULT (string copied before the lookup)', () => {
    const h = new Harness();
    h.process([sys('_lwp_setname', [999, 0x1000], 's'), sys('_lwp_setname', [999, 0], 's0')]);
    h.run();
    assert.deepEqual(res(h, 's'), fail('EFAULT'));
    assert.deepEqual(res(h, 's0'), fail('EFAULT'));
  });

  it('N7: _lwp_setname(T, "t") from main; T calls getname(0): "t"', () => {
    const h = new Harness();
    h.prog('t', [untilState(1, 'LSSLEEP'), ...getname(0, 16, 'tg'), sys('_lwp_unpark', [1, 0])]);
    h.process([
      ...create('a', 't'), act((c) => { c.v['n'] = cstr(c, 't'); }), sys('_lwp_setname', (c) => [c.v['a']!, c.v['n']!], 's'),
      park('mp'), sys('_lwp_wait', (c) => [c.v['a']!, 0]),
    ]);
    h.run();
    assert.deepEqual(res(h, 's'), ok(0));
    assert.equal(h.names.get('tg'), 't');
  });
});

describe('kernel: _lwp_ctl (spec §5.2 L1–L5, §2.16)', () => {
  it('L1: _lwp_ctl(LWPCTL_FEATURE_CURCPU, &p): 0; p->lc_curcpu ≥ 0 while running', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['pp'] = alloc(c, 8); }),
      sys('_lwp_ctl', (c) => [1, c.v['pp']!], 'l', (c) => { c.v['p'] = peek64(c, c.v['pp']!); }),
      act((c) => { c.v['cpu'] = peek32(c, c.v['p']!); c.v['oncpu'] = c.l.l_cpu; }),
    ]);
    h.run();
    assert.deepEqual(res(h, 'l'), ok(0));
    assert.ok(h.v['p']! > 0);
    assert.equal(h.v['cpu'], h.v['oncpu']);
    assert.ok(h.v['cpu']! >= 0);
  });

  it('L2: _lwp_ctl(0x4, &p) / _lwp_ctl(0, &p): ENODEV / 0', () => {
    const h = new Harness();
    h.process([act((c) => { c.v['pp'] = alloc(c, 8); }), sys('_lwp_ctl', (c) => [4, c.v['pp']!], 'a'), sys('_lwp_ctl', (c) => [0, c.v['pp']!], 'b')]);
    h.run();
    assert.deepEqual(res(h, 'a'), fail('ENODEV'));
    assert.deepEqual(res(h, 'b'), ok(0));
  });

  it('L3: _lwp_ctl twice gives the same address both times', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['pp'] = alloc(c, 8); }),
      sys('_lwp_ctl', (c) => [3, c.v['pp']!], 'a', (c) => { c.v['p1'] = peek64(c, c.v['pp']!); }),
      sys('_lwp_ctl', (c) => [3, c.v['pp']!], 'b', (c) => { c.v['p2'] = peek64(c, c.v['pp']!); }),
      sys('_lwp_ctl', [3, 0], 'fault'),
    ]);
    h.run();
    assert.equal(h.v['p1'], h.v['p2']);
    assert.deepEqual(res(h, 'fault'), fail('EFAULT'));
  });

  it('L4: after T exits, T\'s block has lc_curcpu == -2', () => {
    const h = new Harness();
    h.prog('t', [act((c) => { c.v['tpp'] = alloc(c, 8); }), sys('_lwp_ctl', (c) => [1, c.v['tpp']!], 'l', (c) => { c.v['tp'] = peek64(c, c.v['tpp']!); })]);
    h.process([...create('a', 't'), untilState('a', 'LSZOMB'), act((c) => { c.v['cur'] = peek32(c, c.v['tp']!); })]);
    h.run();
    assert.equal(h.v['cur'], -2);
  });

  it('L5: a vfork child calling _lwp_ctl gets EBUSY', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['pp'] = alloc(c, 8); c.l.l_proc.p_lflag |= 0x10; }),
      sys('_lwp_ctl', (c) => [1, c.v['pp']!], 'l'),
    ]);
    h.run();
    assert.deepEqual(res(h, 'l'), fail('EBUSY'));
  });

  it('T2 (t_lwp_ctl lwpctl_counter): lc_pctr changes across a 10 ms nanosleep', () => {
    const h = new Harness();
    h.process([
      act((c) => { c.v['pp'] = alloc(c, 8); }),
      sys('_lwp_ctl', (c) => [2, c.v['pp']!], 'l', (c) => { c.v['p'] = peek64(c, c.v['pp']!); }),
      act((c) => { c.v['c1'] = peek32(c, c.v['p']! + 4); c.v['ts'] = timespec(c, 0, 10e6); }),
      sys('nanosleep', (c) => [c.v['ts']!, 0], 'ns'),
      act((c) => { c.v['c2'] = peek32(c, c.v['p']! + 4); }),
    ]);
    h.run();
    assert.deepEqual(res(h, 'l'), ok(0));
    assert.ok(h.v['p']! !== 0);
    assert.deepEqual(res(h, 'ns'), ok(0));
    assert.notEqual(h.v['c1'], h.v['c2']);
  });
});

describe('kernel: _lwp_gettid (spec §5.2 I1, T3)', () => {
  it('I1 / T3 (t_lwp_tid): tids are non-zero, ≤ 0x3fffffff, pairwise distinct, stable; 8 reaps, never EDEADLK', () => {
    const h = new Harness();
    h.prog('t', [sys('_lwp_gettid', [], 'tid', (c) => { c.v[`tid${c.lid}`] = c.ret; }), sys('_lwp_gettid', [], 'tid2', (c) => { c.v[`again${c.lid}`] = c.ret; })]);
    const steps = [sys('_lwp_gettid', [], 'master', (c) => { c.v['master'] = c.ret; })];
    for (let i = 0; i < 8; i++) steps.push(...create(`l${i}`, 't'));
    const reap = [
      act((c) => { c.v['reaped'] = c.v['reaped'] ?? 0; }),
      sys('_lwp_wait', [0, 0], 'w', (c) => { if (c.err === null) c.v['reaped']!++; }),
      { kind: 'goto' as const, target: (c: { v: Record<string, number> }) => (c.v['reaped']! < 8 ? steps.length + 1 : steps.length + 3) },
      act(() => undefined),
    ];
    h.process([...steps, ...reap]);
    h.run();
    assert.equal(h.v['reaped'], 8);
    assert.ok(h.rs('w').every((r) => r.err !== 'EDEADLK'));
    const tids = [h.v['master']!];
    for (let lid = 2; lid <= 9; lid++) {
      assert.equal(h.v[`tid${lid}`], h.v[`again${lid}`]);
      tids.push(h.v[`tid${lid}`]!);
    }
    for (const t of tids) assert.ok(t !== 0 && (t & ~0x3fffffff) === 0);
    assert.equal(new Set(tids).size, 9);
  });
});
