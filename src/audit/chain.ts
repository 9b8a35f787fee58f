// How one audit record is sealed: SHA-256 over the record (sorted keys, without `hash`), or with a
// key (FLEET_DIAG_AUDIT_KEY[_FILE]) HMAC-SHA-256, so a rewritten log cannot be re-hashed by whoever
// can write the file but not read the key. A keyed record says so (`keyed: true`, itself sealed).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** JSON with sorted keys: the seal must not depend on property order. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** The seal of `value` without its `field` (`hash` for records, `mac` for the anchor). */
export function seal(value: object, key: Buffer | null, field = 'hash'): string {
  const { [field]: _drop, ...rest } = value as Record<string, unknown>;
  const text = canonicalJson(rest);
  return key ? createHmac('sha256', key).update(text).digest('hex') : createHash('sha256').update(text).digest('hex');
}

export function sameHex(a: string, b: unknown): boolean {
  if (typeof b !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
