// Stepping across reboot(RB_KEXEC) in a real VS Code: a syscall breakpoint on reboot stops
// the session in the call; Step Over on the reboot line boots the staged kernel in the same
// session, and the Boots, Kexec and LWPs views follow into the new generation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KsimApi } from '../../../extension/main';
import { breakpointAt, ksimApi, scenarioFile, stopAllSessions, waitFor, waitForFocusedFrame } from './ksimHelpers';

const SCENARIO = `machine { abi: "bsd", cpus: 1, memory: 512M, seed: 2 }

kernel_image next { banner: "KSim next 2.0", entry: 0x200000, size: 64K, init: stage2 }

process init {
    let segs = [{ buf: image_bytes(next), bufsz: 64K, mem: 0x200000, memsz: 64K }]
    expect kexec_load(0x200000, 1, segs, 0) == 0
    reboot(RB_KEXEC)                 // REBOOT
}

program stage2 {
    print("booted", uname())
    let done = 1
}
`;

describe('KSim stepping across RB_KEXEC', function () {
  this.timeout(90_000);
  let api: KsimApi;
  const uri = scenarioFile('kexec-step.ksim', SCENARIO);
  const launch = { type: 'ksim', request: 'launch', name: 'kexec step', program: uri.fsPath };

  before(async () => {
    api = await ksimApi();
    await stopAllSessions();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  afterEach(async () => {
    await stopAllSessions();
  });

  it('a syscall breakpoint added with "Break on Syscall" stops in reboot', async () => {
    const stops: { reason?: string; description?: string }[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('ksim', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; description?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.push(m.body ?? {});
        },
      }),
    });
    try {
      const bp = await vscode.commands.executeCommand<vscode.FunctionBreakpoint>('ksim.addSyscallBreakpoint', 'reboot');
      assert.equal(bp.functionName, 'reboot');
      assert.ok(await vscode.debug.startDebugging(undefined, launch));
      const stop = await waitFor('a stop', () => stops[0], 30_000);
      assert.equal(stop.reason, 'function breakpoint', JSON.stringify(stops));
      assert.match(stop.description ?? '', /reboot/);
      await waitFor('the views at the stop', () => api.state.phase === 'stopped' && api.views.kexec.nodes.length > 0);
      assert.ok(api.views.kexec.nodes[0].description?.startsWith('entry 0x200000'), 'the image is staged when reboot is entered');
      assert.equal(api.state.snapshot.boots?.generations.length, 1, 'still the first generation');
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    }
  });

  it('Step Over on reboot(RB_KEXEC) boots the new generation in the same session', async () => {
    vscode.debug.addBreakpoints([breakpointAt(uri, SCENARIO, '// REBOOT')]);
    assert.ok(await vscode.debug.startDebugging(undefined, launch));
    const session = await waitFor('the session', () => vscode.debug.activeDebugSession);
    await waitFor('the stop on the reboot line', () => api.state.phase === 'stopped' && (api.state.snapshot.boots?.generations.length ?? 0) === 1, 30_000);
    const gen0 = api.state.snapshot.boots!.current;
    await waitForFocusedFrame(session);
    await vscode.commands.executeCommand('workbench.action.debug.stepOver');
    const boots = await waitFor('a second generation', () => {
      const b = api.state.snapshot.boots;
      return b && b.generations.length === 2 && api.state.phase === 'stopped' ? b : undefined;
    }, 30_000);
    assert.equal(vscode.debug.activeDebugSession, session, 'the session is kept');
    assert.equal(boots.current, gen0 + 1);
    // The view refreshes after its debounce: wait for it rather than read it once.
    const labels = await waitFor('the Boots view to list both generations', () => {
      const l = api.views.boots.nodes.map((n) => `${n.label}: ${n.description}`);
      return l.length === 2 ? l : undefined;
    });
    assert.match(labels[0], /ended by a kexec reboot/);
    assert.match(labels[1], /◀: KSim next 2.0 · running/);
    await waitFor('the Kexec view of the new generation', () => api.views.kexec.nodes[0]?.description === 'nothing staged');
    await waitFor('the new program in the LWPs view', () => api.views.lwps.nodes.some((n) => / stage2$/.test(n.label)));
    assert.match(api.statusBar.text ?? '', new RegExp(`gen ${gen0 + 1} `));
  });
});
