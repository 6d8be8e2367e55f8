// The command-palette syscall runner in a real VS Code: its validation refuses bad input with
// a message saying what to type, before anything runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../extension/runner/syscallRunner';
import { ksimApi, stopAllSessions } from './ksimHelpers';

describe('KSim syscall runner', () => {
  before(async () => {
    await ksimApi();
    await stopAllSessions();
    // With no editor open, the scratch machine runs the default (bsd) ABI, not an open file's.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function run(name: string, args: string[]): Promise<RunOutcome> {
    const r = await vscode.commands.executeCommand<RunOutcome>('ksim.runSyscall', { name, args });
    assert.ok(r, 'the command returned an outcome');
    return r;
  }

  it('refuses a number that is not one, naming the argument', async () => {
    const r = await run('kexec_load', ['0x200000', 'many', 'null', '0']);
    assert.equal(r.response, undefined, 'nothing ran');
    assert.match(r.error ?? '', /^count: "many" is not a number|^count: many is not a constant/);
  });

  it('refuses a flag name the ABI does not have', async () => {
    const r = await run('reboot', ['RB_FASTER']);
    assert.match(r.error ?? '', /RB_FASTER is not a constant of this ABI/);
  });

  it('refuses a malformed segment list', async () => {
    const r = await run('kexec_load', ['0x200000', '1', '[{ bufsz: 64K, mem: 0x200000 }]', '0']);
    assert.match(r.error ?? '', /segments: .*needs memsz/);
  });

  it('refuses an LWP id wider than 32 bits and a syscall the ABI lacks', async () => {
    assert.match((await run('_lwp_kill', ['0x100000000', 'SIGTERM'])).error ?? '', /fit in 32 bits/);
    assert.match((await run('kexec_file_load', ['3', '-1', '0', 'null', '0'])).error ?? '', /not a system call of the bsd ABI/);
  });

  it('refuses the wrong number of arguments', async () => {
    assert.match((await run('_lwp_wakeup', [])).error ?? '', /Expected 1 arguments, got 0/);
  });

  it('runs on a scratch machine when no session runs, with the errno name and meaning', async () => {
    const ok = await run('_lwp_self', []);
    assert.match(ok.backend, /^a scratch (bsd|linux) machine$/);
    assert.equal(ok.response?.ret, '1');
    assert.equal(ok.headline, '_lwp_self() = 1');
    const bad = await run('_lwp_kill', ['77', 'SIGTERM']);
    assert.equal(bad.response?.errnoName, 'ESRCH');
    assert.match(bad.headline, /^_lwp_kill\(77, 15\) = -1 ESRCH: \S/);
  });

  it('keeps a history and runs an entry again', async () => {
    const api = await ksimApi();
    await run('getpid', []);
    assert.equal(api.runner.history.list()[0].syscall, 'getpid');
    const again = await vscode.commands.executeCommand<RunOutcome>('ksim.rerunSyscall', 0);
    assert.equal(again.call, 'getpid()');
    assert.equal(again.response?.ret, '1');
  });
});
