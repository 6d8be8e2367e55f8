import { strict as assert } from 'node:assert';
import { prepareSyscall, outParam } from '../../scenario/call-as';
import { compileSource } from '../../scenario/compile';
import { createRun, bootRun } from '../../scenario/run';
import { run } from '../../kernel/machine';
import { syscall } from '../../kernel/kern/syscall';
import { FILES } from './helpers';

describe('scenario prepareSyscall (running a call on behalf of an LWP)', () => {
  const p = compileSource('process init {\n  let x = 1\n  print(x)\n}', FILES).program!;
  const r = createRun(p, { onPrint: () => undefined });
  r.userland.stmtHook = () => true;
  bootRun(r);
  run(r.k, 10);
  const l = r.k.s.procs.get(1)!.p_lwps.get(1)!;

  it('marshals strings, buffers and out-parameters, and reads back what the kernel wrote', () => {
    const set = prepareSyscall(r.k, l, '_lwp_setname', [0, 'runner']);
    assert.ok(!('error' in set));
    l.l_scnum = set.number;
    l.l_args.length = 0;
    l.l_args.push(...set.args);
    syscall(r.k, l);
    assert.equal(l.l_error, 0);
    const ctl = prepareSyscall(r.k, l, '_lwp_ctl', [1, outParam()]);
    assert.ok(!('error' in ctl));
    l.l_scnum = ctl.number;
    l.l_args.length = 0;
    l.l_args.push(...ctl.args);
    syscall(r.k, l);
    const back = ctl.readBack();
    assert.equal(back[0].name, 'address');
    assert.ok(typeof back[0].value === 'number' && back[0].value > 0);
    assert.equal(l.l_name, 'runner');
  });
  it('explains a wrong call', () => {
    assert.deepEqual(prepareSyscall(r.k, l, 'kexec_file_load', []), { error: 'no system call kexec_file_load in the bsd ABI' });
    assert.deepEqual(prepareSyscall(r.k, l, '_lwp_kill', [1]), { error: '_lwp_kill takes 2 arguments, not 1' });
    assert.match((prepareSyscall(r.k, l, '_lwp_kill', ['x', 1]) as { error: string }).error, /cannot be passed as lwpid_t/);
  });
});
