import { UserError } from './exit-codes.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `5s`, `2m`, `1h`, `7d` (a bare number is seconds) into milliseconds. */
export function parseDuration(text: string, flag = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(String(text).trim());
  if (!m) throw new UserError(`${flag}: '${text}' is not a duration (use e.g. 500ms, 5s, 2m, 1h, 7d)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']);
}

export function parsePositiveInt(text: string, flag: string, min = 0): number {
  if (!/^\d+$/.test(String(text))) throw new UserError(`${flag}: '${text}' is not a whole number`);
  const n = Number(text);
  if (n < min) throw new UserError(`${flag}: must be at least ${min}`);
  return n;
}
