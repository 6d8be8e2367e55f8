// Quick fixes for the checker's "did you mean" hints: a misspelt syscall, constant, errno,
// field, variable or fn becomes the name the checker suggests, in one click.

const SUGGESTION = /\(did you mean '([A-Za-z_][A-Za-z0-9_]*)'\?\)$/;

/**
 * The name to put in place of `text` (the diagnostic's range) for a diagnostic `message`, or
 * nothing when the hint suggests no name or the range is not a single name.
 */
export function suggestedName(message: string, text: string): string | undefined {
  const m = SUGGESTION.exec(message);
  if (!m || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text) || text === m[1]) return undefined;
  return m[1];
}
