// What every renderer says the same way: which groups to show, socket text, durations, counts.
import type { FoldedSite, Group, Verdict } from '../../analysis/types.js';
import type { HostReport, Report } from '../types.js';

import { n, perMinute, plural } from '../../analysis/wording.js';

export { n, perMinute, plural } from '../../analysis/wording.js';

const SEVERITY: Record<Verdict, number> = { leaking: 3, suspect: 2, unknown: 1, healthy: 0 };

/** leaking > suspect > unknown > healthy. */
export function severity(v: Verdict): number {
  return SEVERITY[v] ?? 0;
}

export function isFlagged(v: Verdict): boolean {
  return v === 'leaking' || v === 'suspect';
}

/** `ESTABLISHED=3 CLOSE_WAIT=40 …`: the states that tell leaks first, then the rest by name. */
export function socketsText(s: Record<string, number> | null): string {
  if (!s) return '-';
  const order = ['ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT', 'LISTEN'];
  const rank = (k: string) => order.indexOf(k) + 1 || 99;
  const keys = Object.keys(s).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.length === 0 ? '-' : keys.map((k) => `${k}=${s[k]}`).join(' ');
}

/** 6004 → "6,004"; null → "-". */
export function countText(v: number | null): string {
  return v === null ? '-' : n(v);
}

/**
 * Groups with goroutines in the last sample. The others (present in an earlier sample only)
 * are folded away by every renderer; report.json keeps them.
 */
export function liveGroups(h: HostReport): Group[] {
  return h.groups.filter((g) => g.count > 0);
}

/** How many groups `liveGroups` folds away. */
export function foldedGroups(h: HostReport): number {
  return h.groups.length - liveGroups(h).length;
}

/** "2 groups with no goroutines in the last sample are folded away (report.json keeps them)", or ''. */
export function foldedText(h: HostReport, keeper = 'report.json'): string {
  const k = foldedGroups(h);
  if (k === 0) return '';
  return `${plural(k, 'group')} with no goroutines in the last sample ${k === 1 ? 'is' : 'are'} folded away (${keeper} keeps ${k === 1 ? 'it' : 'them'})`;
}

/**
 * The groups worth showing for a host: every flagged group (worst first, then largest), then
 * the largest others until `min` are shown; never more than `max`. Groups with no goroutines
 * in the last sample are left out.
 */
export function topGroups(h: HostReport, min = 3, max = 10): Group[] {
  const live = liveGroups(h);
  const flagged = live.filter((g) => isFlagged(g.verdict)).sort((a, b) => severity(b.verdict) - severity(a.verdict) || b.count - a.count);
  const rest = live.filter((g) => !isFlagged(g.verdict));
  return [...flagged, ...rest.slice(0, Math.max(0, min - flagged.length))].slice(0, max);
}

/** Hosts that were not collected (anything but ok), with why. */
export function failedHosts(r: Report): HostReport[] {
  return r.hosts.filter((h) => h.status !== 'ok');
}

/** Where the whole data is: report.json for a run, `analyze --json` for dumps. */
export function keeperOf(ctx: { dumps?: unknown }): string {
  return ctx.dumps ? 'analyze --json' : 'report.json';
}

/** Wall time of the run, e.g. "10.7 s" or "3 min 5 s"; '' when the times do not parse. */
export function runDuration(r: Report): string {
  const ms = Date.parse(r.run.finishedAt) - Date.parse(r.run.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Fleet totals for headers and cards. */
export function fleetTotals(r: Report): { goroutines: number; leaking: number; suspect: number; healthy: number; failed: number } {
  const ok = r.hosts.filter((h) => h.status === 'ok');
  return {
    goroutines: ok.reduce((sum, h) => sum + (h.goroutines ?? 0), 0),
    leaking: ok.filter((h) => h.verdict === 'leaking').length,
    suspect: ok.filter((h) => h.verdict === 'suspect').length,
    healthy: ok.filter((h) => h.verdict === 'healthy').length,
    failed: r.hosts.length - ok.length,
  };
}

/** "+150/min" or '' for a flat group. */
export function growthText(g: Group): string {
  return g.growthPerMinute ? perMinute(g.growthPerMinute) : '';
}

/** A folded site's goroutines per sample: "3 → 40 → 81", or first → last when there are many. */
export function sampleCountsText(counts: number[]): string {
  if (counts.length === 0) return '-';
  if (counts.length <= 4) return counts.map(n).join(' → ');
  return `${n(counts[0])} → … → ${n(counts[counts.length - 1])}`;
}

export interface FoldedView {
  /** "12,000 goroutines in 9,000 smaller groups past --max-groups, by site" */
  heading: string;
  sites: FoldedSite[];
  /** "…and 40 more sites in report.json", or ''. */
  more: string;
}

/**
 * Groups past --max-groups, folded by site (host.folded), as every renderer shows them: the
 * largest `max` sites. A leak whose stacks all differ shows only here. null when nothing was folded.
 */
export function foldedSites(h: HostReport, max = 10, keeper = 'report.json'): FoldedView | null {
  const f = h.folded;
  if (!f || f.groups === 0) return null;
  const sites = f.sites.slice(0, max);
  const rest = f.sites.length + f.sitesLeftOut - sites.length;
  const listed = f.sites.length - sites.length;
  const more = rest <= 0 ? '' : listed > 0
    ? `…and ${plural(rest, 'more site')}${f.sitesLeftOut > 0 ? ` (${n(listed)} listed in ${keeper})` : ` in ${keeper}`}`
    : `…and ${plural(rest, 'more site')}, counted only`;
  return { heading: `${plural(f.goroutines, 'goroutine')} in ${plural(f.groups, 'smaller group')} past --max-groups, by site`, sites, more };
}
