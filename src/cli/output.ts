// The output boundary: everything fleet-diag prints on stdout or stderr goes through here, so no
// control character from data (dumps, host names, node errors, webhook payloads) reaches a
// terminal or a log raw (core/terminal-text.ts). A unit test keeps other cli/ files from writing
// to process.stdout or process.stderr themselves.
import { terminalLine, terminalSafe, terminalText } from '../core/terminal-text.js';

export { terminalLine, terminalSafe };

/** Multi-line text on stdout (a summary, a table, Markdown/DOT/HTML sent to '-'). */
export function printOut(text: string): void {
  process.stdout.write(terminalText(text));
}

/** Multi-line text on stderr (Ansible's own output with --verbose, a finished line). */
export function printErr(text: string): void {
  process.stderr.write(terminalText(text));
}

/** One value as JSON on stdout: valid JSON, with C1 controls and DEL escaped as JSON escapes too. */
export function printJson(value: unknown, indent: number | undefined = 2): void {
  process.stdout.write(`${terminalText(JSON.stringify(value, null, indent))}\n`);
}

/**
 * A reader that went away (`fleet-diag audit list | head`) is no error: stop quietly, with the
 * exit code so far, instead of an unhandled EPIPE and its stack trace.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw err;
    });
  }
}
