// Verdicts from evidence: strong evidence means leaking, weak evidence means suspect.
import type { Verdict } from './types.js';

/** Strong: growth across ≥ 3 samples, goroutineleak proof, very old goroutines piling up at one
 *  site. Weak: anything that only says "look here" (two-sample growth, site and host thresholds,
 *  host signs, old goroutines where long waits can be normal). Info: says why a site that looked
 *  suspicious is not (all goroutines replaced: load; a pool that held): no verdict of its own. */
export type Strength = 'strong' | 'weak' | 'info';

export interface Evidence {
  strength: Strength;
  text: string;
}

const RANK: Record<Verdict, number> = { healthy: 0, unknown: 1, suspect: 2, leaking: 3 };

export function verdictOf(evidence: readonly Evidence[]): Verdict {
  if (evidence.some((e) => e.strength === 'strong')) return 'leaking';
  if (evidence.some((e) => e.strength === 'weak')) return 'suspect';
  return 'healthy';
}

export function worst(verdicts: Iterable<Verdict>, start: Verdict = 'healthy'): Verdict {
  let w = start;
  for (const v of verdicts) if (RANK[v] > RANK[w]) w = v;
  return w;
}

/** For --fail-on: is `v` at or above `threshold` (suspect < leaking; unknown and healthy are below both)? */
export function atOrAbove(v: Verdict, threshold: Verdict): boolean {
  return RANK[v] >= RANK[threshold];
}

export function verdictRank(v: Verdict): number {
  return RANK[v];
}
