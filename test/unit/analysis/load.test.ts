// Growth at io-wait sites that no more than follows the host's load (a canary given traffic opens
// kept-alive connections) is a suspect, not a leak; waits on the program itself are never excused.
import { describe, expect, it } from 'vitest';
import { growthFollowsLoad, loadShift } from '../../../src/analysis/load.js';
import { siteEvidence } from '../../../src/analysis/evidence.js';
import { assessGrowth } from '../../../src/analysis/growth.js';
import type { Survival } from '../../../src/analysis/survivors.js';

const surv = (kind: Survival['kind'], first: number, last: number, survived = kind === 'churn' ? 0 : first): Survival => ({ kind, first, last, survived, spanMs: 10_000 });

describe('loadShift', () => {
  it('sums the sites whose goroutines were all replaced', () => {
    expect(loadShift([surv('churn', 150, 600), surv('accumulating', 200, 400), null, surv('churn', 10, 20)])).toEqual({ first: 160, last: 620 });
  });
  it('says nothing when too little churned, or survivors were not compared', () => {
    expect(loadShift([surv('churn', 5, 50), surv('pool', 400, 400)])).toBeNull();
    expect(loadShift([null, null])).toBeNull();
  });
});

describe('growthFollowsLoad', () => {
  it('needs a ramp: a load rise beyond three standard deviations of chance', () => {
    expect(growthFollowsLoad({ first: 400, last: 460 }, 200, 210)).toBe(false); // +60 ≤ 3·√400
    expect(growthFollowsLoad({ first: 400, last: 461 }, 200, 210)).toBe(true);
  });
  it('the site must grow by no larger a share than the load did (with a quarter of slack)', () => {
    expect(growthFollowsLoad({ first: 200, last: 400 }, 100, 225)).toBe(true); // +125% ≤ 1.25·100%
    expect(growthFollowsLoad({ first: 200, last: 400 }, 100, 226)).toBe(false);
    expect(growthFollowsLoad({ first: 1100, last: 1300 }, 44, 52)).toBe(true); // a slow ramp, a pool in step
    expect(growthFollowsLoad({ first: 200, last: 600 }, 0, 50)).toBe(false);
    expect(growthFollowsLoad(null, 100, 200)).toBe(false);
  });
});

describe('site evidence with the host load', () => {
  const times = [0, 5000, 10000];
  const growth = assessGrowth([200, 300, 400], times, 200);
  const t = { siteThreshold: 100_000, oldMinutes: 10, oldPileMin: 100 };
  const facts = { location: 'x.go:1', growth, latest: null, leaked: 0, count: 400, stateless: false, survival: surv('accumulating', 200, 400) };
  const strengths = (e: { strength: string }[]) => e.map((x) => x.strength);

  it('io-wait growth that follows a ramp is weak (suspect), said in words', () => {
    const e = siteEvidence({ ...facts, class: 'io-wait', load: { first: 200, last: 700 } }, t);
    expect(strengths(e)).not.toContain('strong');
    expect(e.map((x) => x.text).join('\n')).toMatch(/short-lived goroutines rose 200 → 700: io-wait that follows load/);
  });
  it('the same growth without a ramp stays strong (leaking)', () => {
    expect(strengths(siteEvidence({ ...facts, class: 'io-wait', load: { first: 200, last: 220 } }, t))).toContain('strong');
    expect(strengths(siteEvidence({ ...facts, class: 'io-wait', load: null }, t))).toContain('strong');
  });
  it('a channel site is never excused by load', () => {
    expect(strengths(siteEvidence({ ...facts, class: 'chan-receive', load: { first: 200, last: 700 } }, t))).toContain('strong');
  });
});
