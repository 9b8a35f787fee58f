// One process's samples → groups with classes, locations, evidence and verdicts, plus the host's.
import type { AnalysisOptions, GoroutineClass, Group, HostAnalysis, Sample } from './types.js';
import { dominantClass, dominantState, Grouper, type MergedGroup, type SiteStats } from './group.js';
import { assessGrowth } from './growth.js';
import { capGroups } from './fold.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { builtinPatterns, compilePatterns, matchPattern, type KnownPattern } from './patterns.js';
import { siteEvidence } from './evidence.js';
import { frameText, stackFuncs, stackIdleShape, stackLocation, stackTexts } from './stack-facts.js';
import { foldedEvidence, socketEvidence, threadsEvidence, totalEvidence } from './host-signs.js';
import { memorySigns } from './memory-signs.js';
import { verdictOf, verdictRank, worst, type Evidence } from './verdict.js';
import { namesEveryGoroutine, survivalOf, type Survival } from './survivors.js';
import { ageOf, type Age } from './age.js';
import { loadShift, type LoadShift } from './load.js';
import { judgePast, type HostPast, type PastJudgement } from './past.js';

/**
 * Samples are time-ordered profiles of one process (sorted here by takenAt). A goroutineleak
 * profile next to ordinary ones lists only the leaked goroutines, so it supplies proof but no
 * counts; `counts[]` then covers the ordinary samples only. `past` is what earlier runs of this
 * host saw of its sites (by group id): sites are then also judged over that longer span.
 */
export function analyzeHost(samples: Sample[], opts?: AnalysisOptions, past?: HostPast): HostAnalysis {
  const o = resolveOptions(opts);
  if (samples.length === 0) return { goroutines: 0, verdict: 'unknown', groups: [], evidence: [] };
  const ordered = samples.map((s, i) => ({ s, i })).sort((a, b) => a.s.takenAt - b.s.takenAt || a.i - b.i).map(({ s }) => s);
  const ordinary = ordered.filter((s) => s.profile.format !== 'goroutineleak');
  const series = ordinary.length > 0 ? ordinary : ordered;
  const proofOnly = ordered.filter((s) => !series.includes(s));

  const grouper = new Grouper({ coarse: o.coarse, oldMinutes: o.oldMinutes });
  for (const s of series) grouper.add(s.profile);
  for (const s of proofOnly) grouper.add(s.profile);
  // Past maxGroups (all-distinct stacks), the smaller groups are folded by site, not judged.
  const { kept: merged, folded } = capGroups(grouper, o.maxGroups, series.length, o.libraryPrefixes);

  const times = series.map((s) => s.takenAt);
  // User patterns are checked now; the built-in ones are read only when a group needs them.
  const userPatterns = compilePatterns(o.patterns, 'patterns option');
  let all: KnownPattern[] | null = null;
  const patterns = (): KnownPattern[] => (all ??= [...userPatterns, ...builtinPatterns()]);
  // The first and the last sample that name every goroutine: survivors are told between them.
  const full = series.flatMap((s, i) => (namesEveryGoroutine(s.profile) ? [i] : []));
  const ends = full.length >= 2 ? { from: full[0], to: full[full.length - 1] } : null;
  const base = { seriesLength: series.length, times, ends, past: past ?? null };
  // Survivors first: the sites whose goroutines were all replaced are the host's load.
  const survivals = merged.map((m) => survivalIn(m, base));
  const ctx: Context = { ...base, load: loadShift(survivals) };
  const drafts = merged.map((m, i) => draftGroup(m, ctx, o, survivals[i]));

  const sockets = socketEvidence(series, drafts.filter((d) => d.class === 'io-wait'));
  for (const d of drafts) {
    const extra = sockets.perGroup.get(d.id);
    if (extra) d.evidence.push(extra);
  }
  const groups = drafts.map((d) => finish(d, patterns));

  const goroutines = series[series.length - 1].profile.total;
  const memory = memorySigns(series, groups.some((g) => g.leaking), o.gcPauseP99Ms);
  for (const g of groups) if (g.leaking) g.evidence.push(...memory.withLeaks.map((e) => e.text));
  const hostEvidence: Evidence[] = [
    totalEvidence(goroutines, o.alertThreshold),
    threadsEvidence(series),
    ...sockets.host,
    ...memory.host,
    foldedEvidence(folded, times, o),
  ].filter((e): e is Evidence => e !== null);

  groups.sort((a, b) => b.count - a.count || verdictRank(b.verdict) - verdictRank(a.verdict) || (a.id < b.id ? -1 : 1));
  return {
    goroutines,
    verdict: worst(groups.map((g) => g.verdict), hostEvidence.length > 0 ? 'suspect' : 'healthy'),
    groups,
    evidence: hostEvidence.map((e) => e.text),
    ...(folded ? { folded } : {}),
  };
}

