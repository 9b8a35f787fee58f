// A site over earlier runs of the same host: one count per run (its last sample), then this run's.
// Runs minutes to days apart see what one ~10 s window cannot: an old pile that still grows by a
// few a minute, or a pool that has held its size all day. The same churn-vs-accumulation reasoning
// applies: a count that rises run after run is a leak only if what it is made of stays; when every
// goroutine of the site is younger than a minute (or this run saw them all replaced), it is load.
import type { Age } from './age.js';
import type { Survival } from './survivors.js';
import { MIN_RISE } from './survivors.js';

/** One earlier observation of a site (report/history.ts's SitePoint has this shape). */
export interface SitePast {
  /** ms since the epoch. */
  at: number;
  count: number;
  runId: string;
}

/** What earlier runs of one host saw, by group id (oldest first). */
export type HostPast = ReadonlyMap<string, readonly SitePast[]>;

export type PastKind = 'rising' | 'load' | 'held' | 'none';

export interface PastJudgement {
  /** Runs compared, this one included. */
  runs: number;
  spanMs: number;
  first: number;
  last: number;
  /** rising: rose in every run-to-run step beyond churn; load: rose, but nothing stays;
   *  held: within a few goroutines of where it was; none: anything else. */
  kind: PastKind;
}

/** Earlier runs needed besides this one: two make three points, the least with a shape. */
export const MIN_EARLIER_RUNS = 2;
/** A history shorter than this says nothing a run's own window does not (ms). */
const MIN_SPAN_MS = 60_000;

/** The last count of each earlier run, oldest first; runs after `before` are ignored. */
export function perRun(points: readonly SitePast[], before: number): { at: number; count: number }[] {
  const byRun = new Map<string, { at: number; count: number }>();
  for (const p of points) {
    if (!(p.at < before)) continue;
    const seen = byRun.get(p.runId);
    if (!seen || p.at >= seen.at) byRun.set(p.runId, { at: p.at, count: p.count });
  }
  return [...byRun.values()].sort((a, b) => a.at - b.at);
}

/**
 * Judges the site on earlier runs plus this run's last count (`now`, at `nowAt`). `stayers` are
 * goroutines known to stay (survivors, or older than the window): the churn noise of a step is
 * √(2·(mean − stayers)), as in growth.ts. Null when history is too short to say anything.
 */
export function judgePast(
  points: readonly SitePast[] | undefined,
  now: { at: number; count: number },
  facts: { age: Age | null; survival: Survival | null; stayers: number },
): PastJudgement | null {
  if (!points || !(now.at > 0)) return null;
  const earlier = perRun(points, now.at);
  if (earlier.length < MIN_EARLIER_RUNS) return null;
  const series = [...earlier, now];
  const spanMs = now.at - series[0].at;
  if (spanMs < MIN_SPAN_MS) return null;
  const counts = series.map((p) => p.count);
  const first = counts[0];
  const last = counts[counts.length - 1];
  const base = { runs: series.length, spanMs, first, last };
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const noise = Math.sqrt(2 * Math.max(0, mean - facts.stayers));
  const everyStepUp = counts.every((c, i) => i === 0 || c > counts[i - 1]);
  const net = last - first;
  if (everyStepUp && net >= Math.max(MIN_RISE, 3 * noise)) {
    const young = facts.age !== null && facts.age.total > 0 && facts.age.olderThanWindow === 0;
    const replaced = facts.survival?.kind === 'churn';
    return { ...base, kind: young || replaced ? 'load' : 'rising' };
  }
  const spread = Math.max(...counts) - Math.min(...counts);
  if (!everyStepUp && spread < Math.max(MIN_RISE, 0.05 * Math.max(...counts))) return { ...base, kind: 'held' };
  return { ...base, kind: 'none' };
}
