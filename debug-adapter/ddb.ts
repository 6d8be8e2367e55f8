// ddb-style commands for the debug console: ps, show lwp [LID], show proc [PID], show kexec,
// show phys, show boots, show sched_qs, show sleepq, show callout, sysctl, x/Nx ADDR, bt [LID],
// help. Each returns the text to print,
// or undefined when the line is not a command (it is then evaluated as an expression).

import type { SessionContext } from './context';
import type { LwpKey, NamedValue, SchedulerView, ThreadInfo } from './engine/sim-host';
import { threadName } from './handlers/stack';
import { renderShort } from './engine/breakpoints';
import { stackOf } from './kernel-frames';
import type { SyscallArgValue } from './contract';

export const DDB_COMMANDS = ['help', 'ps', 'show lwp', 'show proc', 'show kexec', 'show phys', 'show boots', 'show sched_qs', 'show sleepq', 'show callout', 'sysctl', 'x/', 'bt', 'call'];

const HELP = [
  'ddb commands (anything else is evaluated as a scenario expression):',
  '  ps                  processes and LWPs',
  '  show lwp [LID|PID.LID]  every field of an LWP (default: the current one)',
  '  show proc [PID]     every field of a process',
  '  show kexec          staged kexec images and their segments',
  '  show phys           the physical memory map with staged segments',
  '  show boots          boot generations and how each ended',
  '  show sched_qs       each CPU\'s current LWP and the run queue',
  '  show sleepq         wait channels and the LWPs asleep on each',
  '  show callout        pending timeouts, soonest first, with the time left',
  '  sysctl              kernel variables',
  '  x/Nx ADDR           N units of physical memory in hex (units: b h w g, e.g. x/16xb 0x200000)',
  '  bt [LID|PID.LID]    call stack of an LWP, kernel frames first',
  '  call NAME(ARGS)     run a syscall now as the current LWP (integers, null, "strings"), e.g. call _lwp_unpark(2, null)',
].join('\n');

function fields(list: NamedValue[]): string {
  const width = Math.max(0, ...list.map((f) => f.name.length));
  return list.map((f) => `  ${f.name.padEnd(width)}  ${renderShort(f.value)}`).join('\n');
}

function lwpArg(ctx: SessionContext, arg: string | undefined): LwpKey | undefined {
  const host = ctx.requireHost();
  const cur = ctx.currentLwp();
  if (!arg) return cur ?? undefined;
  const gen = host.generation();
  const m = /^(\d+)\.(\d+)$/.exec(arg);
  if (m) return { gen, pid: +m[1], lid: +m[2] };
  if (/^\d+$/.test(arg)) {
    const lid = Number(arg);
    const pid = cur?.pid ?? host.lwps().find((l) => l.lid === lid)?.pid;
    return pid === undefined ? undefined : { gen, pid, lid };
  }
  return undefined;
}

function hexdump(ctx: SessionContext, count: number, unit: number, addr: bigint): string {
  const host = ctx.requireHost();
  const total = Math.min(count * unit, 4096);
  const size = host.physSize();
  if (addr >= size) return `0x${addr.toString(16)}: outside physical memory (size 0x${size.toString(16)})`;
  const n = Number(size - addr < BigInt(total) ? size - addr : BigInt(total));
  const bytes = host.readPhys(addr, n);
  const lines: string[] = [];
  const perLine = 16;
  for (let off = 0; off < n; off += perLine) {
    const words: string[] = [];
    for (let j = off; j < Math.min(n, off + perLine); j += unit) {
      let w = 0n;
      for (let b = unit - 1; b >= 0; b--) w = (w << 8n) | BigInt(bytes[j + b] ?? 0);
      words.push(w.toString(16).padStart(unit * 2, '0'));
    }
    lines.push(`0x${(addr + BigInt(off)).toString(16).padStart(8, '0')}:  ${words.join(' ')}`);
  }
  return lines.join('\n');
}

