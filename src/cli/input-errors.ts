// Inputs that cannot be analyzed, as the one line an input error prints (exit 3): one bad input
// as its own message, several named one by one in that line.
import { GOROUTINE_ENDPOINT, NotGoroutinesError } from '../profile/sniff-input.js';
import { ProfileError } from '../profile/types.js';
import { UserError } from '../core/exit-codes.js';

export interface BadInput {
  /** As given on the command line ('-' for stdin). */
  file: string;
  error: ProfileError;
}

/** One UserError (exit 3) naming every bad input and what it is. */
export function badInputsError(bad: BadInput[], inputs: number): UserError {
  if (bad.length === 1) return new UserError(named(bad[0]));
  const reasons = bad.map((b) => `${shown(b.file)}: ${reason(b)}`).join('; ');
  const hint = bad.some((b) => b.error instanceof NotGoroutinesError) ? `; fetch ${GOROUTINE_ENDPOINT} instead` : '';
  return new UserError(`${bad.length} of ${inputs} inputs cannot be analyzed: ${reasons}${hint}`);
}

const shown = (file: string): string => (file === '-' ? 'stdin' : file);

/** The error's own message, with the input named first when the message does not name it. */
function named(b: BadInput): string {
  const m = b.error.message;
  const name = shown(b.file);
  return m.startsWith(`${name}: `) || m.includes(` ${name}: `) ? m : `${name}: ${m}`;
}

/** What is wrong with the input, without its name (it is named once, before this). */
function reason(b: BadInput): string {
  if (b.error instanceof NotGoroutinesError) return b.error.what;
  const m = b.error.message;
  const name = shown(b.file);
  if (m.startsWith(`${name}: `)) return m.slice(name.length + 2);
  if (m.startsWith(`cannot read ${name}: `)) return `cannot read it (${m.slice(`cannot read ${name}: `.length)})`;
  return m;
}
