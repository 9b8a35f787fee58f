// A bound on groups kept whole (issue 21): a dump whose stacks are all distinct makes one group
// per goroutine, and drafting, judging and printing 300,000 groups with their frames took
// gigabytes and minutes. Past `maxGroups` groups, only the largest keep their frames and
// verdicts; the rest fold into one entry per site (the location and function `location`
// names, and the class), with counts and states but no frames, so their goroutines still add
// up to the host's total and a leak whose stacks are all distinct still shows as one big site.
import type { FoldedGroups, FoldedSite, GoroutineClass } from './types.js';
import { dominantClass, dominantState, type MergedGroup } from './group.js';
import { locate } from './location.js';

/** Folded sites listed, largest first; the rest are only counted (sitesLeftOut). */
export const FOLDED_SITES_SHOWN = 1000;

/** A group's order for the cap: goroutines in the last sample, then its largest count, then its id (stable across runs). */
function rank(m: MergedGroup, seriesLength: number): { last: number; most: number } {
  let last = 0;
  let most = 0;
  for (let i = 0; i < m.perSample.length; i++) {
    const n = m.perSample[i]?.count ?? 0;
    if (i === seriesLength - 1) last = n;
    if (n > most) most = n;
  }
  return { last, most };
}

/** The `cap` largest groups, and the rest folded by site (null when nothing is over the cap). */
export function capGroups(
  merged: MergedGroup[],
  cap: number,
  seriesLength: number,
  libraryPrefixes: readonly string[],
): { kept: MergedGroup[]; folded: FoldedGroups | null } {
  if (merged.length <= cap) return { kept: merged, folded: null };
  const ranked = merged.map((m) => ({ m, ...rank(m, seriesLength) }));
  ranked.sort((a, b) => b.last - a.last || b.most - a.most || (a.m.id < b.m.id ? -1 : a.m.id > b.m.id ? 1 : 0));
  const kept = ranked.slice(0, cap).map((r) => r.m);
  return { kept, folded: fold(ranked.slice(cap).map((r) => r.m), seriesLength, libraryPrefixes) };
}

interface Acc {
  site: FoldedSite;
  states: Map<string, number>;
}

function fold(rest: MergedGroup[], seriesLength: number, libraryPrefixes: readonly string[]): FoldedGroups {
  const sites = new Map<string, Acc>();
  let goroutines = 0;
  for (const m of rest) {
    const loc = locate(m.representative.frames, libraryPrefixes);
    const cls: GoroutineClass = dominantClass(m.perSample);
    const key = `${loc.location}\u0000${loc.function}\u0000${cls}`;
    let acc = sites.get(key);
    if (acc === undefined) {
      acc = {
        site: { location: loc.location, function: loc.function, class: cls, state: '', groups: 0, count: 0, counts: new Array<number>(seriesLength).fill(0), maxWaitMinutes: 0 },
        states: new Map(),
      };
      sites.set(key, acc);
    }
    const s = acc.site;
    s.groups++;
    for (let i = 0; i < seriesLength; i++) s.counts[i] += m.perSample[i]?.count ?? 0;
    const latest = m.perSample[seriesLength - 1];
    if (latest) s.maxWaitMinutes = Math.max(s.maxWaitMinutes, latest.maxWaitMinutes);
    const st = dominantState(m.perSample);
    acc.states.set(st, (acc.states.get(st) ?? 0) + 1);
  }
  const all: FoldedSite[] = [];
  for (const { site, states } of sites.values()) {
    site.count = site.counts[seriesLength - 1] ?? 0;
    goroutines += site.count;
    let best = -1;
    for (const [st, n] of states) if (st !== '' && n > best) [site.state, best] = [st, n];
    all.push(site);
  }
  all.sort((a, b) => b.count - a.count || b.groups - a.groups || (a.location < b.location ? -1 : a.location > b.location ? 1 : a.function < b.function ? -1 : 1));
  const shown = all.slice(0, FOLDED_SITES_SHOWN);
  return { groups: rest.length, goroutines, sites: shown, sitesLeftOut: all.length - shown.length };
}

/** The warning that says groups were folded, for the host's warnings and analyze's stderr. */
export function foldedWarning(f: FoldedGroups, kept: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(kept + f.groups)} groups: only the ${n(kept)} largest are listed with their frames (--max-groups); ` +
    `the other ${n(f.groups)} (${n(f.goroutines)} goroutines) are folded into ${n(f.sites.length + f.sitesLeftOut)} sites by location (folded)`;
}
