// Integers in hex or decimal (dap-and-vscode.md §2 row 19): DAP's per-request `format.hex`
// for clients that send it, and the session-wide `ksim/setValueFormat` behind VS Code's
// "Display as Hex" in the Variables view, which invalidates the variables it changes.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, scenario } from './client';
import { Requests } from '../../debug-adapter/contract';

const PROGRAM = scenario('steps.ksim');
/** steps.ksim: `print("a is", a)`, where a == 14 and b == 4. */
const PRINT_LINE = 13;

async function stopAtPrint(dc: InProcessDebugClient, extra: Record<string, unknown> = {}): Promise<number> {
  await dc.initializeRequest({ adapterID: 'ksim', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true, supportsInvalidatedEvent: true });
  const init = dc.waitForEvent('initialized');
  await dc.launchRequest({ program: PROGRAM, ...extra } as DebugProtocol.LaunchRequestArguments);
  await init;
  await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line: PRINT_LINE }] });
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await dc.configurationDoneRequest();
  const ev = await stopped;
  const frames = await dc.stackTraceRequest({ threadId: ev.body.threadId! });
  return frames.body.stackFrames[0].id;
}

async function locals(dc: InProcessDebugClient, frameId: number, format?: DebugProtocol.ValueFormat): Promise<Record<string, string>> {
  const scopes = await dc.scopesRequest({ frameId });
  const ref = scopes.body.scopes.find((s) => s.name === 'Locals')!.variablesReference;
  const vars = await dc.variablesRequest({ variablesReference: ref, format });
  return Object.fromEntries(vars.body.variables.map((v) => [v.name, v.value]));
}

describe('debug adapter: integers in hex or decimal', () => {
  let dc: InProcessDebugClient;
  beforeEach(() => { dc = new InProcessDebugClient(); return dc.start(); });
  afterEach(() => dc.stop());

  it('advertises supportsValueFormattingOptions', async () => {
    const caps = await dc.initializeRequest({ adapterID: 'ksim' });
    assert.equal(caps.body?.supportsValueFormattingOptions, true);
  });

  it('shows integers in decimal by default', async () => {
    const frameId = await stopAtPrint(dc);
    const v = await locals(dc, frameId);
    assert.equal(v.a, '14');
    assert.equal(v.b, '4');
  });

  it('a request\'s own format.hex shows that request\'s integers in hex, and only that request\'s', async () => {
    const frameId = await stopAtPrint(dc);
    assert.equal((await locals(dc, frameId, { hex: true })).a, '0xe');
    assert.equal((await locals(dc, frameId)).a, '14');
    const hover = await dc.evaluateRequest({ expression: 'a * 2', frameId, context: 'hover', format: { hex: true } });
    assert.equal(hover.body.result, '0x1c');
  });

  it('ksim/setValueFormat switches the whole session, invalidates the variables and can switch back', async () => {
    const frameId = await stopAtPrint(dc);
    const invalidated = dc.waitForEvent('invalidated') as Promise<DebugProtocol.InvalidatedEvent>;
    const r = await dc.customRequest(Requests.setValueFormat, { hex: true });
    assert.deepEqual(r.body, { hex: true });
    assert.deepEqual((await invalidated).body.areas, ['variables']);
    const v = await locals(dc, frameId);
    assert.equal(v.a, '0xe');
    assert.equal(v.b, '0x4');
    assert.equal((await dc.evaluateRequest({ expression: 'b - 5', frameId, context: 'watch' })).body.result, '-0x1');
    assert.equal((await locals(dc, frameId, { hex: false })).a, '14', 'a request can still ask for decimal');
    await dc.customRequest(Requests.setValueFormat, { hex: false });
    assert.equal((await locals(dc, frameId)).a, '14');
  });

  it('keeps named values by name: errno and flags are not numbers to re-base', async () => {
    const frameId = await stopAtPrint(dc, { valueFormat: 'hex' });
    const scopes = await dc.scopesRequest({ frameId });
    const lwpRef = scopes.body.scopes.find((s) => /^LWP /.test(s.name))!.variablesReference;
    const fields = (await dc.variablesRequest({ variablesReference: lwpRef })).body.variables;
    const stat = fields.find((f) => f.name === 'l_stat')!;
    assert.match(stat.value, /LSONPROC|LSRUN/, 'l_stat keeps its name');
    const lid = fields.find((f) => f.name === 'l_lid')!;
    assert.equal(lid.value, '0x1', 'a plain number in hex');
  });

  it('launch with valueFormat: "hex" starts in hex', async () => {
    const frameId = await stopAtPrint(dc, { valueFormat: 'hex' });
    assert.equal((await locals(dc, frameId)).a, '0xe');
  });

  it('refuses a valueFormat that is neither "decimal" nor "hex", and a setValueFormat without a boolean', async () => {
    await dc.initializeRequest({ adapterID: 'ksim' });
    await assert.rejects(dc.launchRequest({ program: PROGRAM, valueFormat: 'octal' } as DebugProtocol.LaunchRequestArguments),
      /'valueFormat' must be "decimal" or "hex", not "octal"/);
    await assert.rejects(dc.customRequest(Requests.setValueFormat, { hex: 'yes' }), /'hex' must be true or false/);
  });
});
