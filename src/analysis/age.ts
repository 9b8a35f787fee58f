// How long a site's goroutines have been blocked, from the wait minutes of a full dump
// (`[chan receive, 42 minutes]`; none printed means under a minute). The runtime stamps the wait
// at the first GC after a goroutine parks, so ages are lower bounds, never too old.
//
// A goroutine blocked for longer than the sampling window was there, at this site, when the
// window began: it is not churn. So the old part of a site is left out of the churn noise the
// growth test allows for, and "every goroutine younger than a minute" across runs spanning hours
// means the count rose with load, not with goroutines that stay.
import type { SiteStats } from './group.js';

export interface Age {
  /** Goroutines in the dump the ages come from. */
  total: number;
  /** Blocked longer than the window (at least one minute: ages are whole minutes). */
  olderThanWindow: number;
  /** Blocked an hour or more. */
  olderThanHour: number;
  /** Longest wait, minutes. */
  oldestMinutes: number;
  /** Minutes a wait must reach to be older than the window. */
  windowMinutes: number;
}

/** Ages of the site in its latest sample that printed them; null when no sample did. */
export function ageOf(perSample: readonly (SiteStats | null)[], windowMs: number): Age | null {
  const s = [...perSample].reverse().find((x) => x !== null && x.agesKnown);
  if (!s) return null;
  const windowMinutes = Math.max(1, Math.ceil(windowMs / 60_000));
  let olderThanWindow = 0;
  let olderThanHour = 0;
  let oldestMinutes = 0;
  for (const [minutes, n] of s.waits) {
    if (minutes >= windowMinutes) olderThanWindow += n;
    if (minutes >= 60) olderThanHour += n;
    if (n > 0) oldestMinutes = Math.max(oldestMinutes, minutes);
  }
  return { total: s.count, olderThanWindow, olderThanHour, oldestMinutes, windowMinutes };
}