/** Splits `a, f(b, c), "x,y"` at top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '(' || ch === '[' || ch === '{')) depth++;
    if (!quoted && (ch === ')' || ch === ']' || ch === '}')) depth--;
    if (!quoted && depth === 0 && ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function callSyscall(ctx: SessionContext, text: string): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)$/s.exec(text);
  if (!m) return 'Usage: call NAME(ARG, ...)';
  const engine = ctx.engine;
  const host = ctx.host;
  if (!engine || !host || engine.isRunning) return 'The machine must be stopped';
  const lwp = ctx.currentLwp();
  const args: SyscallArgValue[] = [];
  for (const a of splitArgs(m[2])) {
    const r = host.evaluate(a, lwp, 0);
    if (!r.ok) return `${a}: ${r.message}`;
    const v = r.value;
    if (v.type === 'int') args.push({ kind: 'int', value: v.value.toString() });
    else if (v.type === 'null') args.push({ kind: 'null' });
    else if (v.type === 'string') args.push({ kind: 'string', value: v.value });
    else return `${a}: only integers, null and strings can be passed here (use "KSim: Run Syscall..." for structs)`;
  }
  const r = engine.applyPatch({ kind: 'runSyscall', args: { name: m[1], args, pid: lwp?.pid, lid: lwp?.lid } });
  if (!r.syscall) return r.message;
  ctx.resetHandles();
  ctx.syncThreads();
  ctx.invalidate();
  ctx.stateChanged('syscall');
  const sc = r.syscall;
  const out = sc.out.map((o) => ` ${o.name}=${o.value}`).join('');
  return `${m[1]} = ${sc.ret}${sc.errnoName ? ` (${sc.errnoName}: ${sc.errnoMeaning ?? ''})` : ''}${sc.wouldBlock ? ' [would block: not run]' : ''}${out}${sc.output ? `\n${sc.output}` : ''}`;
}

/** A span of virtual time for people: `49.999 ms`, `2 s`, `750 ns`. */
function span(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)} µs`;
  return `${ns} ns`;
}

function lwpName(t: ThreadInfo): string {
  return threadName(t.pid, t.lid, t.name);
}

function showScheduler(s: SchedulerView, what: 'sched_qs' | 'sleepq' | 'callout'): string {
  if (what === 'sched_qs') {
    const cpus = s.cpus.map((c) => `  cpu${c.index}  ${c.curlwp ? lwpName(c.curlwp) : '(idle)'}  ${c.switches} switch${c.switches === 1 ? '' : 'es'}`);
    return ['CPUs:', ...cpus, `run queue (${s.runq.length}):`, ...(s.runq.length ? s.runq.map((l, i) => `  ${i + 1}. ${lwpName(l)}`) : ['  (empty)'])].join('\n');
  }
  if (what === 'sleepq') {
    if (s.sleepqs.length === 0) return 'No LWP is asleep';
    return s.sleepqs.map((q) => `  ${q.wchan} "${q.wmesg}": ${q.sleepers.map(lwpName).join(', ') || '(none)'}`).join('\n');
  }
  if (s.callouts.length === 0) return 'No callout is pending';
  return [`now ${span(s.now)}`, ...s.callouts.map((c) => `  in ${span(Math.max(0, c.due - s.now))}  ${c.func}${c.lwp ? ` for ${lwpName(c.lwp)}` : ''}`)].join('\n');
}

export function runDdb(ctx: SessionContext, line: string): string | undefined {
  const text = line.trim();
  const [cmd, ...rest] = text.split(/\s+/);
  if (cmd === 'help') return HELP;
  const host = ctx.host;
  if (!host) return DDB_COMMANDS.some((c) => text.startsWith(c.split(' ')[0])) ? 'No machine is running' : undefined;
  if (cmd === 'ps') {
    const rows = ['  PID   LID S          FLAGS        WAIT           NAME'];
    for (const p of host.processes()) {
      rows.push(`${String(p.pid).padStart(5)}       ${p.state.padEnd(10)} uid ${p.uid}  ${p.comm}`);
      for (const l of host.lwps().filter((x) => x.pid === p.pid)) {
        rows.push(`${String(l.pid).padStart(5)} ${String(l.lid).padStart(5)} ${l.state.padEnd(10)} ${l.flags.padEnd(12)} ${(l.wmesg ?? '-').padEnd(14)} ${l.name}`);
      }
    }
    return rows.join('\n');
  }
  if (cmd === 'show') {
    const what = rest[0];
    if (what === 'lwp') {
      const k = lwpArg(ctx, rest[1]);
      const f = k && host.lwpFields(k);
      return f ? `LWP ${k.pid}.${k.lid}\n${fields(f)}` : `No LWP ${rest[1] ?? ''}`;
    }
    if (what === 'proc') {
      const pid = rest[1] ? Number(rest[1]) : ctx.currentLwp()?.pid;
      const f = pid !== undefined ? host.processFields(pid) : undefined;
      return f ? `process ${pid}\n${fields(f)}` : `No process ${rest[1] ?? ''}`;
    }
    if (what === 'kexec') {
      const imgs = host.kexecImages();
      const one = (label: string, img: typeof imgs.normal): string => {
        if (!img) return `${label}: none staged`;
        const segs = img.segments.map((s) => `    [${s.index}] buf ${s.buf} bufsz ${s.bufsz} mem ${s.mem} memsz ${s.memsz}`);
        return [`${label}: entry ${img.entry} flags ${img.flags}${img.flagNames.length ? ` (${img.flagNames.join('|')})` : ''}`,
          `  cmdline ${img.cmdline ?? '-'}  initrd ${img.initrdSize ?? '-'}  banner ${img.banner ?? '-'}`, ...segs].join('\n');
      };
      return `${one('normal image', imgs.normal)}\n${one('crash image', imgs.crash)}`;
    }
    if (what === 'phys') {
      const m = host.memoryMap();
      const rows = [...m.ranges, ...m.staged].map((r) => `  ${r.start}-${r.end}  ${r.kind}${r.image ? ` (${r.image} image, segment ${r.segment})` : ''}`);
      return [`physical memory: ${m.totalBytes} bytes, ${m.residentBytes} resident`, ...rows].join('\n');
    }
    if (what === 'boots' || what === 'generations') {
      return host.generations().map((g) => `  ${g.id}  ${g.banner} (${g.abi})  ${g.ended}${g.detail ? `: ${g.detail}` : ''}`).join('\n');
    }
    if (what === 'sched_qs' || what === 'sleepq' || what === 'callout') return showScheduler(host.scheduler(), what);
    return `Unknown 'show ${what ?? ''}': try show lwp, show proc, show kexec, show phys, show boots, show sched_qs, show sleepq, show callout`;
  }
  if (cmd === 'sysctl') return fields(host.sysctls());
  if (cmd === 'bt') {
    const k = lwpArg(ctx, rest[0]);
    if (!k) return `No LWP ${rest[0] ?? ''}`;
    return stackOf(ctx, k).map((f, i) => `#${i}  ${f.name}  ${f.file ?? '?'}:${f.line}${f.kind === 'kernel' ? '  [kernel]' : ''}`).join('\n') || '(no frames)';
  }
  if (cmd === 'call') return callSyscall(ctx, text.slice(4).trim());
  const x = /^x\/(\d*)([xdu]?)([bhwg]?)\s+(\S+)$/.exec(text);
  if (x) {
    const count = x[1] ? Number(x[1]) : 16;
    const unit = { b: 1, h: 2, w: 4, g: 8, '': 4 }[x[3] as 'b' | 'h' | 'w' | 'g' | ''];
    let addr: bigint;
    try {
      addr = BigInt(x[4]);
    } catch {
      const r = host.evaluate(x[4], ctx.currentLwp(), 0);
      if (!r.ok || r.value.type !== 'int') return `Cannot read address '${x[4]}'`;
      addr = r.value.value;
    }
    return hexdump(ctx, count, unit, addr);
  }
  if (text.startsWith('x/')) return 'Usage: x/Nx[b|h|w|g] ADDR';
  return undefined;
}
