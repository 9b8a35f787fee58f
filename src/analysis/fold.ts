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
import { locate } from './location.js';
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
  const sites = new Sites(seriesLength, libraryPrefixes);
  const merged = grouper.result(kept, sites);
  return { kept: merged, folded: sites.finish(grouper.size - kept.length) };
}

/** By goroutines in the last sample, then the largest count in any sample, then id (stable across runs). */
function largest(all: readonly Light[], cap: number, seriesLength: number): Light[] {
  const last = seriesLength - 1;
  const key = (l: Light): { last: number; most: number } => {
    let most = 0;
    for (const n of l.counts) if (n !== undefined && n > most) most = n;
    return { last: l.counts[last] ?? 0, most };
  };
  const ranked = all.map((l) => ({ l, ...key(l) }));
  ranked.sort((a, b) => b.last - a.last || b.most - a.most || (a.l.id < b.l.id ? -1 : a.l.id > b.l.id ? 1 : 0));
  return ranked.slice(0, cap).map((r) => r.l);
}

interface Acc {
  site: FoldedSite;
  classes: Tally<GoroutineClass>;
  states: Tally<string>;
}

/** Folded goroutines by site: a group's site is found once, from its richest member. */
class Sites implements Folder {
  private readonly bySite = new Map<string, Acc>();

  constructor(
    private readonly seriesLength: number,
    private readonly libraryPrefixes: readonly string[],
  ) {}

  add(l: Light, g: Goroutine, index: number): void {
    let acc = l.site as Acc | null;
    if (acc === null) {
      acc = this.siteOf(l.representative);
      acc.site.groups++;
      l.site = acc;
    }
    const n = g.count;
    if (index < this.seriesLength) {
      acc.site.counts[index] += n;
      if (index === this.seriesLength - 1 && g.waitMinutes > acc.site.maxWaitMinutes) acc.site.maxWaitMinutes = g.waitMinutes;
    }
    acc.classes.add(classify(g.state, g.frames), n);
    acc.states.add(g.state, n);
  }

  private siteOf(rep: Goroutine): Acc {
    const loc = locate(rep.frames, this.libraryPrefixes);
    const key = `${loc.location}\u0000${loc.function}`;
    let acc = this.bySite.get(key);
    if (acc === undefined) {
      const site: FoldedSite = { location: loc.location, function: loc.function, class: 'other', state: '', groups: 0, count: 0, counts: new Array<number>(this.seriesLength).fill(0), maxWaitMinutes: 0 };
      acc = { site, classes: new Tally(), states: new Tally() };
      this.bySite.set(key, acc);
    }
    return acc;
  }

  finish(groups: number): FoldedGroups {
    const all: FoldedSite[] = [];
    let goroutines = 0;
    for (const { site, classes, states } of this.bySite.values()) {
      site.count = site.counts[this.seriesLength - 1] ?? 0;
      goroutines += site.count;
      // As for a group: the most common class, a specific one over `other`; a printed state over ''.
      site.class = mostCommon(classes, 'other') ?? 'other';
      site.state = mostCommon(states, '') ?? '';
      all.push(site);
    }
    all.sort((a, b) => b.count - a.count || b.groups - a.groups || (a.location < b.location ? -1 : a.location > b.location ? 1 : a.function < b.function ? -1 : 1));
    const shown = all.slice(0, FOLDED_SITES_SHOWN);
    return { groups, goroutines, sites: shown, sitesLeftOut: all.length - shown.length };
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
