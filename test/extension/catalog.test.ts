import * as assert from 'node:assert/strict';
import { buildCatalog, synopsis } from '../../extension/model/catalog';
import { syscallArgs } from '../../kernel/abi/syscalls';

describe('runner syscall catalog', () => {
  it('lists each ABI\'s syscalls with numbers and synopses', () => {
    const bsd = buildCatalog('bsd');
    const park = bsd.find((s) => s.name === '___lwp_park60');
    assert.ok(park);
    assert.equal(park.number, 478);
    assert.match(park.synopsis, /^int ___lwp_park60\(clockid_t clock_id, int flags, struct timespec \*ts, lwpid_t unpark/);
    assert.ok(!bsd.some((s) => s.name === 'kexec_file_load'), 'kexec_file_load is linux only');
    assert.ok(buildCatalog('linux').some((s) => s.name === 'kexec_file_load'));
  });

  it('gives each argument the kind its prompt needs', () => {
    const kinds = (abi: 'bsd' | 'linux', name: string): string[] => buildCatalog(abi).find((s) => s.name === name)!.args.map((a) => a.kind);
    assert.deepEqual(kinds('bsd', '_lwp_kill'), ['lwpid', 'signal']);
    assert.deepEqual(kinds('bsd', 'kexec_load'), ['int', 'int', 'segments', 'flags']);
    assert.deepEqual(kinds('bsd', 'reboot'), ['flags']);
    assert.deepEqual(kinds('linux', 'reboot'), ['flags', 'flags', 'flags', 'pointer']);
    assert.deepEqual(kinds('bsd', '_lwp_setname'), ['lwpid', 'string']);
    assert.deepEqual(kinds('bsd', '_lwp_getname'), ['lwpid', 'buffer', 'int']);
    assert.deepEqual(kinds('bsd', 'nanosleep'), ['timespec', 'pointer']);
    assert.deepEqual(kinds('linux', 'kexec_file_load'), ['fd', 'fd', 'int', 'string', 'flags']);
  });

  it('carries the errors in KSim\'s words', () => {
    const kill = buildCatalog('bsd').find((s) => s.name === '_lwp_kill')!;
    assert.ok(kill.errors.some((e) => e.name === 'ESRCH' && e.meaning.length > 0));
  });

  it('writes synopses like the man pages', () => {
    assert.equal(synopsis('getpid', 'pid_t', []), 'pid_t getpid(void)');
    assert.equal(synopsis('_lwp_unpark', 'int', syscallArgs('_lwp_unpark', 'bsd')), 'int _lwp_unpark(lwpid_t target, const void *hint)');
  });
});
