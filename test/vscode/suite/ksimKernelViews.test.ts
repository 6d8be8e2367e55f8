// The Kernel views and their context actions in a real VS Code, at a breakpoint of a real
// KSim debug session: each view shows the right items, each LWP action changes the kernel as
// its syscall would, and F5 without a launch.json debugs the open scenario.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSyscallResponse } from '../../../debug-adapter/contract';
import type { KsimApi } from '../../../extension/main';
import type { TreeNode } from '../../../extension/model/nodes';
import { debugOpenScenarioTo, findNode as find, ksimApi, scenarioFile, stopAllSessions, waitFor } from './ksimHelpers';

const SCENARIO = `machine { abi: "bsd", cpus: 2, memory: 512M, seed: 1 }

kernel_image next { banner: "KSim next 2.0", entry: 0x200000, size: 64K, init: stage2 }

fn worker(arg) {
    let r = ___lwp_park60(CLOCK_MONOTONIC, 0, null, 0, null, null)
    _lwp_exit()
}

process init {
    let lid = spawn(worker, 0)
    _lwp_setname(lid, "parker")
    sleep(1000000)
    let segs = [{ buf: image_bytes(next), bufsz: 64K, mem: 0x200000, memsz: 64K }]
    expect kexec_load(0x200000, 1, segs, 0) == 0
    print("staged")                  // BREAK
    _lwp_unpark(lid, null)
    _lwp_wait(lid, null)
    reboot(RB_KEXEC)
}

program stage2 {
    print("booted", uname())
}
`;

