import { UserError } from './exit-codes.js';

/**
 * A percent flag to a share: `30%` or `30` (a bare number is a percent, as in Ansible's
 * max_fail_percentage) is 0.3. Every percent flag of every command reads the same forms.
 * `max` bounds the share (1 for 100%); growth limits may go above it.
 */
export function parsePercent(text: string, flag: string, max = Infinity): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(String(text).trim());
  const v = m ? Number(m[1]) / 100 : NaN;
  if (!(v >= 0 && v <= max)) throw new UserError(`${flag}: '${text}' must be a percentage${Number.isFinite(max) ? ` from 0% to ${max * 100}%` : ''}, e.g. 20%`);
  return v;
}
