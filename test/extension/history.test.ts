import * as assert from 'node:assert/strict';
import { isHistoryEntry, RunHistory, type HistoryEntry } from '../../extension/model/history';

const e = (syscall: string, args: string[], abi = 'bsd'): HistoryEntry => ({ syscall, abi, argTexts: args, summary: `${syscall}(${args.join(', ')}) = 0` });

describe('syscall runner history', () => {
  it('keeps the most recent first and drops duplicates', () => {
    const h = new RunHistory();
    h.add(e('_lwp_self', []));
    h.add(e('_lwp_kill', ['2', 'SIGTERM']));
    h.add(e('_lwp_self', []));
    assert.deepEqual(h.list().map((x) => x.syscall), ['_lwp_self', '_lwp_kill']);
  });

  it('distinguishes arguments and ABIs', () => {
    const h = new RunHistory();
    h.add(e('reboot', ['RB_KEXEC']));
    h.add(e('reboot', ['RB_HALT']));
    h.add(e('reboot', ['RB_KEXEC'], 'linux'));
    assert.equal(h.size, 3);
  });

  it('is bounded', () => {
    const h = new RunHistory([], 3);
    for (let i = 0; i < 10; i++) h.add(e('_lwp_wakeup', [String(i)]));
    assert.deepEqual(h.list().map((x) => x.argTexts[0]), ['9', '8', '7']);
  });

  it('round-trips through JSON and ignores malformed stored entries', () => {
    const h = new RunHistory();
    h.add(e('kexec_load', ['0x200000', '1', '[{ bufsz: 64K, mem: 0x200000, memsz: 64K }]', '0']));
    const stored = JSON.parse(JSON.stringify(h.toJSON())) as unknown[];
    const back = new RunHistory([...stored, { syscall: 3 }, null, 'x'] as HistoryEntry[]);
    assert.deepEqual(back.list(), h.list());
    assert.equal(isHistoryEntry({ syscall: 'a', abi: 'bsd', summary: '', argTexts: [1] }), false);
  });

  it('clears', () => {
    const h = new RunHistory([e('getpid', [])]);
    h.clear();
    assert.equal(h.size, 0);
  });
});
