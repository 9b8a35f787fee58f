/** A message folded to one line of at most 400 characters: for error fields and log lines. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 400);
}
