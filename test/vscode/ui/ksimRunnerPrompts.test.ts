// KSim's syscall runner as a user drives it from the command palette: the quick pick of the
// ABI's syscalls, an argument prompt that refuses bad input with a message saying what to
// type, flag pickers, and the result with its errno name (on a scratch machine: no session).
import * as assert from 'node:assert/strict';
import { sleep } from '../harness/exec';
import { useCodeServer, useWorkbench } from '../harness/mocha';
import { EXAMPLES_DIR } from '../harness/paths';

describe('real VS Code: KSim syscall runner prompts', function () {
  this.timeout(180_000);
  const vs = useCodeServer({ load: 'development' });
  const ui = useWorkbench(vs, { folder: EXAMPLES_DIR });

  it('refuses a bad number with a message, then runs kexec_load and shows EINVAL', async () => {
    const wb = ui.wb;
    // The Kernel container is there once the development extension's contributions are.
    await wb.openViewContainer('Kernel');
    await wb.runCommand('KSim: Run Syscall...', 30_000);
    const items = await wb.quickPickItems();
    assert.ok(items.some((i) => i.includes('_lwp_create')), `the runner lists the ABI's syscalls: ${items.join(' | ')}`);
    await wb.answerQuickInput('kexec_load');
    // entry: a word is not a number; the input box says what to type instead.
    const input = wb.quickInput.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('banana');
    const message = wb.quickInput.locator('.quick-input-message');
    await wb.waitFor('the validation message', async () => (await message.innerText()).trim(), (t) => /banana/.test(t));
    const text = (await message.innerText()).trim();
    assert.match(text, /banana is not a constant of this ABI|not a number/);
    await wb.screenshot('ksim-runner-validation');
    await input.press('Enter');
    await sleep(300);
    assert.ok(await input.isVisible(), 'Enter does not accept an invalid value');
    await wb.answerQuickInput('0x200000');
    await wb.answerQuickInput('17'); // count: more than KEXEC_SEGMENT_MAX
    await wb.answerQuickInput('null'); // segments: pick "null"
    await wb.answerQuickInput('KEXEC_ON_CRASH'); // flags: picked from the ABI's names
    const note = await wb.waitForNotification(/kexec_load\(0x200000, 17, null, 1\) = -1 EINVAL/);
    assert.match(note, /EINVAL/);
    await sleep(800); // let the toast finish fading in
    await wb.screenshot('ksim-runner-result');
  });
});
