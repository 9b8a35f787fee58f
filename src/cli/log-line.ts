import { clockTime } from '../core/stamp.js';
import { printErr, terminalLine } from './output.js';

/**
 * `[06:46:48] text\n`: the one shape of every progress and log line on stderr. The text holds data
 * (host names, node errors, webhook payloads): its control characters, newlines included, are
 * escaped, so it stays one line and cannot forge another.
 */
export function logLine(text: string): string {
  return `[${clockTime()}] ${terminalLine(text)}\n`;
}

/** Writes log lines to stderr, each behind an optional `prefix: `. */
export function stderrLog(prefix = ''): (text: string) => void {
  return (text) => printErr(logLine(prefix ? `${prefix}: ${text}` : text));
}
