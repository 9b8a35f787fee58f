// Groups goroutines by signature within each sample, then lines the groups up across samples
// (time-ordered profiles of one process) so each group has one count per sample.
import type { Frame, Goroutine, Profile } from '../profile/types.js';
import type { GoroutineClass } from './types.js';
import { classify } from './classify.js';
import { SignatureBuilder, type SignatureEntry } from './signature.js';
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
export interface Slot {
  group: MergedGroup;
  /** The first class decided (null: none yet), for this state and innermost frame (most groups need no other)… */
  state0: string;
  frame0: Frame | undefined;
  class0: GoroutineClass | null;
  /** …the others by state, then by innermost frame (interned by the parser, so compared by identity). */
  classes: Map<string, Map<Frame | undefined, GoroutineClass>> | null;
}

/** Members of one group differ only in state and in the leading runtime frames (which debug=1
 *  hides), so the state and the innermost frame identify their class. */
function classOf(slot: Slot, g: Goroutine): GoroutineClass {
  if (slot.class0 === null) [slot.state0, slot.frame0, slot.class0] = [g.state, g.frames[0], classify(g.state, g.frames)];
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

/** Pass one's per-signature state: goroutines per sample and the richest member. */
export interface Light {
  id: string;
  /** Goroutines per sample (holes where absent). */
  counts: number[];
  representative: Goroutine;
  /** Pass two: the whole group, when kept. */
  slot: Slot | null;
  /** Set by fold.ts between the passes: whether the group is kept, and where it folds. */
  site: unknown;
}

/** Takes what groups past the cap stand for (fold.ts). */
export interface Folder {
  /** `g` of a group not kept, in sample `index`. */
  add(l: Light, g: Goroutine, index: number, agesKnown: boolean): void;
}

interface SampleIn {
  profile: Profile;
  /** Per goroutine of the profile, its group (null: a repeated id, skipped). */
  of: (Light | null)[];
  allLeaked: boolean;
  agesKnown: boolean;
}

/**
 * Two passes, so that memory grows with the groups kept, not with all of them: add() finds
 * each goroutine's signature and counts it; result() ranks the groups when there are more
 * than the cap, and only then builds the full per-sample statistics of the groups kept,
 * handing the goroutines of the others to a Folder.
 */
export class Grouper {
  private readonly sig: SignatureBuilder;
  /** This host's group of each signature (entries are shared by all builders, signature.ts). */
  private readonly byEntry = new Map<SignatureEntry, Light>();
  private readonly lights: Light[] = [];
  private readonly samples: SampleIn[] = [];

  constructor(private readonly opts: GroupingOptions) {
    this.sig = new SignatureBuilder(opts.coarse);
  }

  /** Adds the next sample (call in time order). */
  add(profile: Profile): void {
    const index = this.samples.length;
    // A goroutineleak profile printed without `(leaked)` markers (debug=1, binary) lists only leaked goroutines.
    const allLeaked = profile.format === 'goroutineleak' && !profile.goroutines.some((g) => g.leaked);
    // Tracebacks print wait minutes (none means under a minute); debug=1 and pprof carry no ages.
    const agesKnown = profile.format === 'debug2' || (profile.format === 'goroutineleak' && profile.goroutines.some((g) => g.id !== null || g.state !== ''));
    const seenIds = new Set<number>();
    const gs = profile.goroutines;
    const of = new Array<Light | null>(gs.length);
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k];
      of[k] = null;
      if (g.id !== null) {
        if (seenIds.has(g.id)) continue; // the same goroutine printed twice (runtime.Stack then SIGQUIT)
        seenIds.add(g.id);
      }
      const entry = this.sig.entry(g.frames);
      let l = this.byEntry.get(entry);
      if (l === undefined) {
        l = { id: entry.id, counts: [], representative: g, slot: null, site: null };
        this.byEntry.set(entry, l);
        this.lights.push(l);
      } else if (richness(g) > richness(l.representative)) {
        l.representative = g;
      }
      l.counts[index] = (l.counts[index] ?? 0) + g.count;
      of[k] = l;
    }
    this.samples.push({ profile, of, allLeaked, agesKnown });
  }

  /** Groups found so far. */
  get size(): number {
    return this.lights.length;
  }

  /**
   * The groups, each with exactly one entry per sample added: all of them, or only `kept`
   * (pass one's groups, e.g. the largest) while `folder` takes the goroutines of the others.
   */
  result(kept: readonly Light[] = this.lights, folder: Folder | null = null): MergedGroup[] {
    const out: MergedGroup[] = [];
    for (const l of kept) {
      l.slot = { group: { id: l.id, representative: l.representative, perSample: [] }, state0: '', frame0: undefined, class0: null, classes: null };
      out.push(l.slot.group);
    }
    for (let index = 0; index < this.samples.length; index++) {
      const { profile, of, allLeaked, agesKnown } = this.samples[index];
      const gs = profile.goroutines;
      for (let k = 0; k < gs.length; k++) {
        const l = of[k];
        if (l === null) continue;
        const g = gs[k];
        if (l.slot === null) {
          folder?.add(l, g, index, agesKnown);
          continue;
        }
        const slot = l.slot;
        const stats = (slot.group.perSample[index] ??= emptyStats(agesKnown));
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
    for (const g of out) {
      for (let i = 0; i < this.samples.length; i++) g.perSample[i] ??= null;
    }
    return out;
  }

  /** Pass one's groups, in the order first seen. */
  all(): readonly Light[] {
    return this.lights;
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
