// A bound on groups kept whole (issue 21): a dump whose stacks are all distinct makes one group
// per goroutine, and building, judging and printing 300,000 groups with their frames took
// gigabytes and minutes. Past `maxGroups` groups, only the largest keep their statistics,
// frames and verdicts; the rest fold into one entry per site (the location and function
// `location` names), with counts, class and state but no frames, so their goroutines still add
// up to the host's total and a leak whose stacks are all distinct still shows as one big site.
import type { FoldedGroups, FoldedSite, GoroutineClass } from './types.js';
import type { Goroutine } from '../profile/types.js';
import type { Folder, Grouper, Light, MergedGroup } from './group.js';
import { classify } from './classify.js';
import { stackLocation } from './stack-facts.js';
import { Tally } from './tally.js';

/** Folded sites listed, largest first; the rest are only counted (sitesLeftOut). */
export const FOLDED_SITES_SHOWN = 1000;

/** The groups of `grouper`: the `cap` largest whole, the rest folded by site (null when nothing is over the cap). */
export function capGroups(
  grouper: Grouper,
  cap: number,
  seriesLength: number,
  libraryPrefixes: readonly string[],
): { kept: MergedGroup[]; folded: FoldedGroups | null } {
  if (grouper.size <= cap) return { kept: grouper.result(), folded: null };
  const kept = largest(grouper.all(), cap, seriesLength);
  const sites = new Sites(seriesLength);
  sites.plan(grouper.all(), libraryPrefixes);
  const merged = grouper.result(kept, sites);
  return { kept: merged, folded: sites.finish() };
}

/**
 * By goroutines in the last sample, then the largest count in any sample, then the longest wait
 * (among the many groups of one goroutine each, the one blocked for an hour is the one worth its
 * frames), then id (stable across runs).
 */
function largest(all: readonly Light[], cap: number, seriesLength: number): Light[] {
  const last = seriesLength - 1;
  const ranked = all.map((l) => {
    let most = 0;
    for (const n of l.counts) if (n !== undefined && n > most) most = n;
    return { l, last: l.counts[last] ?? 0, most, wait: l.representative.waitMinutes };
  });
  ranked.sort((a, b) => b.last - a.last || b.most - a.most || b.wait - a.wait || (a.l.id < b.l.id ? -1 : a.l.id > b.l.id ? 1 : 0));
  for (let i = 0; i < ranked.length; i++) ranked[i].l.site = i < cap ? KEPT : null;
  return ranked.slice(0, cap).map((r) => r.l);
}

const KEPT = {};

/** A site's size, known before the goroutines are read again; `acc` only for the sites listed. */
interface Planned {
  key: string;
  count: number;
  groups: number;
  acc: Acc | null;
}

interface Acc {
  site: FoldedSite;
  classes: Tally<GoroutineClass>;
  states: Tally<string>;
}

/**
 * Folded goroutines by site. Sites are sized first from the groups' counts (a group's site is
 * found once, from its richest member); then only the largest FOLDED_SITES_SHOWN get classes,
 * states and waits from their goroutines, so a dump of 300,000 distinct functions does not
 * make 300,000 full entries either.
 */
class Sites implements Folder {
  private planned: Planned[] = [];
  private groups = 0;
  private goroutines = 0;

  constructor(private readonly seriesLength: number) {}

  /** Sizes the sites of the groups not kept (their `site` is null; kept ones are marked). */
  plan(all: readonly Light[], libraryPrefixes: readonly string[]): void {
    const byKey = new Map<string, Planned>();
    const last = this.seriesLength - 1;
    for (const l of all) {
      if (l.site !== null) continue;
      const loc = stackLocation(l.representative.frames, libraryPrefixes);
      const key = `${loc.location}\u0000${loc.function}`;
      let p = byKey.get(key);
      if (p === undefined) {
        p = { key, count: 0, groups: 0, acc: null };
        byKey.set(key, p);
      }
      const n = l.counts[last] ?? 0;
      p.count += n;
      p.groups++;
      this.groups++;
      this.goroutines += n;
      l.site = p;
    }
    const sized = [...byKey.values()].sort((a, b) => b.count - a.count || b.groups - a.groups || (a.key < b.key ? -1 : 1));
    for (const p of sized.slice(0, FOLDED_SITES_SHOWN)) {
      const [location, fn] = p.key.split('\u0000');
      const site: FoldedSite = { location, function: fn, class: 'other', state: '', groups: p.groups, count: p.count, counts: new Array<number>(this.seriesLength).fill(0), maxWaitMinutes: 0 };
      p.acc = { site, classes: new Tally(), states: new Tally() };
    }
    this.planned = sized;
  }

  add(l: Light, g: Goroutine, index: number): void {
    const acc = (l.site as Planned).acc;
    if (acc === null) return; // a site past the ones listed: only counted
    const n = g.count;
    if (index < this.seriesLength) {
      acc.site.counts[index] += n;
      if (index === this.seriesLength - 1 && g.waitMinutes > acc.site.maxWaitMinutes) acc.site.maxWaitMinutes = g.waitMinutes;
    }
    acc.classes.add(classify(g.state, g.frames), n);
    acc.states.add(g.state, n);
  }

  finish(): FoldedGroups {
    const sites: FoldedSite[] = [];
    for (const p of this.planned) {
      if (p.acc === null) break;
      const { site, classes, states } = p.acc;
      // As for a group: the most common class, a specific one over `other`; a printed state over ''.
      site.class = mostCommon(classes, 'other') ?? 'other';
      site.state = mostCommon(states, '') ?? '';
      sites.push(site);
    }
    return { groups: this.groups, goroutines: this.goroutines, sites, sitesLeftOut: this.planned.length - sites.length };
  }
}

function mostCommon<K>(t: Tally<K>, unless: K): K | null {
  let best: K | null = null;
  let bestN = -1;
  for (const [k, n] of t) {
    if (k !== unless && n > bestN) [best, bestN] = [k, n];
  }
  return best;
}

/** The warning that says groups were folded, for the host's warnings and analyze's stderr. */
export function foldedWarning(f: FoldedGroups, kept: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(kept + f.groups)} groups: only the ${n(kept)} largest are listed with their frames (--max-groups); ` +
    `the other ${n(f.groups)} (${n(f.goroutines)} goroutines) are folded into ${n(f.sites.length + f.sitesLeftOut)} sites by location (folded)`;
}
