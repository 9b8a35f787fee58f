// A site judged over earlier runs of its host: an old pile rising run after run is a leak when its
// goroutines stay, load when they are all young; a pile that held its size all along is a pool.
import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../../src/analysis/analyze-host.js';
import { judgePast, perRun, type SitePast } from '../../../src/analysis/past.js';
import { many, profile, sample, staying, STACKS } from './helpers.js';

const MIN = 60_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');

/** Earlier runs at -minutes, each with two samples 5 s apart (the last one counts). */
function earlier(points: [minutesBefore: number, count: number][]): SitePast[] {
  return points.flatMap(([m, c], i) => [
    { at: T0 - m * MIN, count: c - 1, runId: `r${i}` },
    { at: T0 - m * MIN + 5000, count: c, runId: `r${i}` },
  ]);
}

describe('judgePast', () => {
  const none = { age: null, survival: null, stayers: 0 };

  it('takes one count per run (its last), and only runs before this one', () => {
    expect(perRun(earlier([[30, 100], [20, 110]]), T0)).toEqual([{ at: T0 - 30 * MIN + 5000, count: 100 }, { at: T0 - 20 * MIN + 5000, count: 110 }]);
    expect(perRun([{ at: T0 + 1, count: 5, runId: 'later' }], T0)).toEqual([]);
  });

  it('needs two earlier runs and a span of a minute', () => {
    expect(judgePast(earlier([[30, 100]]), { at: T0, count: 140 }, none)).toBeNull();
    expect(judgePast(undefined, { at: T0, count: 140 }, none)).toBeNull();
    const close = [{ at: T0 - 20_000, count: 1, runId: 'a' }, { at: T0 - 10_000, count: 2, runId: 'b' }];
    expect(judgePast(close, { at: T0, count: 9 }, none)).toBeNull();
  });

  it('rising: up in every step beyond churn; load when every goroutine is young or was replaced', () => {
    const past = earlier([[90, 1600], [60, 1700], [30, 1800]]);
    expect(judgePast(past, { at: T0, count: 1900 }, { ...none, stayers: 1800 })).toMatchObject({ kind: 'rising', runs: 4, first: 1600, last: 1900 });
    const young = { total: 1900, olderThanWindow: 0, olderThanHour: 0, oldestMinutes: 0, windowMinutes: 1 };
    expect(judgePast(past, { at: T0, count: 1900 }, { ...none, age: young })?.kind).toBe('load');
    // +60 on a pile of ~1,630 is within churn (3·√(2·1,630) ≈ 171) unless the pile is known to stay.
    expect(judgePast(earlier([[90, 1600], [60, 1620], [30, 1640]]), { at: T0, count: 1660 }, none)?.kind).toBe('none');
    expect(judgePast(earlier([[90, 1600], [60, 1620], [30, 1640]]), { at: T0, count: 1660 }, { ...none, stayers: 1600 })?.kind).toBe('rising');
  });

  it('held: within a few goroutines all along', () => {
    expect(judgePast(earlier([[600, 400], [300, 402]]), { at: T0, count: 401 }, none)).toMatchObject({ kind: 'held', runs: 3 });
  });
});

describe('analyzeHost with history', () => {
  const SECOND = 1 / 60;

  it('an old idle pool that held its size over earlier runs is healthy, saying why', () => {
    const pool = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 40 })(500);
    const samples = [0, 5, 10].map((s) => sample(profile(pool), s * SECOND));
    const alone = analyzeHost(samples).groups[0];
    expect(alone.verdict).toBe('suspect');
    const past = new Map([[alone.id, earlier([[120, 500], [60, 500]]).map((p) => ({ ...p, count: 500 }))]]);
    const judged = analyzeHost(samples, {}, past).groups[0];
    expect(judged.verdict).toBe('healthy');
    expect(judged.history).toEqual({ runs: 3, spanMinutes: 120.1, first: 500, last: 500, kind: 'held' });
    expect(judged.evidence).toContain('held its size across 3 runs over 2 h (500 → 500)');
    expect(judged.evidence[0]).toMatch(/^500 goroutines blocked ≥ 40 minutes .*; held its size across earlier runs: a pool$/);
  });

  it('a slow leak too slow for one window (+1 in 10 s) is leaking on history when its goroutines stay', () => {
    const site = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 5 });
    const samples = [0, 5, 10].map((s, i) => sample(profile(site(1000 + (i === 2 ? 1 : 0))), s * SECOND));
    const alone = analyzeHost(samples).groups[0];
    expect(alone.verdict).not.toBe('leaking');
    const past = new Map([[alone.id, earlier([[30, 940], [20, 960], [10, 980]])]]);
    const judged = analyzeHost(samples, {}, past).groups[0];
    expect(judged.verdict).toBe('leaking');
    expect(judged.evidence).toContain("count rose in every run across 4 runs over 30 min (940 → 1,001); all of this run's first 1,000 goroutines stayed");
  });

  it('a count rising across runs made of young, replaced goroutines is load', () => {
    const samples = [300, 320, 340].map((n, i) => sample(profile(many(n, STACKS.leakySelect, { state: 'select' })), i * 5 * SECOND));
    const id = analyzeHost(samples).groups[0].id;
    const past = new Map([[id, earlier([[120, 100], [80, 160], [40, 230]])]]);
    const g = analyzeHost(samples, {}, past).groups[0];
    expect(g.verdict).toBe('healthy');
    expect(g.history?.kind).toBe('load');
    expect(g.evidence).toContain("count rose across 4 runs over 2 h (100 → 340), but every goroutine of this run's first sample was replaced: load");
  });
});
