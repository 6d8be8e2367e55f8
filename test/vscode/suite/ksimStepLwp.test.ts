// "Step This LWP Only" in a real VS Code: the LWP the user picks in the LWPs view moves one
// statement while the other LWP stays exactly where it was (the adapter's ksim/stepLwp).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KsimApi } from '../../../extension/main';
import type { TreeNode } from '../../../extension/model/nodes';
import { debugOpenScenarioTo, findNode as find, ksimApi, lineOf, scenarioFile, stopAllSessions, waitFor } from './ksimHelpers';

const SCENARIO = `machine { abi: "bsd", cpus: 2, memory: 512M, seed: 4 }

fn spinner(arg) {
    let i = 0
    while i < 100000 {
        i = i + 1
        sched_yield()
    }
}

process init {
    let lid = spawn(spinner, 0)
    _lwp_setname(lid, "spinner")
    sched_yield()
    print("a")                       // BREAK
    print("b")                       // NEXT
    _lwp_wait(lid, null)
}
`;

interface StackTraceBody {
  stackFrames: { line: number; column: number; name: string }[];
}

describe('KSim Step This LWP Only', function () {
  this.timeout(60_000);
  let api: KsimApi;
  const uri = scenarioFile('step-lwp.ksim', SCENARIO);
  const byName = (name: string): TreeNode | undefined => find(api.views.lwps.nodes, (n) => n.lwp?.name === name);
  const mainLwp = (): TreeNode | undefined => find(api.views.lwps.nodes, (n) => n.lwp?.lid === 1);

  /** Where the LWP is: its top frame's function, line and column (frame ids change per stop). */
  async function topFrame(node: TreeNode): Promise<{ line: number; column: number; name: string }> {
    const s = vscode.debug.activeDebugSession;
    assert.ok(s && node.lwp);
    const body = (await s.customRequest('stackTrace', { threadId: node.lwp.threadId, startFrame: 0, levels: 1 })) as StackTraceBody;
    const { line, column, name } = body.stackFrames[0];
    return { line, column, name };
  }

  before(async () => {
    api = await ksimApi();
    await stopAllSessions();
    await debugOpenScenarioTo(uri, SCENARIO, '// BREAK');
    await waitFor('the session to stop at the breakpoint', () => api.state.phase === 'stopped' && byName('spinner') !== undefined, 30_000);
  });

  after(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await stopAllSessions();
  });

  it('moves the picked LWP one statement and leaves the other where it was', async () => {
    const spinner = byName('spinner');
    const main = mainLwp();
    assert.ok(spinner && main);
    const spinnerBefore = await topFrame(spinner);
    const spinnerState = spinner.description;
    assert.equal((await topFrame(main)).line, lineOf(SCENARIO, '// BREAK'));

    await vscode.commands.executeCommand('ksim.lwp.stepOnly', main, 'next');
    await waitFor('LWP 1 to stop at its next statement', async () => {
      const m = mainLwp();
      return m !== undefined && api.state.phase === 'stopped' && (await topFrame(m)).line === lineOf(SCENARIO, '// NEXT');
    }, 30_000);

    const after = byName('spinner');
    assert.ok(after);
    assert.deepEqual(await topFrame(after), spinnerBefore, 'the spinner did not run');
    assert.equal(after.description, spinnerState);
  });
});
