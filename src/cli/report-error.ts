import { CommanderError } from 'commander';
import { EXIT, UserError } from '../core/exit-codes.js';
import { printErr, terminalLine } from './output.js';

/** One clear line, never a stack trace (unless FLEET_DIAG_DEBUG is set). */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage; // commander already printed its message
  }
  if (err instanceof UserError) {
    printErr(`fleet-diag: ${terminalLine(err.message)}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  printErr(`fleet-diag: internal error: ${terminalLine(e?.message ?? String(err))}${process.env.FLEET_DIAG_DEBUG ? '' : ' (a bug: run again with FLEET_DIAG_DEBUG=1 for the stack trace, and report it)'}\n`);
  if (process.env.FLEET_DIAG_DEBUG) printErr(`${e?.stack}\n`);
  return EXIT.internal;
}