interface Draft {
  id: string;
  merged: MergedGroup;
  counts: number[];
  count: number;
  class: GoroutineClass;
  state: string;
  location: string;
  function: string;
  growthPerMinute: number;
  latest: SiteStats | null;
  leaked: number;
  evidence: Evidence[];
  survival: Survival | null;
  age: Age | null;
  past: PastJudgement | null;
}

interface Context {
  seriesLength: number;
  times: number[];
  /** Series indexes of the first and last full dumps (ids), when two were taken. */
  ends: { from: number; to: number } | null;
  past: HostPast | null;
  /** The host's short-lived work at both full dumps (load.ts). */
  load: LoadShift | null;
}

/** The site's survivors between the first and the last full dump, when two were taken. */
function survivalIn(m: MergedGroup, ctx: Omit<Context, 'load'>): Survival | null {
  const { ends, times } = ctx;
  if (!ends) return null;
  const inSeries = m.perSample.slice(0, ctx.seriesLength);
  const counts = inSeries.map((s) => s?.count ?? 0);
  return survivalOf(inSeries, ends.from, ends.to, counts, times[ends.to] - times[ends.from]);
}

function draftGroup(m: MergedGroup, ctx: Context, o: ResolvedOptions, survival: Survival | null): Draft {
  const { seriesLength, times } = ctx;
  const inSeries = m.perSample.slice(0, seriesLength);
  const counts = inSeries.map((s) => s?.count ?? 0);
  const latestInSeries = [...inSeries].reverse().find((s) => s !== null) ?? null;
  // A group seen only in a goroutineleak profile: its leaked goroutines are all we know.
  const latest = latestInSeries ?? m.perSample.find((s) => s !== null) ?? null;
  const leaked = Math.max(0, ...m.perSample.map((s) => s?.leaked ?? 0));
  const count = latestInSeries ? counts[counts.length - 1] : leaked;
  const cls = dominantClass(m.perSample);
  const loc = stackLocation(m.representative.frames, o.libraryPrefixes);
  const windowMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
  const age = ageOf(inSeries, windowMs);
  // Goroutines known to stay are no part of the churn noise (growth.ts).
  const stayers = Math.max(survival ? survival.survived : 0, age ? age.olderThanWindow : 0);
  const growth = assessGrowth(counts, times, stayers);
  const pastJudged = ctx.past && times.length > 0
    ? judgePast(ctx.past.get(m.id), { at: times[times.length - 1], count: counts[counts.length - 1] ?? 0 }, { age, survival, stayers })
    : null;
  const state = dominantState(m.perSample);
  const evidence = siteEvidence(
    { class: cls, location: loc.location, growth, latest, leaked, count, stateless: state === '', survival, age, past: pastJudged, counts, load: ctx.load, idleShape: stackIdleShape(m.representative.frames) },
    { siteThreshold: o.siteThreshold, oldMinutes: o.oldMinutes, oldPileMin: o.oldPileMin },
  );
  return {
    id: m.id,
    merged: m,
    counts,
    count,
    class: cls,
    state,
    location: loc.location,
    function: loc.function,
    growthPerMinute: Math.round(growth.slopePerMinute * 100) / 100,
    latest,
    leaked,
    evidence,
    survival,
    age,
    past: pastJudged,
  };
}

function finish(d: Draft, patterns: () => KnownPattern[]): Group {
  const rep = d.merged.representative;
  const verdict = verdictOf(d.evidence);
  let pattern: Group['pattern'] = null;
  if (verdict !== 'healthy') {
    const functions = stackFuncs(rep.frames);
    const p = matchPattern(patterns(), { class: d.class, count: d.count, function: d.function, functions });
    if (p) pattern = { name: p.name, cause: p.cause, fix: p.fix };
  }
  return {
    id: d.id,
    count: d.count,
    counts: d.counts,
    state: d.state,
    class: d.class,
    location: d.location,
    function: d.function,
    frames: stackTexts(rep.frames),
    createdBy: rep.createdBy ? frameText(rep.createdBy) : null,
    growthPerMinute: d.growthPerMinute,
    maxWaitMinutes: d.latest?.maxWaitMinutes ?? 0,
    leaking: verdict === 'leaking',
    verdict,
    evidence: d.evidence.map((e) => e.text),
    pattern,
    leaked: d.leaked,
    ...(d.survival ? { survivors: { first: d.survival.first, survived: d.survival.survived, last: d.survival.last, spanSeconds: Math.round(d.survival.spanMs / 100) / 10, kind: d.survival.kind } } : {}),
    ...(d.age ? { age: { olderThanWindow: d.age.olderThanWindow, olderThanHour: d.age.olderThanHour, oldestMinutes: d.age.oldestMinutes, windowMinutes: d.age.windowMinutes } } : {}),
    ...(d.past ? { history: { runs: d.past.runs, spanMinutes: Math.round(d.past.spanMs / 6000) / 10, first: d.past.first, last: d.past.last, kind: d.past.kind } } : {}),
  };
}
