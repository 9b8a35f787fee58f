import { UserError } from './exit-codes.js';

/** `30%` (or `0.3`) to a share from 0 to 1. */
export function parseShare(text: string, flag: string): number {
  const t = String(text).trim();
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(t);
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v <= 1)) throw new UserError(`${flag}: '${text}' must be a percentage from 0% to 100%`);
  return v;
}
