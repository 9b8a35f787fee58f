// Warnings the parser collects instead of throwing: capped, so a gigabyte of junk stays small.
import type { ParseWarning } from './types.js';

/** At most this many warnings are kept; the rest are counted and summarised in one last warning. */
export const MAX_WARNINGS = 100;

/** Longest piece of input text quoted in a warning. */
const MAX_QUOTE = 80;

export class Warnings {
  readonly list: ParseWarning[] = [];
  private dropped = 0;

  constructor(private readonly source?: string) {}

  add(line: number, message: string): void {
    if (this.list.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    // Flatten so the message never keeps a large input chunk alive (V8 sliced/cons strings).
    const w: ParseWarning = { line, message: detach(message) };
    if (this.source !== undefined) w.source = this.source;
    this.list.push(w);
  }

  finish(): ParseWarning[] {
    if (this.dropped > 0) {
      const w: ParseWarning = { line: 0, message: `${this.dropped} more warnings not shown` };
      if (this.source !== undefined) w.source = this.source;
      this.list.push(w);
      this.dropped = 0;
    }
    return this.list;
  }
}

/** Input text quoted in a warning, cut to a readable length. */
export function quote(text: string): string {
  const t = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text;
  return JSON.stringify(t);
}

/**
 * A copy of `s` that does not reference the string it was sliced from. Interned strings outlive
 * their input chunk; without this, one retained substring would keep a whole chunk in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
