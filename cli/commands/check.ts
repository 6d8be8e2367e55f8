// `ksim check FILE`: every diagnostic, exit 2 if there is an error.
import { checkSource } from '../../scenario/compile';
import { formatDiagnostic } from '../../scenario/diagnostics';
import type { ParsedArgs } from '../args';
import { loadScenario, type CliIo } from '../io';

export function checkCommand(io: CliIo, args: ParsedArgs): number {
  const file = args.positional[0];
  if (file === undefined || args.positional.length > 1) {
    io.stderr('usage: ksim check FILE\n');
    return 2;
  }
  const ws = args.flags.get('--workspace');
  const loaded = loadScenario(io, file, typeof ws === 'string' ? ws : undefined);
  if (typeof loaded === 'string') {
    io.stderr(`ksim: ${loaded}\n`);
    return 2;
  }
  const res = checkSource(loaded.source, loaded.files);
  for (const d of res.diagnostics) io.stdout(formatDiagnostic(loaded.shownPath, d) + '\n');
  return res.errorCount > 0 ? 2 : 0;
}
