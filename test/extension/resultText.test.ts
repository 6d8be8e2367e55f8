import * as assert from 'node:assert/strict';
import type { RunSyscallResponse } from '../../debug-adapter/contract';
import { hexDump } from '../../extension/model/hexDump';
import { resultText } from '../../extension/model/resultText';

const base: RunSyscallResponse = {
  ret: '0', errno: 0, errnoName: null, errnoMeaning: null, wouldBlock: false, out: [], output: '', rebooted: false, generation: 1,
};

describe('syscall runner results', () => {
  it('shows success as the return value', () => {
    const r = resultText('_lwp_self()', { ...base, ret: '1' });
    assert.equal(r.headline, '_lwp_self() = 1');
    assert.equal(r.failed, false);
  });

  it('shows failure with the errno name and the adapter\'s meaning', () => {
    const r = resultText('_lwp_kill(9, 15)', { ...base, ret: '-1', errno: 3, errnoName: 'ESRCH', errnoMeaning: 'no LWP 9 in the process' });
    assert.equal(r.headline, '_lwp_kill(9, 15) = -1 ESRCH: no LWP 9 in the process');
    assert.equal(r.failed, true);
  });

  it('falls back to strerror\'s words when the adapter gives no meaning', () => {
    const r = resultText('kexec_load(0, 17, null, 0)', { ...base, ret: '-1', errno: 22, errnoName: 'EINVAL' });
    assert.equal(r.headline, 'kexec_load(0, 17, null, 0) = -1 EINVAL: Invalid argument');
  });

  it('reports out-parameters, a reboot, console output and an abandoned sleep', () => {
    const r = resultText('reboot(RB_KEXEC)', {
      ...base, out: [{ name: 'new_lwp', value: '4' }], rebooted: true, generation: 2, output: 'KSim 2.0 booting\nhello\n', wouldBlock: true,
    });
    assert.deepEqual(r.details, [
      'The call had to sleep, so the runner abandoned it (nothing else would wake it here).',
      'new_lwp = 4',
      'The machine rebooted: now generation 2.',
      'console: KSim 2.0 booting',
      'console: hello',
    ]);
  });

  it('dumps memory in hex with addresses and ASCII', () => {
    const d = hexDump(new Uint8Array([0x4b, 0x53, 0x69, 0x6d, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x41]), 0x200000n);
    assert.equal(d.split('\n')[0], '0000000000200000  4b 53 69 6d 00 01 02 03 04 05 06 07 08 09 0a 0b  |KSim............|');
    assert.equal(d.split('\n')[1], '0000000000200010  41                                               |A|');
    assert.equal(hexDump(new Uint8Array()), '(no bytes)');
  });
});
