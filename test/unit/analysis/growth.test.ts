import { describe, expect, it } from 'vitest';
import { assessGrowth, slopePerMinute } from '../../../src/analysis/growth.js';

const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * 60_000);

describe('slopePerMinute', () => {
  it('is the least-squares slope over sample times', () => {
    expect(slopePerMinute([40, 115, 190], [0, 30_000, 60_000])).toBeCloseTo(150);
    expect(slopePerMinute([5, 5, 5], minutes(3))).toBe(0);
    expect(slopePerMinute([1, 9], [0, 0])).toBe(0);
  });
});

describe('assessGrowth', () => {
  it('steady growth over 3 samples stands out', () => {
    const g = assessGrowth([40, 115, 190], minutes(3));
    expect(g.kind).toBe('steady');
    expect(g.net).toBe(150);
    expect(g.threshold).toBeLessThan(150);
  });

  it('a leak with churn on top still counts when the rise dwarfs the falls', () => {
    expect(assessGrowth([100, 160, 140, 220, 300], minutes(5)).kind).toBe('steady');
  });

  it('churn that wanders up and down is noise', () => {
    for (const series of [[50, 72, 41, 66, 58, 75], [50, 95, 60, 110], [200, 180, 230, 190, 240]]) {
      expect(assessGrowth(series, minutes(series.length)).kind, String(series)).toBe('none');
    }
  });

  it('a short monotone run inside Poisson churn is noise (net below 3·√(2m))', () => {
    const g = assessGrowth([50, 55, 61], minutes(3));
    expect(g.kind).toBe('none');
    expect(g.threshold).toBeGreaterThan(11);
  });

  it('a stable pool, even a big one, is not growth', () => {
    expect(assessGrowth([6000, 6000, 6000], minutes(3)).kind).toBe('none');
    expect(assessGrowth([6000, 6010, 6030], minutes(3)).kind).toBe('none');
  });

  it('one jump between otherwise flat samples is not steady growth', () => {
    expect(assessGrowth([40, 40, 400], minutes(3)).kind).toBe('none');
  });

  it('tiny counts need at least +3', () => {
    expect(assessGrowth([0, 1, 2], minutes(3)).kind).toBe('none');
    expect(assessGrowth([0, 6, 12], minutes(3)).kind).toBe('steady');
  });

  it('two samples: only possible growth, with a higher bar', () => {
    expect(assessGrowth([40, 190], minutes(2)).kind).toBe('possible');
    expect(assessGrowth([100, 130], minutes(2)).kind).toBe('none');
    expect(assessGrowth([40], minutes(1)).kind).toBe('none');
  });

  it('without sample times the order still decides (slope reported as 0)', () => {
    const g = assessGrowth([40, 115, 190], [0, 0, 0]);
    expect(g.kind).toBe('steady');
    expect(g.slopePerMinute).toBe(0);
  });
});

describe('steady but small growth on a big pile (short windows)', () => {
  const twoSeconds = [0, 2000, 4000];
  it('a linear rise in every interval is consistent, not steady, when it is small against the pile', () => {
    const g = assessGrowth([1400, 1440, 1480], twoSeconds);
    expect(g.kind).toBe('consistent');
    expect(g.slopePerMinute).toBeCloseTo(1200);
  });
  it('a rise that is not linear, or that fell once, is not', () => {
    expect(assessGrowth([1400, 1475, 1482], twoSeconds).kind).toBe('none');
    expect(assessGrowth([1400, 1390, 1480], twoSeconds).kind).toBe('none');
    expect(assessGrowth([1400, 1401, 1402], twoSeconds).kind).toBe('none'); // below 1.25σ
  });
  it('is weak evidence (a suspect) on a channel site, and no evidence on io-wait', async () => {
    const { siteEvidence } = await import('../../../src/analysis/evidence.js');
    const growth = assessGrowth([1400, 1440, 1480], twoSeconds);
    const facts = { location: 'main.go:1', growth, latest: null, leaked: 0, count: 1480, stateless: false };
    const t = { siteThreshold: 100_000, oldMinutes: 10, oldPileMin: 100 };
    const chan = siteEvidence({ ...facts, class: 'chan-receive' }, t);
    expect(chan).toHaveLength(1);
    expect(chan[0].strength).toBe('weak');
    expect(chan[0].text).toMatch(/rose in every interval, 1,400 → 1,480 over 3 samples/);
    expect(siteEvidence({ ...facts, class: 'io-wait' }, t)).toEqual([]);
  });
});
