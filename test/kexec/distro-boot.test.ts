import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ksim } from '../../cli/ksim';
import { distributionKernels } from './distro-kernel';

// End to end with a real distribution kernel: a linux scenario opens the vmlinuz next to it,
// stages it with kexec_file_load, reboots with LINUX_REBOOT_CMD_KEXEC, and the next generation
// identifies itself with the image's own version string and runs the init= program.
const SCENARIO = `machine { abi: "linux", cpus: 2, memory: 4G, seed: 3 }

process init {
    let fd = open("vmlinuz")
    expect fd >= 3
    let cmd = "console=ttyS0 init=stage2"
    expect kexec_file_load(fd, -1, len(cmd) + 1, cmd, KEXEC_FILE_NO_INITRAMFS) == 0
    let loaded = bytes(2)
    let f = open("/sys/kernel/kexec_loaded")
    expect read(f, loaded, 2) == 2
    expect loaded[0] == '1'
    reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, null)
}

program stage2 {
    print(uname())
}
`;

describe('kexec: booting a real distribution kernel with kexec_file_load', function () {
  this.timeout(300_000);
  let kernel: string | undefined;
  let ws: string;
  before(() => {
    kernel = distributionKernels((line) => process.stderr.write(`      (${line})\n`))[0];
    ws = mkdtempSync(path.join(tmpdir(), 'ksim-distro-'));
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('kexec_file_load stages it and the next generation runs init= with its version string', function () {
    if (kernel === undefined) this.skip();
    copyFileSync(kernel, path.join(ws, 'vmlinuz'));
    writeFileSync(path.join(ws, 'boot.ksim'), SCENARIO);
    let out = '';
    let err = '';
    const code = ksim(['run', 'boot.ksim'], { cwd: ws, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    assert.equal(code, 0, err);
    assert.match(out, /^Linux version \d+\.\d+\.\d+\S* /m);
  });
});
