// A property test: random multi-LWP programs (create, park with and without timeouts,
// unpark, suspend, continue, wakeup, wait, detach, kill with handlers, exit) on random seeds;
// after every slice the kernel's bookkeeping must be consistent and nothing may throw.

import assert from 'node:assert/strict';
import { Harness, act, alloc, park, poke64, sigaction, sys, ucontext, type Ctx, type Step } from './harness';
import { run, type Kernel } from '../../kernel/index';

const LSIDL = 1, LSRUN = 2, LSSTOP = 4, LSZOMB = 5, LSONPROC = 7, LSSUSPENDED = 8;

function check(k: Kernel): void {
  const s = k.s;
  s.runq.forEach((l, i) => {
    assert.equal(l.l_runq, i, 'run queue index');
    assert.equal(l.l_stat, LSRUN, 'run queue holds LSRUN LWPs');
  });
  for (const ci of s.cpus) {
    if (ci.ci_curlwp !== null) {
      assert.equal(ci.ci_curlwp.l_stat, LSONPROC, 'curlwp is LSONPROC');
      assert.equal(ci.ci_curlwp.l_cpu, ci.ci_index);
    }
  }
  for (const p of s.procs.values()) {
    const all = [...p.p_lwps.values()];
    if (p.p_stat === 5) continue;
    assert.equal(p.p_nlwps, all.length, 'p_nlwps');
    assert.equal(p.p_nzlwps, all.filter((l) => l.l_stat === LSZOMB).length, 'p_nzlwps');
    assert.equal(p.p_ndlwps, all.filter((l) => (l.l_prflag & 0x00800000) !== 0).length, 'p_ndlwps');
    const running = all.filter((l) => l.l_stat !== LSSUSPENDED && l.l_stat !== LSSTOP && l.l_stat !== LSZOMB).length;
    assert.equal(p.p_nrlwps, running, 'p_nrlwps');
    assert.ok(p.p_nlwpwait >= 0 && p.p_nlwpwait <= p.p_nlwps, 'p_nlwpwait');
    for (const l of all) {
      if (l.l_stat === LSRUN) assert.ok(s.runq[l.l_runq] === l || l.l_wchan !== null, 'LSRUN LWP is queued');
      if (l.l_stat === LSONPROC) assert.equal(s.cpus[l.l_cpu]!.ci_curlwp, l, 'LSONPROC LWP is on its CPU');
      if (l.l_cv !== null) assert.ok(l.l_cv.cv_waiters.includes(l), 'cv sleeper is on the cv');
      if (l.l_stat === LSIDL) assert.ok(l.l_start !== null);
    }
    for (const l of p.p_lwpcv.cv_waiters) assert.equal(l.l_cv, p.p_lwpcv);
  }
}

function randomProgram(h: Harness, seed: number, name: string, depth: number): Step[] {
  let x = seed >>> 0 || 1;
  const rnd = (n: number) => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x % n; };
  const lid = (c: Ctx) => (rnd(5) === 0 ? 999 : 1 + ((c.v['rr'] = ((c.v['rr'] ?? 0) + 7) % 6)));
  const steps: Step[] = [];
  for (let i = 0; i < 25; i++) {
    switch (rnd(12)) {
      case 0:
        if (depth < 2) {
          const child = `${name}.${i}`;
          h.prog(child, randomProgram(h, x, child, depth + 1));
          const flags = [0, 0x40, 0x80][rnd(3)]!;
          steps.push(act((c) => { c.v['uc'] = ucontext(c, child); c.v['lp'] = alloc(c, 4); }));
          steps.push(sys('_lwp_create', (c) => [c.v['uc']!, flags, c.v['lp']!]));
        }
        break;
      case 1: steps.push(park('p')); break;
      case 2: steps.push(act((c) => { c.v['ts'] = alloc(c, 16); }), sys('___lwp_park60', (c) => [3, 0, c.v['ts']!, 0, 0, 0])); break;
      case 3: steps.push(sys('_lwp_unpark', (c) => [lid(c), 0])); break;
      case 4: steps.push(sys('_lwp_suspend', (c) => [lid(c)])); break;
      case 5: steps.push(sys('_lwp_continue', (c) => [lid(c)])); break;
      case 6: steps.push(sys('_lwp_wakeup', (c) => [lid(c)])); break;
      case 7: steps.push(sys('_lwp_wait', (c) => [rnd(2) === 0 ? 0 : lid(c), 0])); break;
      case 8: steps.push(sys('_lwp_detach', (c) => [lid(c)])); break;
      case 9: steps.push(sys('_lwp_kill', (c) => [lid(c), [0, 30, 30, 19][rnd(4)]!])); break;
      case 10: steps.push(act((c) => { c.v['ns'] = alloc(c, 16); }), sys('nanosleep', (c) => [c.v['ns']!, 0])); break;
      case 11: steps.push(sys('sched_yield', [])); break;
    }
  }
  return steps;
}

/** A janitor keeps things moving: each round it unparks and continues LIDs 1..8, then naps 1 ms. */
function janitor(): Step[] {
  const steps: Step[] = [act((c) => { c.v['nap'] = alloc(c, 16); poke64(c, c.v['nap']! + 8, 1e6); c.v['jn'] = 0; })];
  for (let lid = 1; lid <= 8; lid++) steps.push(sys('_lwp_unpark', [lid, 0]), sys('_lwp_continue', [lid]));
  steps.push(sys('nanosleep', (c) => [c.v['nap']!, 0]));
  steps.push({ kind: 'goto', target: (c) => (++c.v['jn']! < 150 ? 1 : steps.length) });
  return steps;
}

describe('kernel: invariants under random programs', () => {
  for (let seed = 1; seed <= 24; seed++) {
    it(`seed ${seed}: counters, queues and CPUs stay consistent; nothing throws`, () => {
      const h = new Harness({ seed, cpus: 1 + (seed % 3), preempt: (seed % 4) / 4 });
      h.prog('handler', [act(() => undefined)]);
      h.prog('janitor', janitor());
      const prefix: Step[] = [
        ...sigaction('SIGUSR1', 'handler', seed % 2 === 0 ? h.c('SA_RESTART') : 0),
        act((c) => { c.v['juc'] = ucontext(c, 'janitor'); c.v['jlp'] = alloc(c, 4); }),
        sys('_lwp_create', (c) => [c.v['juc']!, 0x40, c.v['jlp']!]),
      ];
      const body = randomProgram(h, seed * 7919, 'r', 0);
      const start = prefix.length;
      const loop: Step = { kind: 'goto', target: (c) => ((c.v['loops'] = (c.v['loops'] ?? 0) + 1) < 10 ? start : start + body.length + 1) };
      h.process([...prefix, ...body, loop]);
      h.boot();
      let i = 0;
      for (; i < 20000; i++) {
        const r = run(h.k, 1);
        check(h.k);
        if (r.status !== 'budget') break;
      }
      if (process.env['KSIM_INV_VERBOSE']) console.log(seed, i, h.log.length, h.k.s.procs.get(1)!.p_nlwps, h.k.s.time);
    });
  }
});
