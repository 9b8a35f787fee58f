import { clockTime } from '../core/stamp.js';

/** `[06:46:48] text\n`: the one shape of every progress and log line on stderr. */
export function logLine(text: string): string {
  return `[${clockTime()}] ${text}\n`;
}

/** Writes log lines to stderr, each behind an optional `prefix: `. */
export function stderrLog(prefix = ''): (text: string) => void {
  return (text) => process.stderr.write(logLine(prefix ? `${prefix}: ${text}` : text));
}
