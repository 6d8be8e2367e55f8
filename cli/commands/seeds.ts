// `ksim run FILE --seeds A..B`: the scenario under every scheduler seed of a range; each seed
// that fails is printed with where and why, then one summary line. Exit 1 when any failed.
import { failureText } from '../../scenario/run';
import { parseSeedRange, searchSeeds } from '../../scenario/seed-search';
import { intFlag, type ParsedArgs } from '../args';
import { compileScenarioArg, type CliIo } from '../io';

/** At most this many failing seeds are named in the summary line. */
const NAMED = 20;

export function seedsCommand(io: CliIo, args: ParsedArgs): number {
  const text = args.flags.get('--seeds');
  const range = typeof text === 'string' ? parseSeedRange(text) : '--seeds needs a range, e.g. --seeds 1..200';
  if (typeof range === 'string') {
    io.stderr(`ksim: ${range}\n`);
    return 2;
  }
  if (args.flags.has('--seed')) {
    io.stderr('ksim: --seed and --seeds go separately: one seed, or a range to search\n');
    return 2;
  }
  const maxSteps = intFlag(args, '--max-steps');
  if (typeof maxSteps === 'string') {
    io.stderr(`ksim: ${maxSteps}\n`);
    return 2;
  }
  const compiled = compileScenarioArg(io, args.positional, args.flags.get('--workspace'), 'ksim run FILE --seeds A..B');
  if (!compiled) return 2;
  const failed: number[] = [];
  for (const { seed, result } of searchSeeds(compiled.program, range, { maxSteps })) {
    if (result.exitCode === 0) continue;
    failed.push(seed);
    io.stderr(`seed ${seed}: ${failureText(compiled.shownPath, result) ?? result.status}\n`);
  }
  const total = range.to - range.from + 1;
  const named = failed.slice(0, NAMED).join(', ') + (failed.length > NAMED ? ', …' : '');
  io.stdout(`seeds ${range.from}..${range.to}: ${total - failed.length} passed, ${failed.length} failed` +
    (failed.length ? ` (${named}); debug one with --seed ${failed[0]}` : '') + '\n');
  return failed.length ? 1 : 0;
}
