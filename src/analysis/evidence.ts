// Leak evidence for one group (one site) across the samples, each item in plain words.
import type { GoroutineClass } from './types.js';
import type { SiteStats } from './group.js';
import type { Growth } from './growth.js';
import type { Evidence } from './verdict.js';
import type { Age } from './age.js';
import type { Survival } from './survivors.js';
import type { PastJudgement } from './past.js';
import { growthFollowsLoad, type LoadShift } from './load.js';
import { duration, n, perMinute, plural } from './wording.js';

/** Blocked on a channel operation: what LeakProf's site threshold counts. */
export const CHANNEL_CLASSES: ReadonlySet<GoroutineClass> = new Set(['chan-receive', 'chan-send', 'nil-chan', 'select', 'select-no-cases']);

/** Blocked on something only another goroutine of this program can release: an old pile-up here
 *  is strong evidence. io-wait, sleep and syscall can wait on the outside world for hours
 *  (idle keep-alive connections, long polls), so old pile-ups there are weak evidence. */
export const INTERNAL_WAIT: ReadonlySet<GoroutineClass> = new Set([...CHANNEL_CLASSES, 'mutex', 'rwmutex', 'waitgroup', 'cond']);
const EXTERNAL_WAIT: ReadonlySet<GoroutineClass> = new Set(['io-wait', 'sleep', 'syscall']);

export interface SiteFacts {
  class: GoroutineClass;
  location: string;
  growth: Growth;
  /** Stats of the latest sample that has the group. */
  latest: SiteStats | null;
  /** Goroutines the goroutineleak profile marks as leaked (largest over the samples). */
  leaked: number;
  count: number;
  /** No wait state was ever printed for the group (debug=1 or binary profiles only). */
  stateless: boolean;
  /** A library's known idle shape (keep-alive connection, accept loop…; suspects/idle-shapes.ts), or null. */
  idleShape?: string | null;
  /** Ids compared between the first and the last full dump, when both were taken. */
  survival?: Survival | null;
  /** Wait ages from the latest full dump. */
  age?: Age | null;
  /** The site over earlier runs of the host. */
  past?: PastJudgement | null;
  /** The site's counts over the samples, and the number of samples with counts. */
  counts?: readonly number[];
  /** The host's short-lived work at the first and the last full dump (load.ts). */
  load?: LoadShift | null;
}

export interface SiteThresholds {
  siteThreshold: number;
  oldMinutes: number;
  oldPileMin: number;
}

/**
 * Everything the site tells, strongest first. What decides is said in words; evidence that a
 * stronger fact overrode is left out or downgraded, and an `info` line says why (a count that
 * climbed with every goroutine replaced is load; an old pile that holds its size is a pool).
 */
export function siteEvidence(f: SiteFacts, t: SiteThresholds): Evidence[] {
  const out: Evidence[] = [];
  const proof = leakProof(f);
  if (proof) out.push(proof);
  const surv = f.survival ?? null;
  const past = f.past ?? null;
  const survived = survivalEvidence(f);
  // Churn now (all replaced) or across runs (all young): the count moved with load.
  const load = surv?.kind === 'churn' || past?.kind === 'load';
  const pool = surv?.kind === 'pool' || past?.kind === 'held';
  // A steady-but-small rise counts only where churn is unusual: waits on the program itself.
  const grew = load || (f.growth.kind === 'consistent' && !INTERNAL_WAIT.has(f.class)) ? null : withLoad(growthEvidence(f.growth), f);
  if (survived && survived.strength !== 'info') out.push(survived);
  if (grew) out.push(grew);
  const history = pastEvidence(f);
  if (history && history.strength !== 'info') out.push(history);
  const age = ageEvidence(f, t);
  const site = thresholdEvidence(f, t);
  const forever = foreverEvidence(f);
  // A pool shown to hold its size over earlier runs is judged on that: its age and size are how
  // pools look. Without history, an old pile that held during the window stays a suspect.
  const settled = past?.kind === 'held' && pool;
  for (const e of [age, site]) {
    if (!e) continue;
    out.push(settled ? { strength: 'info', text: `${e.text}; held its size across earlier runs: a pool` } : e);
  }
  if (forever) out.push(forever);
  const flagged = f.growth.kind !== 'none' || out.some((e) => e.strength !== 'info') || settled;
  if (flagged) {
    if (survived?.strength === 'info') out.push(survived);
    if (history?.strength === 'info') out.push(history);
  }
  return out;
}