describe('KSim Kernel views at a breakpoint', function () {
  this.timeout(60_000);
  let api: KsimApi;
  const uri = scenarioFile('views.ksim', SCENARIO);

  const parker = (): TreeNode | undefined => find(api.views.lwps.nodes, (n) => n.lwp?.name === 'parker');

  before(async () => {
    api = await ksimApi();
    await stopAllSessions();
    await vscode.commands.executeCommand('workbench.view.extension.ksim-kernel');
    // F5 with no launch.json: the configuration provider fills in "debug the open scenario".
    await debugOpenScenarioTo(uri, SCENARIO, '// BREAK');
    await waitFor('the session to stop at the breakpoint', () => api.state.phase === 'stopped' && parker() !== undefined, 30_000);
  });

  after(async () => {
    await stopAllSessions();
  });

  it('F5 without a launch.json debugs the open scenario', () => {
    const s = vscode.debug.activeDebugSession;
    assert.ok(s);
    assert.equal(s.type, 'ksim');
    assert.equal(s.configuration.program, uri.fsPath);
  });

  it('LWPs: groups LWPs under their process, with the parked worker asleep', () => {
    const init = find(api.views.lwps.nodes, (n) => n.contextValue === 'ksim.process' && / init$/.test(n.label));
    assert.ok(init, 'process init is listed');
    assert.ok((init.children ?? []).length >= 2);
    const p = parker()!;
    assert.match(p.description ?? '', /^LSSLEEP/);
    assert.match(p.description ?? '', /park/);
    assert.equal(p.icon?.id, 'watch');
    assert.equal(p.contextValue, 'ksim.lwp.sleeping');
  });

  it('Kexec: shows the staged normal image and its segment', () => {
    const normal = api.views.kexec.nodes[0];
    assert.equal(normal.label, 'Normal image');
    assert.match(normal.description ?? '', /entry 0x200000 · 1 segment/);
    const seg = find(api.views.kexec.nodes, (n) => n.contextValue === 'ksim.segment');
    assert.ok(seg?.segment);
    assert.equal(seg.segment.mem, '0x200000');
    assert.equal(seg.segment.memsz, 65536);
    assert.equal(api.views.kexec.nodes[1].description, 'nothing staged');
  });

  it('Physical memory: the map with the staged segment overlaid', () => {
    const ram = api.views.physmem.nodes.find((n) => n.label === 'System RAM');
    assert.ok(ram, api.views.physmem.nodes.map((n) => n.label).join(', '));
    assert.ok(find(api.views.physmem.nodes, (n) => n.label === 'normal segment 0'), 'the staged segment is overlaid');
  });

  it('Boots: the first generation, running', () => {
    const gens = api.views.boots.nodes;
    assert.equal(gens.length, 1);
    assert.match(gens[0].description ?? '', /running/);
    assert.match(gens[0].label, /◀$/, 'the current generation is marked');
  });

  it('the status bar shows ABI, generation and LWP count', () => {
    const gen = api.state.snapshot.boots?.current;
    const lwps = api.state.snapshot.summary?.lwpCount;
    assert.equal(api.statusBar.text, `$(debug-pause) KSim bsd · gen ${gen} · ${lwps} LWPs`);
  });

  it('Suspend runs _lwp_suspend on the LWP', async () => {
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.suspend', parker());
    assert.ok(r, 'the action returned the syscall result');
    assert.equal(r.errnoName === null || r.errnoName === 'EWOULDBLOCK', true, JSON.stringify(r));
    if (r.errnoName === null) {
      await waitFor('the suspend flag', () => /SUSPEND/.test(parker()?.description ?? '') || parker()?.contextValue === 'ksim.lwp.suspended');
    }
  });

  it('Continue runs _lwp_continue on the LWP', async () => {
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.continue', parker());
    assert.equal(r.ret, '0', JSON.stringify(r));
    await waitFor('no suspend flag', () => !/SUSPEND/.test(parker()?.description ?? ''));
  });

  it('Detach runs _lwp_detach on the LWP: a second detach is EINVAL', async () => {
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.detach', parker());
    assert.equal(r.ret, '0', JSON.stringify(r));
    const again = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.detach', parker());
    assert.equal(again.errnoName, 'EINVAL', JSON.stringify(again));
  });

  it('Wake up runs _lwp_wakeup: the parked LWP becomes runnable', async () => {
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.wakeup', parker());
    assert.equal(r.ret, '0', JSON.stringify(r));
    await waitFor('the LWP to leave its sleep', () => !/^LSSLEEP/.test(parker()?.description ?? 'gone'));
  });

  it('Unpark on an LWP that is not parked runs _lwp_unpark as the syscall would', async () => {
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.unpark', parker());
    assert.ok(r);
    // Not parked any more: the unpark is remembered for its next park (0) or refused.
    assert.ok(r.ret === '0' || r.errnoName !== null, JSON.stringify(r));
  });

  it('Kill runs _lwp_kill with the picked signal', async () => {
    const node = parker();
    assert.ok(node);
    const r = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.kill', { ...node, lwp: { ...node.lwp!, lid: 999 } }, 'SIGUSR1');
    assert.equal(r.errnoName, 'ESRCH', JSON.stringify(r));
    const r0 = await vscode.commands.executeCommand<RunSyscallResponse>('ksim.lwp.kill', node, 0);
    assert.equal(r0.ret, '0', JSON.stringify(r0));
  });

  it('Show in Memory opens the staged segment\'s bytes', async () => {
    const seg = find(api.views.kexec.nodes, (n) => n.contextValue === 'ksim.segment');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('ksim.kexec.showSegmentInMemory', seg);
    assert.ok(uri);
    if (uri.scheme === 'ksim-memory') {
      // No Hex Editor in this VS Code: the read-only dump of the same readMemory bytes.
      const text = await waitFor('the dump', () => {
        const ed = vscode.window.activeTextEditor;
        return ed?.document.uri.scheme === 'ksim-memory' ? ed.document.getText() : undefined;
      });
      assert.match(text, /^normal-segment-0@0x200000 — \d+ bytes from /);
      assert.match(text, /\n0000000000200000 {2}[0-9a-f]{2} /);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } else {
      assert.equal(uri.scheme, 'vscode-debug-memory');
    }
  });

  it('runs a syscall from the runner on the live session and the views follow', async () => {
    const out = await vscode.commands.executeCommand<{ response?: RunSyscallResponse; backend: string; error?: string }>('ksim.runSyscall', { name: 'kexec_load', args: ['0', '0', 'null', '0'] });
    assert.equal(out.backend, 'the live session', out.error);
    assert.equal(out.response?.ret, '0', JSON.stringify(out));
    await waitFor('the image to be unloaded', () => api.views.kexec.nodes[0]?.description === 'nothing staged');
  });

  it('keeps the last state when the session ends', async () => {
    await stopAllSessions();
    await waitFor('the session to end', () => api.state.phase === 'ended');
    assert.ok(api.views.lwps.nodes.length > 0, 'the LWPs are still shown');
    assert.equal(api.statusBar.text, undefined, 'the status bar item is hidden');
  });
});
