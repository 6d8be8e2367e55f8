// Command-line arguments: `ksim COMMAND [FILE] [--flag value | --flag]...`.

export interface ParsedArgs {
  command: string | null;
  positional: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value. */
const VALUED = new Set(['--seed', '--seeds', '--abi', '--max-steps', '--workspace']);

export function parseArgs(argv: readonly string[]): ParsedArgs | string {
  const out: ParsedArgs = { command: null, positional: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') {
      out.flags.set('--help', true);
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (VALUED.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) return `${name} needs a value`;
        out.flags.set(name, v);
      } else {
        out.flags.set(name, true);
      }
    } else if (out.command === null) {
      out.command = a;
    } else {
      out.positional.push(a);
    }
  }
  return out;
}

/** An integer flag, or an error message. */
export function intFlag(args: ParsedArgs, name: string): number | undefined | string {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  if (v === true || !/^-?(0x[0-9a-f]+|\d+)$/i.test(v)) return `${name} takes an integer`;
  return Number(v);
}
