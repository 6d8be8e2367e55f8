// `ksim run FILE` and `ksim trace FILE --json`: compile, run headless, report.
import type { KEvent } from '../../kernel/kern/events';
import { createRun, failureText, runHeadless } from '../../scenario/run';
import { intFlag, type ParsedArgs } from '../args';
import { compileScenarioArg, type CliIo } from '../io';

export function runCommand(io: CliIo, args: ParsedArgs, trace: boolean): number {
  if (trace && !args.flags.has('--json')) {
    io.stderr('ksim trace: only --json output exists; write ksim trace FILE --json\n');
    return 2;
  }
  const seed = intFlag(args, '--seed');
  const maxSteps = intFlag(args, '--max-steps');
  if (typeof seed === 'string' || typeof maxSteps === 'string') {
    io.stderr(`ksim: ${typeof seed === 'string' ? seed : maxSteps}\n`);
    return 2;
  }
  const usage = trace ? 'ksim trace FILE --json' : 'ksim run FILE [--seed N]';
  const compiled = compileScenarioArg(io, args.positional, args.flags.get('--workspace'), usage);
  if (!compiled) return 2;

  const sink = trace ? traceSink(io) : null;
  const r = createRun(compiled.program, {
    seed,
    sink: sink ? (e: KEvent) => sink(e, r.k.s.generation) : null,
    onPrint: (line) => (trace ? io.stderr : io.stdout)(line + '\n'),
  });
  const res = runHeadless(r, { maxSteps });
  const why = failureText(compiled.shownPath, res);
  if (why !== undefined) io.stderr(why + '\n');
  if (res.status === 'ok' && res.blocked.length > 0) {
    const list = res.blocked.map((b) => `${b.pid}.${b.lid} ${b.name}${b.wmesg ? ` on "${b.wmesg}"` : ''}`).join(', ');
    io.stderr(`${compiled.shownPath}: note: the machine stopped with LWPs that can never run again: ${list}\n`);
  }
  return res.exitCode;
}

type TraceSink = (e: KEvent, gen: number) => void;

/** Joins syscall_enter (arguments) with syscall_exit (result) per LWP and prints one line per return. */
function traceSink(io: CliIo): TraceSink {
  const pendingArgs = new Map<string, unknown[]>();
  const json = (v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);
  return (e, gen) => {
    if (e.type === 'syscall_enter') {
      pendingArgs.set(`${e.pid}.${e.lid}`, e.args.map(json));
    } else if (e.type === 'syscall_exit') {
      const key = `${e.pid}.${e.lid}`;
      const args = pendingArgs.get(key) ?? [];
      pendingArgs.delete(key);
      io.stdout(JSON.stringify({ t: e.time, gen, pid: e.pid, lid: e.lid, syscall: e.name, args, ret: json(e.ret), errno: e.errno }) + '\n');
    }
  };
}
