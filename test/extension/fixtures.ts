// Contract payloads as the adapter sends them, for the tree and state tests.
import type {
  GenerationsResponse, KexecImagesResponse, LwpRow, LwpTableResponse, MachineSummary, MemoryMapResponse,
} from '../../debug-adapter/contract';

export function lwp(over: Partial<LwpRow> & Pick<LwpRow, 'pid' | 'lid'>): LwpRow {
  return {
    name: '', state: 'LSRUN', flags: '0x0', flagNames: [], wchan: null, wmesg: null, cpu: null, syscall: null, ...over,
  };
}

export const LWPS: LwpTableResponse = {
  generation: 1,
  processes: [
    { pid: 2, ppid: 1, comm: 'other', uid: 1000, state: 'SACTIVE', lwpCount: 1 },
    { pid: 1, ppid: 0, comm: 'init', uid: 0, state: 'SACTIVE', lwpCount: 3 },
  ],
  lwps: [
    lwp({ pid: 1, lid: 2, name: 'worker', state: 'LSSLEEP', wchan: 'lwp_park:0xffff0001', wmesg: 'parked', cpu: 1, flags: '0x40', flagNames: ['LW_DETACHED'],
      syscall: { name: '___lwp_park60', args: [{ name: 'clock_id', value: '3' }] } }),
    lwp({ pid: 1, lid: 1, state: 'LSONPROC', cpu: 0, current: true }),
    lwp({ pid: 1, lid: 3, name: 'sleeper', state: 'LSSUSPENDED', flagNames: ['LW_WSUSPEND'] }),
    lwp({ pid: 2, lid: 1, name: 'z', state: 'LSZOMB' }),
  ],
  total: 4,
};

export const KEXEC: KexecImagesResponse = {
  generation: 1,
  normal: {
    kind: 'normal', entry: '0x200000', flags: '0x0', flagNames: [], cmdline: null, initrdSize: null, banner: 'KSim 2.0', init: 'stage2',
    loadedBy: 'kexec_load',
    segments: [
      { index: 0, buf: '0x7f0000001000', bufsz: 65536, mem: '0x200000', memsz: 65536, memoryReference: 'phys:0x200000' },
      { index: 1, buf: '0x7f0000020000', bufsz: 100, mem: '0x300000', memsz: 4096, memoryReference: 'phys:0x300000' },
    ],
  },
  crash: null,
};

export const MEMMAP: MemoryMapResponse = {
  generation: 1, totalBytes: 512 * 1024 * 1024, residentBytes: 128 * 1024,
  ranges: [
    { start: '0x100000', end: '0x20000000', size: 0x20000000 - 0x100000, kind: 'System RAM', memoryReference: 'phys:0x100000' },
    { start: '0x0', end: '0x1000', size: 4096, kind: 'reserved', memoryReference: 'phys:0x0' },
    { start: '0x10000000', end: '0x18000000', size: 0x8000000, kind: 'Crash kernel', memoryReference: 'phys:0x10000000' },
  ],
  staged: [
    { start: '0x200000', end: '0x210000', size: 65536, kind: 'staged segment', image: 'normal', segment: 0, memoryReference: 'phys:0x200000' },
    { start: '0x10000000', end: '0x10001000', size: 4096, kind: 'staged segment', image: 'crash', segment: 0, memoryReference: 'phys:0x10000000' },
  ],
};

export const BOOTS: GenerationsResponse = {
  current: 2,
  generations: [
    {
      id: 2, banner: 'KSim 2.0', abi: 'bsd', bootedAt: '1500000', endedAt: null, ended: 'running', detail: null, crash: false,
      image: { format: 'ksim', version: 'KSim 2.0', entry: '0x200000', init: 'stage2', cmdline: '' },
    },
    {
      id: 1, banner: 'KSim 1.0', abi: 'bsd', bootedAt: '0', endedAt: '1500000', ended: 'kexec', detail: 'RB_KEXEC', crash: false,
      image: { format: 'power-on', version: 'KSim 1.0', entry: '0x0', init: '', cmdline: '' },
    },
  ],
};

export const SUMMARY: MachineSummary = {
  generation: 2, abi: 'bsd', banner: 'KSim 2.0', now: '1500000', processCount: 2, lwpCount: 4,
  imageStaged: { normal: true, crash: false }, status: 'stopped',
};
