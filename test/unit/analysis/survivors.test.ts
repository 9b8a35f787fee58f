// Survivors (ids in the first and the last full dump) and ages (wait minutes) decide where a
// count alone cannot: an old pile that still grows, a traffic ramp, pools young and old.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyzeHost } from '../../../src/analysis/analyze-host.js';
import { parseDump } from '../../../src/profile/parse.js';
import type { Goroutine } from '../../../src/profile/types.js';
import { goroutine, many, profile, record, sample, staying, STACKS } from './helpers.js';

const SECOND = 1 / 60;
/** Samples `step` seconds apart: the first and last debug=2 (ids, ages), the middle ones debug=1 counts. */
function series(perSample: Goroutine[][], stepSeconds = 5) {
  return perSample.map((gs, i) => {
    const full = i === 0 || i === perSample.length - 1;
    const p = full ? profile(gs) : profile(gs.length === 0 ? [] : [goroutine(gs[0].frames, { count: gs.length, id: null })], 'debug1');
    return sample(p, i * stepSeconds * SECOND);
  });
}

describe('survivors', () => {
  it('an old slow leak: all 1,640 of the first sample still blocked at the last, +20 in 10 s → leaking, saying so', () => {
    const old = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 3 })(1640);
    const fresh = staying(STACKS.chanSendStuck, { state: 'chan send' });
    const h = analyzeHost([
      sample(profile([...old, ...fresh(0)]), 0),
      sample(profile([record(1650, STACKS.chanSendStuck)], 'debug1'), 5 * SECOND),
      sample(profile([...old, ...fresh(20)]), 10 * SECOND),
    ]);
    const g = h.groups[0];
    expect(g.verdict).toBe('leaking');
    expect(g.evidence[0]).toBe('all 1,640 goroutines of the first sample still blocked at the last, +20 in 10 s, oldest 3 minutes');
    expect(g.survivors).toEqual({ first: 1640, survived: 1640, last: 1660, spanSeconds: 10, kind: 'accumulating' });
    expect(g.age).toEqual({ olderThanWindow: 1640, olderThanHour: 0, oldestMinutes: 3, windowMinutes: 1 });
  });

  it('a traffic ramp: the count climbs 100 → 300 but every goroutine is replaced → healthy, with the reason', () => {
    const h = analyzeHost(series([100, 200, 300].map((n) => many(n, STACKS.leakySelect, { state: 'select' }))));
    const g = h.groups[0];
    expect(g.counts).toEqual([100, 200, 300]);
    expect(g.verdict).toBe('healthy');
    expect(g.survivors?.kind).toBe('churn');
    expect(g.evidence).toEqual(["none of the first sample's 100 goroutines still there at the last (100 → 300 in 10 s): replaced, short-lived work (load), not a leak"]);
  });

  it('a stable pool of thousands (same ids, young waits) is healthy and says nothing', () => {
    const pool = staying(STACKS.tickerWorker, { state: 'select' })(3000);
    const h = analyzeHost(series([pool, pool, pool]), { alertThreshold: 10_000 });
    expect(h.groups[0].verdict).toBe('healthy');
    expect(h.groups[0].survivors?.kind).toBe('pool');
    expect(h.groups[0].evidence).toEqual([]);
    expect(h.verdict).toBe('healthy');
  });

  it('an old idle pool (same ids, 40 minutes old, count held) is at most a suspect, never leaking', () => {
    const pool = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 40 })(500);
    const g = analyzeHost(series([pool, pool, pool])).groups[0];
    expect(g.verdict).toBe('suspect');
    expect(g.evidence[0]).toMatch(/^500 goroutines blocked ≥ 40 minutes at \/build\/svc\/main.go:42; the count held over the samples, as an idle pool's would/);
    expect(g.evidence.at(-1)).toMatch(/^500 of the first sample's 500 goroutines still there at the last and the count held \(500 → 500 in 10 s, oldest 40 minutes\): a pool/);
  });

  it('the same old pile, growing while all stay, is leaking; ages over an hour are counted', () => {
    const site = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 75 });
    const g = analyzeHost(series([site(500), site(505), site(510)])).groups[0];
    expect(g.verdict).toBe('leaking');
    expect(g.age?.olderThanHour).toBe(510);
    expect(g.evidence).toContain('510 goroutines blocked ≥ 75 minutes at /build/svc/main.go:42');
  });

  it('a site whose goroutines are partly replaced is judged on its counts (mixed)', () => {
    const stay = staying(STACKS.leakySelect, { state: 'select' })(50);
    const g = analyzeHost(series([[...stay, ...many(50, STACKS.leakySelect, { state: 'select' })], [...stay, ...many(52, STACKS.leakySelect, { state: 'select' })], [...stay, ...many(49, STACKS.leakySelect, { state: 'select' })]])).groups[0];
    expect(g.survivors).toMatchObject({ first: 100, survived: 50, kind: 'mixed' });
    expect(g.verdict).toBe('healthy');
  });

  it('without two full dumps nothing is compared (no survivors field)', () => {
    const g = analyzeHost([100, 200, 300].map((n, i) => sample(profile([record(n, STACKS.leakySelect)], 'debug1'), i * 5 * SECOND))).groups[0];
    expect(g.survivors).toBeUndefined();
    expect(g.age).toBeUndefined();
  });

  it('merged tracebacks keep their ids, so a real debug=2 dump compared with itself is a pool everywhere', () => {
    const text = readFileSync(new URL('../../fixtures/dumps/go119-debug2.txt', import.meta.url));
    const p = parseDump(text, { merge: true, exactWaits: true });
    expect(p.goroutines.some((g) => g.count > 1 && (g.ids?.length ?? 0) === g.count)).toBe(true);
    const h = analyzeHost([sample(p, 0), sample(p, 10 * SECOND)]);
    expect(h.groups.every((g) => g.survivors?.kind === 'pool' || g.survivors?.kind === 'mixed' || (g.survivors?.first ?? 0) < 3)).toBe(true);
    expect(h.groups.some((g) => g.leaking)).toBe(false);
  });

  it('verdicts on the same dumps are deterministic', () => {
    const site = staying(STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 2 });
    const make = () => series([[...site(300), ...many(40, STACKS.requestInFlight, { state: 'IO wait' })], [...site(310)], [...site(320), ...many(35, STACKS.requestInFlight, { state: 'IO wait' })]]);
    const a = JSON.stringify(analyzeHost(make()));
    const b = JSON.stringify(analyzeHost(make()));
    expect(a).toBe(b);
  });
});
