// Which goroutines of a site are still there at the end of the window: the runtime never reuses
// a goroutine id, so an id seen in the first full dump (debug=2) and again in the last one, at the
// same site, is the same goroutine, blocked there all along.
//
// That separates what a count alone cannot:
//   - accumulating: every goroutine of the first dump is still there and more came (a leak only
//     ever adds; a traffic ramp replaces);
//   - churn: (nearly) none of them is left, however the count moved: short-lived work, load;
//   - pool: they stayed and the count held (idle workers, kept-alive connections);
//   - mixed: some stay, some are replaced; the stayers are not noise, the rest is judged as churn.
import type { SiteStats } from './group.js';
import type { Profile } from '../profile/types.js';

export type SurvivalKind = 'accumulating' | 'churn' | 'pool' | 'mixed' | 'new';

export interface Survival {
  /** Goroutines at the site in the first full dump. */
  first: number;
  /** Of those, still at the site in the last full dump. */
  survived: number;
  /** Goroutines at the site in the last full dump. */
  last: number;
  /** Time between the two dumps (ms; 0 when the samples carry no times). */
  spanMs: number;
  kind: SurvivalKind;
}

/** Least rise that counts as "more came": three goroutines is the least that means anything. */
export const MIN_RISE = 3;
/** At most this share of the first dump's goroutines left: churn. */
const CHURN_SHARE = 0.05;
/** At least this share stayed and the count held: a pool (a busy worker is away from its site). */
const POOL_SHARE = 0.9;

/** A dump that names every goroutine by id (debug=2, merged or not): survivors can be told. */
export function namesEveryGoroutine(p: Profile): boolean {
  return p.format === 'debug2' && p.goroutines.every((g) => (g.id !== null && g.count === 1) || (g.ids !== undefined && g.ids.length >= g.count));
}

/**
 * Compares the first and the last full dump of the series (indexes into `perSample`, which must
 * differ). `counts` are the site's counts over the whole series (debug=1 between the dumps): a
 * fall anywhere between them means goroutines left, so "all stayed and more came" needs none.
 */
export function survivalOf(perSample: readonly (SiteStats | null)[], from: number, to: number, counts: readonly number[], spanMs: number): Survival {
  const a = perSample[from];
  const b = perSample[to];
  const before = new Set(a?.ids ?? []);
  const after = new Set(b?.ids ?? []);
  let survived = 0;
  for (const id of before) if (after.has(id)) survived++;
  const first = before.size;
  const last = after.size;
  const between = counts.slice(from, to + 1);
  const fell = between.some((c, i) => i > 0 && c < between[i - 1]);
  let kind: SurvivalKind;
  if (first === 0) kind = 'new';
  else if (survived === first && last - first >= MIN_RISE && !fell) kind = 'accumulating';
  else if (survived <= CHURN_SHARE * first) kind = 'churn';
  else if (survived >= POOL_SHARE * first && last - first < MIN_RISE) kind = 'pool';
  else kind = 'mixed';
  return { first, survived, last, spanMs, kind };
}