/** Growth at a site that waits on the outside world, no faster than the host's load rose: kept-alive
 *  connections follow traffic, so it is a sign to look at, never proof on its own. */
function withLoad(e: Evidence | null, f: SiteFacts): Evidence | null {
  const s = f.survival;
  if (!e || e.strength !== 'strong' || !EXTERNAL_WAIT.has(f.class) || !s || !f.load) return e;
  if (!growthFollowsLoad(f.load, s.first, s.last)) return e;
  return { strength: 'weak', text: `${e.text}, while the host's short-lived goroutines rose ${n(f.load.first)} → ${n(f.load.last)}: ${f.class} that follows load (connections kept alive for more traffic) or a leak; later runs tell` };
}

/** Seconds or minutes of a window, in words. */
function span(ms: number): string {
  return ms > 0 ? ` in ${duration(ms)}` : '';
}

function oldest(age: Age | null | undefined): string {
  if (!age || age.oldestMinutes < 1) return '';
  return `, oldest ${plural(age.oldestMinutes, 'minute')}`;
}

/** Survivors between the first and the last full dump, in words; null when they were not compared. */
export function survivalEvidence(f: SiteFacts): Evidence | null {
  const s = f.survival;
  if (!s) return null;
  const rise = s.last - s.first;
  switch (s.kind) {
    case 'accumulating': {
      const text = `${s.first === 1 ? 'the one goroutine' : `all ${n(s.first)} goroutines`} of the first sample still blocked at the last, +${n(rise)}${span(s.spanMs)}${oldest(f.age)}`;
      // Connections and sleeps may legitimately stay and grow with load: weak there.
      return INTERNAL_WAIT.has(f.class) ? { strength: 'strong', text } : { strength: 'weak', text: `${text}; ${f.class} can stay legitimately (kept-alive connections, pools growing with load)` };
    }
    case 'churn':
      return {
        strength: 'info',
        text: `${s.survived === 0 ? 'none' : `only ${n(s.survived)}`} of the first sample's ${n(s.first)} goroutines still there at the last (${n(s.first)} → ${n(s.last)}${span(s.spanMs)}): replaced, short-lived work (load), not a leak`,
      };
    case 'pool':
      return {
        strength: 'info',
        text: `${n(s.survived)} of the first sample's ${n(s.first)} goroutines still there at the last and the count held (${n(s.first)} → ${n(s.last)}${span(s.spanMs)}${oldest(f.age)}): a pool, or a leak too slow for this window`,
      };
    default:
      return null;
  }
}

/** The site over earlier runs; null when history was not read or too short. */
export function pastEvidence(f: SiteFacts): Evidence | null {
  const p = f.past;
  if (!p) return null;
  const over = `across ${p.runs} runs over ${duration(p.spanMs)} (${n(p.first)} → ${n(p.last)})`;
  if (p.kind === 'load') {
    const why = f.survival?.kind === 'churn' ? 'every goroutine of this run\'s first sample was replaced' : 'every goroutine is younger than a minute';
    return { strength: 'info', text: `count rose ${over}, but ${why}: load` };
  }
  if (p.kind === 'rising') {
    const s = f.survival;
    const a = f.age;
    const stays = (s && (s.kind === 'accumulating' || s.kind === 'pool')) || (a !== null && a !== undefined && a.total > 0 && a.olderThanWindow >= 0.5 * a.total);
    const why = s && (s.kind === 'accumulating' || s.kind === 'pool')
      ? `; ${s.survived === s.first ? 'all' : n(s.survived)} of this run's first ${n(s.first)} goroutines stayed`
      : a && a.olderThanWindow > 0 ? `; ${n(a.olderThanWindow)} of ${n(a.total)} blocked ≥ ${plural(a.windowMinutes, 'minute')}` : '';
    const text = `count rose in every run ${over}${why}`;
    return stays && INTERNAL_WAIT.has(f.class) ? { strength: 'strong', text } : { strength: 'weak', text: `${text}${stays ? '' : '; no full stacks tell whether these goroutines stay'}` };
  }
  if (p.kind === 'held') return { strength: 'info', text: `held its size ${over}` };
  return null;
}

