// Groups goroutines by signature within each sample, then lines the groups up across samples
// (time-ordered profiles of one process) so each group has one count per sample.
import type { Frame, Goroutine, Profile } from '../profile/types.js';
import type { GoroutineClass } from './types.js';
import { classify } from './classify.js';
import { SignatureBuilder } from './signature.js';
import { Tally } from './tally.js';

/** One group in one sample. */
export interface SiteStats {
  count: number;
  /** Marked leaked by a goroutineleak profile. */
  leaked: number;
  maxWaitMinutes: number;
  /** Blocked ≥ oldMinutes. */
  old: number;
  /** Shortest wait among the old ones (for "blocked ≥ N minutes"). */
  oldMinWait: number;
  /** Goroutines that count as stuck for the site threshold: blocked ≥ 1 minute, or of unknown
   *  age (debug=1/pprof records carry no wait time). A debug=2 goroutine printed without minutes
   *  woke less than a minute ago — a ticker-driven worker, not a stuck one. */
  stuck: number;
  classes: Tally<GoroutineClass>;
  states: Tally<string>;
  /** Goroutine ids at the site (tracebacks only; ids are never reused, so they tell survivors). */
  ids: number[];
  /** Wait minutes → goroutines, when the sample prints ages (debug=2); empty otherwise. */
  waits: Tally<number>;
  /** The sample printed wait ages (a traceback without minutes waited under a minute). */
  agesKnown: boolean;
}

export interface MergedGroup {
  id: string;
  /** The member with the most information (a wait state, the most frames). */
  representative: Goroutine;
  /** Per sample, oldest first; null where the group was absent. */
  perSample: (SiteStats | null)[];
}

export interface GroupingOptions {
  coarse: boolean;
  oldMinutes: number;
}

/** Per-signature state kept on the signature entry: the group, and classes already decided. */
interface Slot {
  group: MergedGroup;
  /** The first class decided, for this state and innermost frame (most groups need no other)… */
  state0: string;
  frame0: Frame | undefined;
  class0: GoroutineClass;
  /** …the others by state, then by innermost frame (interned by the parser, so compared by identity). */
  classes: Map<string, Map<Frame | undefined, GoroutineClass>> | null;
}

/** Members of one group differ only in state and in the leading runtime frames (which debug=1
 *  hides), so the state and the innermost frame identify their class. */
function classOf(slot: Slot, g: Goroutine): GoroutineClass {
  if (g.state === slot.state0 && g.frames[0] === slot.frame0) return slot.class0;
  slot.classes ??= new Map();
  let byFrame = slot.classes.get(g.state);
  if (byFrame === undefined) {
    byFrame = new Map();
    slot.classes.set(g.state, byFrame);
  }
  let c = byFrame.get(g.frames[0]);
  if (c === undefined) {
    c = classify(g.state, g.frames);
    byFrame.set(g.frames[0], c);
  }
  return c;
}

function richness(g: Goroutine): number {
  return (g.state ? 10_000 : 0) + g.frames.length;
}

function emptyStats(agesKnown: boolean): SiteStats {
  return { count: 0, leaked: 0, maxWaitMinutes: 0, old: 0, oldMinWait: Infinity, stuck: 0, classes: new Tally(), states: new Tally(), ids: [], waits: new Tally(), agesKnown };
}

function bump<K>(m: Map<K, number>, k: K, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

export class Grouper {
  private readonly sig: SignatureBuilder;
  private readonly groups: MergedGroup[] = [];
  private samples = 0;

  constructor(private readonly opts: GroupingOptions) {
    this.sig = new SignatureBuilder(opts.coarse);
  }

  /** Adds the next sample (call in time order). */
  add(profile: Profile): void {
    const index = this.samples++;
    // A goroutineleak profile printed without `(leaked)` markers (debug=1, binary) lists only leaked goroutines.
    const allLeaked = profile.format === 'goroutineleak' && !profile.goroutines.some((g) => g.leaked);
    // Tracebacks print wait minutes (none means under a minute); debug=1 and pprof carry no ages.
    const agesKnown = profile.format === 'debug2' || (profile.format === 'goroutineleak' && profile.goroutines.some((g) => g.id !== null || g.state !== ''));
    const seenIds = new Set<number>();
    for (const g of profile.goroutines) {
      if (g.id !== null) {
        if (seenIds.has(g.id)) continue; // the same goroutine printed twice (runtime.Stack then SIGQUIT)
        seenIds.add(g.id);
      }
      const entry = this.sig.entry(g.frames);
      let slot = entry.data as Slot | undefined;
      if (slot === undefined) {
        slot = { group: { id: entry.id, representative: g, perSample: [] }, state0: g.state, frame0: g.frames[0], class0: classify(g.state, g.frames), classes: null };
        entry.data = slot;
        this.groups.push(slot.group);
      } else if (richness(g) > richness(slot.group.representative)) {
        slot.group.representative = g;
      }
      const group = slot.group;
      const stats = (group.perSample[index] ??= emptyStats(agesKnown));
      const n = g.count;
      stats.count += n;
      if (g.leaked || allLeaked) stats.leaked += n;
      stats.maxWaitMinutes = Math.max(stats.maxWaitMinutes, g.waitMinutes);
      if (g.waitMinutes >= this.opts.oldMinutes && g.waitMinutes > 0) {
        stats.old += n;
        stats.oldMinWait = Math.min(stats.oldMinWait, g.waitMinutes);
      }
      if (!agesKnown || g.waitMinutes >= 1) stats.stuck += n;
      if (g.id !== null) stats.ids.push(g.id);
      else if (g.ids) for (const id of g.ids) stats.ids.push(id);
      if (agesKnown) stats.waits.add(g.waitMinutes, n);
      stats.classes.add(classOf(slot, g), n);
      stats.states.add(g.state, n);
    }
  }

  /** All groups, each with exactly one entry per sample added. */
  result(): MergedGroup[] {
    const out = this.groups;
    for (const g of out) {
      for (let i = 0; i < this.samples; i++) g.perSample[i] ??= null;
    }
    return out;
  }

}

/** Groups time-ordered profiles of one process. */
export function groupProfiles(profiles: Profile[], opts: GroupingOptions): MergedGroup[] {
  const grouper = new Grouper(opts);
  for (const p of profiles) grouper.add(p);
  return grouper.result();
}

/** The group's class: the most common one among its members, a specific class over `other`
 *  (a debug=1 sample says `other` where a debug=2 sample of the same site says `chan-receive`). */
export function dominantClass(perSample: (SiteStats | null)[]): GoroutineClass {
  const total = new Map<GoroutineClass, number>();
  for (const s of perSample) if (s) for (const [c, n] of s.classes) bump(total, c, n);
  let best: GoroutineClass = 'other';
  let bestN = -1;
  for (const [c, n] of total) {
    if (c !== 'other' && n > bestN) {
      best = c;
      bestN = n;
    }
  }
  return best;
}

/** The most common printed wait state, preferring one that says something over '' (debug=1). */
export function dominantState(perSample: (SiteStats | null)[]): string {
  const total = new Map<string, number>();
  for (const s of perSample) if (s) for (const [st, n] of s.states) bump(total, st, n);
  let best = '';
  let bestN = -1;
  for (const [st, n] of total) {
    if (st !== '' && n > bestN) {
      best = st;
      bestN = n;
    }
  }
  return best;
}
