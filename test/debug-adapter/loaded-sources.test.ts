// The LOADED SCRIPTS view (dap-and-vscode.md §2 row 24): the scenario, one image per boot
// generation, and the kernel's own sources; a kexec reboot adds an image with a loadedSource
// event, and stepping back across it removes the image again.
import * as assert from 'node:assert/strict';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { InProcessDebugClient, launchAndStop, scenario } from './client';
import type { GenerationsResponse } from '../../debug-adapter/contract';
import { GENERATION_SOURCE_BASE, IMAGE_ORIGIN, KERNEL_ORIGIN } from '../../debug-adapter/loaded-sources';

type LoadedSourceBody = DebugProtocol.LoadedSourceEvent['body'];

async function listed(dc: InProcessDebugClient): Promise<DebugProtocol.Source[]> {
  const r = (await dc.send('loadedSources', {})) as DebugProtocol.LoadedSourcesResponse;
  return r.body.sources;
}

async function stopAfter(dc: InProcessDebugClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request();
  return stopped;
}

describe('debug adapter: loaded sources', () => {
  let dc: InProcessDebugClient;
  let changes: LoadedSourceBody[];
  beforeEach(async () => {
    dc = new InProcessDebugClient();
    await dc.start();
    changes = [];
    dc.on('loadedSource', (e: DebugProtocol.LoadedSourceEvent) => changes.push(e.body));
  });
  afterEach(() => dc.stop());

  it('advertises supportsLoadedSourcesRequest', async () => {
    const init = await dc.initializeRequest({ adapterID: 'ksim' });
    assert.equal(init.body?.supportsLoadedSourcesRequest, true);
  });

  it('lists the scenario, the running generation\'s image and every kernel source', async () => {
    await launchAndStop(dc, scenario('kexec.ksim'));
    const sources = await listed(dc);
    assert.equal(sources[0].path, scenario('kexec.ksim'));
    const images = sources.filter((s) => s.origin === IMAGE_ORIGIN);
    assert.equal(images.length, 1);
    const gens = (await dc.customRequest('ksim/generations')).body as GenerationsResponse;
    assert.equal(images[0].name, `generation 0: ${gens.generations[0].banner}`);
    assert.equal(images[0].sourceReference, GENERATION_SOURCE_BASE + 0);
    const kernel = sources.filter((s) => s.origin === KERNEL_ORIGIN);
    assert.ok(kernel.some((s) => s.path === 'kernel/sys/lwp.ts'), kernel.map((s) => s.path).join(' '));
    assert.ok(kernel.every((s) => (s.sourceReference ?? 0) > 0 && (s.sourceReference ?? 0) < GENERATION_SOURCE_BASE));
    const text = (await dc.sourceRequest({ source: images[0], sourceReference: images[0].sourceReference! })).body.content;
    assert.match(text, /^generation: +0$/m);
    assert.match(text, /^state: +running$/m);
    const lwp = kernel.find((s) => s.path === 'kernel/sys/lwp.ts')!;
    assert.match((await dc.sourceRequest({ source: lwp, sourceReference: lwp.sourceReference! })).body.content, /_lwp_create/);
  });

  it('a kexec reboot adds the new image and changes the old one; step back undoes both', async () => {
    await launchAndStop(dc, scenario('kexec.ksim'));
    await dc.setBreakpointsRequest({ source: { path: scenario('kexec.ksim') }, breakpoints: [{ line: 11 }, { line: 16 }] });
    const atReboot = await stopAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    changes.length = 0;
    const inNew = await stopAfter(dc, () => dc.continueRequest({ threadId: atReboot.body.threadId! }));
    assert.deepEqual(changes.map((c) => `${c.reason} ${c.source.name}`), [
      `changed ${changes[0]?.source.name}`,
      'new generation 1: KSim next 2.0',
    ]);
    assert.match(changes[0].source.name ?? '', /^generation 0: /);
    const old = (await dc.sourceRequest({ source: changes[0].source, sourceReference: changes[0].source.sourceReference! })).body.content;
    assert.match(old, /^state: +ended by reboot\(RB_KEXEC\) into the staged image$/m);
    assert.match(old, /^ended at: +\d+ ns/m);
    const next = (await dc.sourceRequest({ source: changes[1].source, sourceReference: changes[1].source.sourceReference! })).body.content;
    assert.match(next, /^image: +ksim$/m);
    assert.match(next, /^entry: +0x200000$/m);
    assert.match(next, /^init: +stage2$/m);
    assert.match(next, /^state: +running$/m);
    const images = (await listed(dc)).filter((s) => s.origin === IMAGE_ORIGIN);
    assert.deepEqual(images.map((s) => s.sourceReference), [GENERATION_SOURCE_BASE, GENERATION_SOURCE_BASE + 1]);

    changes.length = 0;
    await stopAfter(dc, () => dc.stepBackRequest({ threadId: inNew.body.threadId! }));
    await stopAfter(dc, () => dc.stepBackRequest({ threadId: inNew.body.threadId! }));
    assert.deepEqual(changes.map((c) => `${c.reason} ${c.source.sourceReference}`), [
      `removed ${GENERATION_SOURCE_BASE + 1}`,
      `changed ${GENERATION_SOURCE_BASE}`,
    ]);
    assert.equal(changes[0].source.name, 'generation 1: KSim next 2.0', 'removed under the name it was added with');
    await assert.rejects(
      dc.sourceRequest({ sourceReference: GENERATION_SOURCE_BASE + 1 }),
      /Generation 1 is not in this session's history/,
    );
  });

  it('a crash kernel\'s image says so', async () => {
    await launchAndStop(dc, scenario('kdump.ksim'));
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const ended = dc.waitForEvent('terminated', 20_000);
    await dc.continueRequest({ threadId: 1 });
    await ended;
    const crash = changes.find((c) => c.reason === 'new' && /crash kernel/.test(c.source.name ?? ''));
    assert.ok(crash, changes.map((c) => `${c.reason} ${c.source.name}`).join('; '));
  });

  it('answers an unknown reference with an error and stays up', async () => {
    await launchAndStop(dc, scenario('kexec.ksim'));
    await assert.rejects(dc.sourceRequest({ sourceReference: 999_999 }), /No source for reference 999999/);
    assert.ok((await listed(dc)).length > 1);
  });
});
