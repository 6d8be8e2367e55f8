// The harness ends the servers it started when the test run ends, and a broken pipe does not
// end the test run (CI once died with exit status 141 because a SIGPIPE listener re-raised it).
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

const CHILD = path.join(__dirname, 'groups-child.ts');

function startChild(mode: 'broken-pipe' | 'wait'): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return { child, output: () => text };
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function groupOf(output: () => string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const m = /group (\d+)/.exec(output());
    if (m) {
      return Number(m[1]);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the child never reported its server group; output:\n${output()}`);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether the group is gone within 5 s: a killed process lingers until init reaps it. */
async function groupEnds(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && groupAlive(pid); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return !groupAlive(pid);
}

describe('harness: server process groups', function () {
  this.timeout(20_000);

  it('a write to a closed pipe is an EPIPE error, not the end of the run, and the servers end with the run', async () => {
    const { child, output } = startChild('broken-pipe');
    const exit = ended(child);
    const group = await groupOf(output);
    const { code, signal } = await exit;
    assert.equal(signal, null, `killed by ${signal}; output:\n${output()}`);
    assert.equal(code, 0, output());
    assert.match(output(), /stdin EPIPE/);
    assert.match(output(), /alive/);
    assert.equal(await groupEnds(group), true, 'the tracked server group outlived the run');
  });

  it('SIGTERM ends the run by SIGTERM and ends the servers too', async () => {
    const { child, output } = startChild('wait');
    const exit = ended(child);
    const group = await groupOf(output);
    assert.equal(groupAlive(group), true);
    child.kill('SIGTERM');
    const { signal } = await exit;
    assert.equal(signal, 'SIGTERM', output());
    assert.equal(await groupEnds(group), true, 'the tracked server group outlived the run');
  });
});
