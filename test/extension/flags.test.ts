import * as assert from 'node:assert/strict';
import { abiTable } from '../../kernel/abi';
import { combineFlags, decodeFlags, flagChoices, flagsText, picksMany } from '../../extension/model/flags';
import { flagNamesFor } from '../../extension/model/catalog';

const bsd = abiTable('bsd').allConstants;
const linux = abiTable('linux').allConstants;

describe('flag pickers', () => {
  it('offers the ABI names of an argument', () => {
    assert.deepEqual(flagNamesFor('bsd', '_lwp_create', 'flags'), ['LWP_DETACHED', 'LWP_SUSPENDED']);
    assert.ok(flagNamesFor('bsd', 'reboot', 'howto').includes('RB_KEXEC'));
    assert.ok(flagNamesFor('linux', 'reboot', 'cmd').includes('LINUX_REBOOT_CMD_KEXEC'));
    assert.deepEqual(flagNamesFor('bsd', 'kexec_load', 'flags'), ['KEXEC_ON_CRASH']);
    assert.ok(flagNamesFor('linux', 'kexec_load', 'flags').includes('KEXEC_PRESERVE_CONTEXT'));
    assert.ok(!flagNamesFor('linux', 'kexec_load', 'flags').includes('KEXEC_ARCH_MASK'), 'masks are not flags');
    assert.deepEqual(flagNamesFor('bsd', '_lwp_kill', 'signo'), []);
  });

  it('multi-selects masks and single-selects enumerations', () => {
    assert.equal(picksMany(flagChoices(flagNamesFor('bsd', 'reboot', 'howto'), bsd)), true);
    assert.equal(picksMany(flagChoices(flagNamesFor('bsd', '_lwp_create', 'flags'), bsd)), true);
    assert.equal(picksMany(flagChoices(flagNamesFor('linux', 'reboot', 'cmd'), linux)), false);
  });

  it('ORs picked names into one value', () => {
    const c = flagChoices(['LWP_DETACHED', 'LWP_SUSPENDED'], bsd);
    const r = combineFlags(c);
    assert.ok(r.ok);
    assert.equal(r.value, 0xc0n);
    const none = combineFlags([]);
    assert.ok(none.ok);
    assert.equal(none.value, 0n);
  });

  it('refuses two picks that share bits', () => {
    const r = combineFlags(flagChoices(['KEXEC_ARCH_386', 'KEXEC_ARCH_X86_64'], linux));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /KEXEC_ARCH_386 and KEXEC_ARCH_X86_64 share bits/);
  });

  it('decodes a value back into names, leftovers in hex', () => {
    const c = flagChoices(flagNamesFor('bsd', 'reboot', 'howto'), bsd);
    assert.deepEqual(decodeFlags(BigInt(bsd.RB_KEXEC) | BigInt(bsd.RB_NOSYNC), c).sort(), ['RB_KEXEC', 'RB_NOSYNC']);
    assert.deepEqual(decodeFlags(0n, c), ['RB_AUTOBOOT']);
    const lwp = flagChoices(['LWP_DETACHED', 'LWP_SUSPENDED'], bsd);
    assert.deepEqual(decodeFlags(0x40n | 0x1n, lwp), ['LWP_DETACHED', '0x1']);
    assert.equal(flagsText(['A', 'B']), 'A|B');
    assert.equal(flagsText([]), '0');
  });
});
