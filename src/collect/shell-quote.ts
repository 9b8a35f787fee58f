/**
 * One argument for a POSIX shell, always single-quoted: inside '…' nothing is special except the
 * closing quote, which becomes '\'' (close, escaped quote, reopen). `$(…)`, backticks, `;`,
 * newlines and globs stay plain text. NUL cannot travel in an argument at all: refused.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line for a POSIX shell: every word quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
