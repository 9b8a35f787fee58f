import { UserError } from '../core/exit-codes.js';

/** `--fail-on` / `--alert-on`: suspect or leaking; undefined (not given) is null. */
export function parseVerdictFlag(v: string | undefined, flag: string): 'suspect' | 'leaking' | null {
  if (v === undefined) return null;
  if (v === 'suspect' || v === 'leaking') return v;
  throw new UserError(`${flag}: '${v}' must be suspect or leaking`);
}
