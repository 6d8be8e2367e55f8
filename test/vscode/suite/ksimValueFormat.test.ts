// "Display as Hex" / "Display as Decimal" in a real VS Code: the command switches the running
// session's integers to hex, and a session started afterwards begins in hex (the choice is
// remembered and handed over through the launch configuration's valueFormat).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KsimApi } from '../../../extension/main';
import { Commands } from '../../../debug-adapter/contract';
import { debugOpenScenarioTo, ksimApi, scenarioFile, stopAllSessions, waitFor, waitForFocusedFrame } from './ksimHelpers';

const SCENARIO = `machine { abi: "bsd", cpus: 1, memory: 64M, seed: 1 }

process init {
    let flags = 255
    print(flags)                     // BREAK
}
`;

describe('KSim Display as Hex', function () {
  this.timeout(60_000);
  let api: KsimApi;
  const uri = scenarioFile('value-format.ksim', SCENARIO);

  /** `flags` as the Watch view would show it, in the focused frame. */
  async function watched(session: vscode.DebugSession): Promise<string> {
    const frame = await waitForFocusedFrame(session);
    const r = (await session.customRequest('evaluate', { expression: 'flags', frameId: frame.frameId, context: 'watch' })) as { result: string };
    return r.result;
  }

  async function stopAtBreak(): Promise<vscode.DebugSession> {
    await debugOpenScenarioTo(uri, SCENARIO, '// BREAK');
    await waitFor('the stop at the breakpoint', () => api.state.phase === 'stopped', 30_000);
    return waitFor('the session', () => vscode.debug.activeDebugSession);
  }

  before(async () => {
    api = await ksimApi();
    await stopAllSessions();
  });

  after(async () => {
    // Leave the remembered choice as a fresh profile has it, for the tests that follow.
    await vscode.commands.executeCommand(Commands.displayAsDecimal);
    await stopAllSessions();
  });

  it('switches the running session to hex and back', async () => {
    const session = await stopAtBreak();
    assert.equal(await watched(session), '255');
    await vscode.commands.executeCommand(Commands.displayAsHex);
    assert.equal(await watched(session), '0xff');
    await vscode.commands.executeCommand(Commands.displayAsDecimal);
    assert.equal(await watched(session), '255');
    await vscode.commands.executeCommand(Commands.displayAsHex);
    await stopAllSessions();
  });

  it('starts the next session in hex after the user chose hex', async () => {
    const session = await stopAtBreak();
    assert.equal(session.configuration.valueFormat, 'hex');
    assert.equal(await watched(session), '0xff');
  });
});
