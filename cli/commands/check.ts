// `ksim check FILE`: every diagnostic, exit 2 if there is an error.
import { checkSource } from '../../scenario/compile';
import { formatDiagnostic } from '../../scenario/diagnostics';
import type { ParsedArgs } from '../args';
import { loadScenarioArg, type CliIo } from '../io';

export function checkCommand(io: CliIo, args: ParsedArgs): number {
  const loaded = loadScenarioArg(io, args.positional, args.flags.get('--workspace'), 'ksim check FILE');
  if (!loaded) return 2;
  const res = checkSource(loaded.source, loaded.files);
  for (const d of res.diagnostics) io.stdout(formatDiagnostic(loaded.shownPath, d) + '\n');
  return res.errorCount > 0 ? 2 : 0;
}
