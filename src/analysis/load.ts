// How the host's short-lived work moved over the window: the goroutines at sites whose goroutines
// were all replaced between the first and the last full dump (survivors.ts: churn) are requests
// in flight, so their sum is the load. A canary given more traffic opens more connections, and
// clients keep them alive for minutes: io-wait goroutines then stay and grow exactly as a
// connection leak's do. Growth at a site that waits on the outside world while the load rose as
// much is read as following the load (a suspect), not as a leak; earlier runs tell once it settles.
import type { Survival } from './survivors.js';

export interface LoadShift {
  /** Goroutines of churning sites at the first full dump. */
  first: number;
  /** The same sites at the last full dump. */
  last: number;
}

/** Fewer short-lived goroutines than this at the first dump say nothing about load. */
const MIN_LOAD = 20;
/** Load rose by at least this ratio over the window: a ramp, not noise. */
const RAMP_RATIO = 1.5;

/** The host's load at both ends of the window, or null when survivors were not compared. */
export function loadShift(survivals: readonly (Survival | null)[]): LoadShift | null {
  let first = 0;
  let last = 0;
  for (const s of survivals) {
    if (s?.kind !== 'churn') continue;
    first += s.first;
    last += s.last;
  }
  return first >= MIN_LOAD ? { first, last } : null;
}

/** Did the site grow no faster than the load rose (and the load rose: a ramp)? */
export function growthFollowsLoad(load: LoadShift | null | undefined, siteFirst: number, siteLast: number): boolean {
  if (!load || load.last < RAMP_RATIO * load.first || siteFirst <= 0) return false;
  return siteLast / siteFirst <= load.last / load.first;
}