export function leakProof(f: SiteFacts): Evidence | null {
  if (f.leaked <= 0) return null;
  return { strength: 'strong', text: `goroutineleak profile proves ${n(f.leaked)} leaked` };
}

export function growthEvidence(g: Growth): Evidence | null {
  const rate = g.slopePerMinute > 0 ? ` (${perMinute(g.slopePerMinute)})` : '';
  if (g.kind === 'steady') {
    return { strength: 'strong', text: `grew ${n(g.first)} → ${n(g.last)} over ${g.samples} samples${rate}` };
  }
  if (g.kind === 'consistent') {
    return {
      strength: 'weak',
      text: `rose in every interval, ${n(g.first)} → ${n(g.last)} over ${g.samples} samples${rate}, steadily but within what churn could do in so short a window; take more samples or a longer --interval`,
    };
  }
  if (g.kind === 'possible') {
    return {
      strength: 'weak',
      text: `grew ${n(g.first)} → ${n(g.last)} between 2 samples${rate}; take 3 or more samples to tell a leak from a burst`,
    };
  }
  return null;
}

export function ageEvidence(f: SiteFacts, t: SiteThresholds): Evidence | null {
  const s = f.latest;
  if (!s || s.old < t.oldPileMin) return null;
  // A server at rest keeps hundreds of keep-alive connections parked for hours (issue 18): an
  // old pile in a library's idle shape is a sign to look at, never proof.
  const idle = f.idleShape ?? null;
  const internal = INTERNAL_WAIT.has(f.class);
  if (!internal && !EXTERNAL_WAIT.has(f.class)) return null;
  const hour = f.age && f.age.olderThanHour > 0 && s.oldMinWait < 60 ? `, ${n(f.age.olderThanHour)} of them over an hour` : '';
  const text = `${plural(s.old, 'goroutine')} blocked ≥ ${n(s.oldMinWait)} minutes at ${f.location}` +
    (s.maxWaitMinutes > s.oldMinWait ? ` (longest ${n(s.maxWaitMinutes)} minutes${hour})` : hour) +
    (internal && idle === null ? '' : idle ? ` in ${f.class}, the shape of ${idle}, which can be legitimately long` : ` in ${f.class}, which can be legitimately long`);
  if (!internal || idle !== null) return { strength: 'weak', text };
  // An old pile whose size held over the samples (or whose goroutines all stayed without more
  // coming) is what an idle pool looks like too: only a pile that grows, or history, decides.
  const counts = f.counts ?? [];
  const held = f.survival?.kind === 'pool' || (counts.length >= 2 && counts[counts.length - 1] <= counts[0]);
  if (held) return { strength: 'weak', text: `${text}; the count held over the samples, as an idle pool's would (earlier runs or a longer window tell)` };
  return { strength: 'strong', text };
}

/** LeakProf's rule: very many goroutines blocked on one channel operation. debug=1 hides the
 *  runtime frames that would say which operation, so a stateless `other` site counts too: with
 *  an application frame innermost it is blocked in a channel operation or select (running
 *  goroutines are bounded by GOMAXPROCS, never a thousand at one line). */
export function thresholdEvidence(f: SiteFacts, t: SiteThresholds): Evidence | null {
  const s = f.latest;
  const hidden = f.class === 'other' && f.stateless;
  if (!s || !(CHANNEL_CLASSES.has(f.class) || hidden) || s.stuck < t.siteThreshold) return null;
  const what = hidden ? 'one channel operation or select (debug=1 hides which)' : `one channel operation (${f.class})`;
  return {
    strength: 'weak',
    text: `${plural(s.stuck, 'goroutine')} blocked on ${what} at ${f.location}, at or above the site threshold of ${n(t.siteThreshold)}`,
  };
}

/** A goroutine on a nil channel or in `select {}` can never wake. One is the block-forever idiom. */
export function foreverEvidence(f: SiteFacts): Evidence | null {
  if (f.count < 2) return null;
  if (f.class === 'nil-chan') return { strength: 'weak', text: `${n(f.count)} goroutines blocked forever on a nil channel at ${f.location}` };
  if (f.class === 'select-no-cases') return { strength: 'weak', text: `${n(f.count)} goroutines blocked forever in select {} at ${f.location}` };
  return null;
}
