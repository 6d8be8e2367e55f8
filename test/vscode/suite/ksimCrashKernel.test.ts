// The Kernel views on the linux ABI with a crash kernel: crashkernel= reserves a region, a
// crash image staged with kexec_file_load(KEXEC_FILE_ON_CRASH) shows under "Crash image" and
// inside the reserved region, and a panic boots it as a new generation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KsimApi } from '../../../extension/main';
import { findNode as find, ksimApi, lineOf, scenarioFile, stopAllSessions, waitFor, waitForFocusedFrame } from './ksimHelpers';

const SCENARIO = `machine { abi: "linux", cpus: 2, memory: 2G, crashkernel: "256M", seed: 6 }

kernel_image capture { format: "bzimage", banner: "6.1.0-kdump", size: 128K }

process init {
    let k = open("/boot/capture")
    let cmd = "init=dump irqpoll nr_cpus=1"
    expect kexec_file_load(k, -1, len(cmd) + 1, cmd, KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS) == 0
    print("crash kernel loaded")     // STAGED
    panic("scenario: simulated fatal error")
}

program dump {
    print("kdump kernel up:", uname())   // DUMP
    exit(0)
}
`;

describe('KSim Kernel views with a linux crash kernel', function () {
  this.timeout(90_000);
  let api: KsimApi;
  const uri = scenarioFile('crash.ksim', SCENARIO);
  const at = (marker: string): vscode.SourceBreakpoint =>
    new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(lineOf(SCENARIO, marker) - 1, 4)));

  before(async () => {
    api = await ksimApi();
    await stopAllSessions();
    vscode.debug.addBreakpoints([at('// STAGED'), at('// DUMP')]);
    assert.ok(await vscode.debug.startDebugging(undefined, { type: 'ksim', request: 'launch', name: 'crash', program: uri.fsPath }));
    await waitFor('the stop after staging', () => api.state.phase === 'stopped' && api.views.kexec.nodes[1]?.description !== 'nothing staged'
      && api.views.kexec.nodes.length === 2, 30_000);
  });

  after(async () => {
    await stopAllSessions();
  });

  it('Kexec shows the crash image staged by kexec_file_load with its command line', () => {
    const [normal, crash] = api.views.kexec.nodes;
    assert.equal(normal.description, 'nothing staged');
    assert.match(crash.description ?? '', /kexec_file_load/);
    const cmdline = crash.children?.find((c) => c.label === 'cmdline');
    assert.match(cmdline?.description ?? '', /init=dump irqpoll nr_cpus=1/);
    assert.ok((crash.children?.find((c) => c.label === 'segments')?.children ?? []).length > 0, 'it has segments');
  });

  it('Physical memory shows the reserved crash region with the crash segments inside it', () => {
    const region = api.views.physmem.nodes.find((n) => n.label === 'Crash kernel');
    assert.ok(region, api.views.physmem.nodes.map((n) => `${n.label} ${n.description}`).join('; '));
    assert.match(region.description ?? '', /256M/);
    assert.ok(find(region.children ?? [], (n) => /^crash segment/.test(n.label)), 'the staged crash segments are overlaid in the region');
  });

  it('the status bar names the linux ABI', () => {
    assert.match(api.statusBar.text ?? '', /KSim linux · gen \d+/);
  });

  it('a panic boots the crash kernel: Boots shows the panicked generation and the crash kernel', async () => {
    // Continue; the "Kernel panic" exception filter (on by default) stops at the panic first.
    for (let i = 0; i < 3 && (api.state.snapshot.boots?.generations.length ?? 0) < 2; i++) {
      const session = vscode.debug.activeDebugSession;
      if (session) await waitForFocusedFrame(session).catch(() => undefined);
      await vscode.commands.executeCommand('workbench.action.debug.continue');
      await waitFor('the next stop', () => api.state.phase === 'stopped', 30_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
    const boots = await waitFor('the crash kernel generation', () => {
      const b = api.state.snapshot.boots;
      return b && b.generations.length === 2 ? b : undefined;
    }, 30_000);
    // A generation that panicked into its crash kernel ended by crash_kexec, with the panic
    // message as the detail; the next one is the crash kernel.
    assert.equal(boots.generations[0].ended, 'crash_kexec', JSON.stringify(boots.generations[0]));
    assert.equal(boots.generations[1].crash, true);
    const labels = api.views.boots.nodes.map((n) => `${n.label}: ${n.description}`);
    assert.match(labels[0], /panicked; the crash kernel booted/);
    assert.match(labels[1], /^generation 1 \(crash kernel\)/);
  });
});
