// Leak evidence for one group (one site) across the samples, each item in plain words.
import type { GoroutineClass } from './types.js';
import type { SiteStats } from './group.js';
import type { Growth } from './growth.js';
import type { Evidence } from './verdict.js';
import { n, perMinute, plural } from './wording.js';

/** Blocked on a channel operation: what LeakProf's site threshold counts. */
export const CHANNEL_CLASSES: ReadonlySet<GoroutineClass> = new Set(['chan-receive', 'chan-send', 'nil-chan', 'select', 'select-no-cases']);

/** Blocked on something only another goroutine of this program can release: an old pile-up here
 *  is strong evidence. io-wait, sleep and syscall can wait on the outside world for hours
 *  (idle keep-alive connections, long polls), so old pile-ups there are weak evidence. */
const INTERNAL_WAIT: ReadonlySet<GoroutineClass> = new Set([...CHANNEL_CLASSES, 'mutex', 'rwmutex', 'waitgroup', 'cond']);
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
}

export interface SiteThresholds {
  siteThreshold: number;
  oldMinutes: number;
  oldPileMin: number;
}

export function siteEvidence(f: SiteFacts, t: SiteThresholds): Evidence[] {
  const out: Evidence[] = [];
  const proof = leakProof(f);
  if (proof) out.push(proof);
  // A steady-but-small rise counts only where churn is unusual: waits on the program itself.
  const grew = f.growth.kind === 'consistent' && !INTERNAL_WAIT.has(f.class) ? null : growthEvidence(f.growth);
  if (grew) out.push(grew);
  const age = ageEvidence(f, t);
  if (age) out.push(age);
  const site = thresholdEvidence(f, t);
  if (site) out.push(site);
  const forever = foreverEvidence(f);
  if (forever) out.push(forever);
  return out;
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
  const strong = INTERNAL_WAIT.has(f.class) && idle === null;
  if (!INTERNAL_WAIT.has(f.class) && !EXTERNAL_WAIT.has(f.class)) return null;
  const text = `${plural(s.old, 'goroutine')} blocked ≥ ${n(s.oldMinWait)} minutes at ${f.location}` +
    (s.maxWaitMinutes > s.oldMinWait ? ` (longest ${n(s.maxWaitMinutes)} minutes)` : '') +
    (strong ? '' : idle ? ` in ${f.class}, the shape of ${idle}, which can be legitimately long` : ` in ${f.class}, which can be legitimately long`);
  return { strength: strong ? 'strong' : 'weak', text };
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
