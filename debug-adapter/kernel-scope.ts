// The "Kernel" scope: staged kexec images and their segments (with memory references), the
// memory map, boot generations, sysctls and every LWP (paged).

import type { KexecImageRow } from './contract';
import type { DebugValue, NamedValue, SimHost } from './engine/sim-host';

const int = (n: number | bigint | string, display?: string): DebugValue => ({ type: 'int', value: BigInt(n), display });
const str = (s: string | null): DebugValue => (s === null ? { type: 'null' } : { type: 'string', value: s });

function record(summary: string, fields: () => NamedValue[], memoryReference?: string): DebugValue {
  return { type: 'record', summary, fields, memoryReference };
}

function list<T>(items: T[], summary: string, item: (t: T, i: number) => NamedValue): DebugValue {
  return { type: 'list', length: items.length, summary, item: (i) => item(items[i], i) };
}

export function imageValue(img: KexecImageRow): DebugValue {
  return record(`${img.kind} image, entry ${img.entry}, ${img.segments.length} segment(s)`, () => [
    { name: 'entry', value: int(img.entry, img.entry) },
    { name: 'flags', value: int(img.flags, img.flagNames.length ? `${img.flags} (${img.flagNames.join(' | ')})` : img.flags) },
    { name: 'cmdline', value: str(img.cmdline) },
    { name: 'initrd', value: img.initrdSize === null ? { type: 'null' } : int(img.initrdSize, `${img.initrdSize} bytes`) },
    { name: 'banner', value: str(img.banner) },
    { name: 'init', value: str(img.init) },
    { name: 'loadedBy', value: str(img.loadedBy) },
    {
      name: 'segments',
      value: list(img.segments, `${img.segments.length} segment(s)`, (s) => ({
        name: `[${s.index}]`,
        value: record(`mem ${s.mem} memsz ${s.memsz}`, () => [
          { name: 'buf', value: int(s.buf, s.buf) },
          { name: 'bufsz', value: int(s.bufsz) },
          { name: 'mem', value: int(s.mem, s.mem) },
          { name: 'memsz', value: int(s.memsz) },
        ], s.memoryReference),
      })),
    },
  ]);
}

export function kernelScope(host: SimHost): NamedValue[] {
  const images = host.kexecImages();
  const map = host.memoryMap();
  const gens = host.generations();
  const lwps = host.lwps();
  return [
    { name: 'generation', value: int(host.generation(), `${host.generation()} (${host.banner()})`) },
    { name: 'time', value: int(host.now(), `${host.now()} ns`) },
    { name: 'kexec image', value: images.normal ? imageValue(images.normal) : { type: 'null' } },
    { name: 'crash image', value: images.crash ? imageValue(images.crash) : { type: 'null' } },
    {
      name: 'memory map',
      value: list([...map.ranges, ...map.staged], `${map.ranges.length} range(s), ${map.staged.length} staged`, (r, i) => ({
        name: `[${i}]`,
        value: { type: 'text', display: `${r.start}-${r.end} ${r.kind}${r.image ? ` (${r.image} segment ${r.segment})` : ''}` },
      })),
    },
    {
      name: 'generations',
      value: list(gens, `${gens.length} boot(s)`, (g) => ({
        name: `[${g.id}]`, value: { type: 'text', display: `${g.banner} (${g.abi}) ${g.ended}${g.detail ? `: ${g.detail}` : ''}` },
      })),
    },
    { name: 'sysctls', value: record('sysctl', () => host.sysctls()) },
    {
      name: 'lwps',
      value: list(lwps, `${lwps.length} LWP(s)`, (l) => ({
        name: `${l.pid}.${l.lid}`,
        value: { type: 'text', display: `${l.name || '-'} ${l.state}${l.wmesg ? ` ${l.wmesg}` : ''}${l.flagNames.length ? ` [${l.flagNames.join(',')}]` : ''}` },
      })),
    },
  ];
}
