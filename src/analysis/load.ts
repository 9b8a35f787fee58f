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
/** A pool that follows load grows in proportion to it; this much faster still counts as following. */
const SLACK = 1.25;

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

/** Did the load rise beyond chance, and the site by no larger a share than the load did? */
export function growthFollowsLoad(load: LoadShift | null | undefined, siteFirst: number, siteLast: number): boolean {
  if (!load || siteFirst <= 0) return false;
  const rose = load.last - load.first;
  // Requests arrive at random: a rise within three standard deviations (Poisson) is no ramp.
  if (rose <= 3 * Math.sqrt(load.first)) return false;
  return (siteLast - siteFirst) / siteFirst <= (SLACK * rose) / load.first;
}
