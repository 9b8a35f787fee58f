import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../../src/analysis/analyze-host.js';
import type { Group, HostAnalysis } from '../../../src/analysis/types.js';
import { goroutine, many, profile, record, sample, staying, STACKS } from './helpers.js';

const only = (h: HostAnalysis, fn: string): Group => {
  const gs = h.groups.filter((g) => g.function === fn);
  expect(gs, `groups at ${fn}`).toHaveLength(1);
  return gs[0];
};

/** A few small, steady groups every service has. */
const background = () => [
  ...many(2, STACKS.gcWorker, { state: 'GC worker (idle)' }),
  goroutine(STACKS.requestInFlight, { state: 'IO wait' }),
];

describe('stable pool vs growing site', () => {
  it('a stable pool of 6000 ticker workers in select is not a leak: only the host total raises a suspect', () => {
    const samples = [0, 1, 2].map((m) => sample(profile([...many(6000, STACKS.tickerWorker, { state: 'select' }), ...background()]), m));
    const h = analyzeHost(samples);
    const pool = only(h, 'example.com/svc/pool.(*Pool).worker');
    expect(pool.class).toBe('select');
    expect(pool.count).toBe(6000);
    expect(pool.counts).toEqual([6000, 6000, 6000]);
    expect(pool.verdict).toBe('healthy');
    expect(pool.leaking).toBe(false);
    expect(h.verdict).toBe('suspect');
    expect(h.evidence).toEqual(['6,003 goroutines on the host, above the alert threshold of 5,000']);
    expect(h.groups.some((g) => g.leaking)).toBe(false);
  });

  it('the same pool seen through debug=1 (no wait ages) trips the site threshold: suspect, still not leaking', () => {
    const samples = [0, 1, 2].map((m) => sample(profile([record(6000, ['example.com/svc/pool.(*Pool).worker /build/svc/pool/pool.go:57'])], 'debug1'), m));
    const h = analyzeHost(samples, { alertThreshold: 10_000 });
    const pool = h.groups[0];
    expect(pool.verdict).toBe('suspect');
    expect(pool.evidence.join('\n')).toMatch(/^6,000 goroutines blocked on one channel operation or select \(debug=1 hides which\) at \/build\/svc\/pool\/pool.go:57, at or above the site threshold of 1,000$/);
    expect(h.verdict).toBe('suspect');
  });

  it('LeakProf rule on debug=2: ≥ siteThreshold goroutines stuck ≥ 1 minute on one select site → suspect (configurable)', () => {
    const s = [sample(profile(many(1200, STACKS.leakySelect, { state: 'select', waitMinutes: 3 })), 0)];
    const g = analyzeHost(s).groups[0];
    expect(g.verdict).toBe('suspect');
    expect(g.evidence).toEqual(['1,200 goroutines blocked on one channel operation (select) at /build/svc/api/fanout.go:88, at or above the site threshold of 1,000']);
    expect(analyzeHost(s, { siteThreshold: 2000 }).groups[0].verdict).toBe('healthy');
  });

  it('a select site that keeps growing is leaking, with its growth in words', () => {
    const counts = [40, 115, 190];
    const leaky = staying(STACKS.leakySelect, { state: 'select' });
    const pool = staying(STACKS.tickerWorker, { state: 'select' });
    const samples = counts.map((n, i) =>
      sample(profile([...pool(50), ...leaky(n), ...background()]), i * 0.5),
    );
    const h = analyzeHost(samples);
    const leak = only(h, 'example.com/svc/api.(*Handler).fanOut.func1');
    expect(leak.verdict).toBe('leaking');
    expect(leak.leaking).toBe(true);
    expect(leak.counts).toEqual(counts);
    expect(leak.growthPerMinute).toBe(150);
    expect(leak.evidence).toContain('grew 40 → 190 over 3 samples (+150/min)');
    expect(leak.evidence[0]).toBe('all 40 goroutines of the first sample still blocked at the last, +150 in 60 s');
    expect(leak.survivors).toEqual({ first: 40, survived: 40, last: 190, spanSeconds: 60, kind: 'accumulating' });
    expect(leak.location).toBe('/build/svc/api/fanout.go:88');
    expect(only(h, 'example.com/svc/pool.(*Pool).worker').verdict).toBe('healthy');
    expect(h.verdict).toBe('leaking');
    expect(h.groups[0].id).toBe(leak.id); // sorted by count
    expect(h.goroutines).toBe(190 + 50 + 3);
  });

  it('churn that wanders up and down is healthy', () => {
    const counts = [50, 72, 41, 66, 58, 75];
    const samples = counts.map((n, i) => sample(profile([...many(n, STACKS.requestInFlight, { state: 'IO wait' })]), i));
    const h = analyzeHost(samples);
    expect(h.groups).toHaveLength(1);
    expect(h.groups[0].counts).toEqual(counts);
    expect(h.groups[0].verdict).toBe('healthy');
    expect(h.groups[0].evidence).toEqual([]);
    expect(h.verdict).toBe('healthy');
  });

  it('growth between only two samples is a suspect, not a leak, when no ids tell survivors (debug=1)', () => {
    const samples = [40, 190].map((n, i) => sample(profile([record(n, STACKS.leakySelect)], 'debug1'), i));
    const h = analyzeHost(samples);
    expect(h.groups[0].verdict).toBe('suspect');
    expect(h.groups[0].evidence[0]).toMatch(/^grew 40 → 190 between 2 samples .*take 3 or more samples/);
  });

  it('between two full dumps, ids decide: all stayed and more came is leaking; all replaced is load', () => {
    const leaky = staying(STACKS.leakySelect, { state: 'select' });
    const kept = analyzeHost([40, 190].map((n, i) => sample(profile(leaky(n)), i))).groups[0];
    expect(kept.verdict).toBe('leaking');
    expect(kept.evidence[0]).toBe('all 40 goroutines of the first sample still blocked at the last, +150 in 60 s');
    const replaced = analyzeHost([40, 190].map((n, i) => sample(profile(many(n, STACKS.leakySelect, { state: 'select' })), i))).groups[0];
    expect(replaced.verdict).toBe('healthy');
    expect(replaced.survivors?.kind).toBe('churn');
    expect(replaced.evidence).toEqual(["none of the first sample's 40 goroutines still there at the last (40 → 190 in 60 s): replaced, short-lived work (load), not a leak"]);
  });
});

describe('age, proof, forever-blocked', () => {
  it('old goroutines piling up at one site are leaking, even in a single sample', () => {
    const h = analyzeHost([sample(profile([...many(312, STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 15 }), ...background()]), 0)]);
    const g = only(h, 'main.process.func1');
    expect(g.class).toBe('chan-send');
    expect(g.verdict).toBe('leaking');
    expect(g.maxWaitMinutes).toBe(15);
    expect(g.evidence).toEqual(['312 goroutines blocked ≥ 15 minutes at /build/svc/main.go:42']);
  });

  it('a few old goroutines (an idle pool) are not a pile-up', () => {
    const h = analyzeHost([sample(profile(many(16, STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 300 })), 0)]);
    expect(h.groups[0].verdict).toBe('healthy');
    expect(h.groups[0].maxWaitMinutes).toBe(300);
  });

  it('old io-wait piles are only suspect (connections may idle for hours)', () => {
    const h = analyzeHost([sample(profile(many(150, STACKS.persistConnRead, { state: 'IO wait', waitMinutes: 40 })), 0)]);
    const g = h.groups[0];
    expect(g.verdict).toBe('suspect');
    expect(g.evidence[0]).toMatch(/^150 goroutines blocked ≥ 40 minutes at net\/http\/transport.go:2118 in io-wait/);
    expect(g.pattern?.name).toBe('http-client-connections-kept-open');
  });

  it('oldMinutes and oldPileMin are configurable', () => {
    const s = [sample(profile(many(20, STACKS.chanSendStuck, { state: 'chan send', waitMinutes: 5 })), 0)];
    expect(analyzeHost(s).groups[0].verdict).toBe('healthy');
    expect(analyzeHost(s, { oldMinutes: 5, oldPileMin: 20 }).groups[0].verdict).toBe('leaking');
  });

  it('a goroutineleak profile proves a leak; its counts do not enter the growth series', () => {
    const ordinary = profile([...many(30, STACKS.chanSendStuck, { state: 'chan send' }), ...background()]);
    const leakProfile = profile(many(12, STACKS.chanSendStuck, { state: 'chan send', leaked: true }), 'goroutineleak');
    const h = analyzeHost([sample(ordinary, 0), sample(leakProfile, 1)]);
    const g = only(h, 'main.process.func1');
    expect(g.counts).toEqual([30]);
    expect(g.count).toBe(30);
    expect(g.leaked).toBe(12);
    expect(g.verdict).toBe('leaking');
    expect(g.evidence).toContain('goroutineleak profile proves 12 leaked');
    expect(h.goroutines).toBe(33);
  });

  it('a goroutineleak profile on its own (debug=1, no markers) lists only leaked goroutines', () => {
    const h = analyzeHost([sample(profile([record(7, ['main.process.func1 /build/svc/main.go:42'])], 'goroutineleak'), 0)]);
    expect(h.groups[0].leaked).toBe(7);
    expect(h.groups[0].verdict).toBe('leaking');
  });

  it('many goroutines on a nil channel are a suspect; one is the block-forever idiom', () => {
    const nilStack = ['runtime.gopark runtime/proc.go:398', 'runtime.chanrecv runtime/chan.go:583', 'main.consume /app/main.go:77'];
    expect(analyzeHost([sample(profile(many(5, nilStack, { state: 'chan receive (nil chan)' })), 0)]).groups[0]).toMatchObject({
      class: 'nil-chan',
      verdict: 'suspect',
      evidence: ['5 goroutines blocked forever on a nil channel at /app/main.go:77'],
    });
    expect(analyzeHost([sample(profile(many(1, nilStack, { state: 'chan receive (nil chan)' })), 0)]).groups[0].verdict).toBe('healthy');
  });
});

describe('host signs', () => {
  const steady = () => profile([...many(20, STACKS.tickerWorker, { state: 'select' }), ...background()]);

  it('threads rising across samples and never falling back make the host suspect', () => {
    const h = analyzeHost([40, 62, 85].map((t, i) => sample(steady(), i, { threads: t })));
    expect(h.verdict).toBe('suspect');
    expect(h.evidence).toEqual(['threads rose 40 → 85 over 3 samples and never fell back']);
    expect(h.groups.every((g) => g.verdict === 'healthy')).toBe(true);
  });

  it('threads that fall back, or stay flat, say nothing', () => {
    expect(analyzeHost([40, 85, 60].map((t, i) => sample(steady(), i, { threads: t }))).evidence).toEqual([]);
    expect(analyzeHost([40, 41, 41].map((t, i) => sample(steady(), i, { threads: t }))).verdict).toBe('healthy');
  });

  it('CLOSE_WAIT sockets growing together with io-wait goroutines flag that io-wait site', () => {
    const io = [10, 12, 15];
    const cw = [3, 110, 220];
    const samples = io.map((n, i) => sample(profile([...many(n, STACKS.persistConnRead, { state: 'IO wait' }), ...background()]), i, { sockets: { 'CLOSE-WAIT': cw[i], ESTAB: 40, LISTEN: 3 } }));
    const h = analyzeHost(samples);
    const g = only(h, 'net/http.(*persistConn).readLoop');
    expect(g.verdict).toBe('suspect');
    expect(g.evidence).toEqual(['CLOSE_WAIT sockets grew 3 → 220 over 3 samples while io-wait goroutines at net/http/transport.go:2118 grew 10 → 15']);
    expect(g.pattern?.name).toBe('http-client-connections-kept-open');
    expect(h.evidence).toEqual(['CLOSE_WAIT sockets grew 3 → 220 over 3 samples together with io-wait goroutines (+5 at 1 site)']);
    expect(h.verdict).toBe('suspect');
  });

  it('sockets growing while io-wait goroutines do not is no evidence (sockets are node-wide)', () => {
    const samples = [3, 110, 220].map((cw, i) => sample(profile([...many(10, STACKS.persistConnRead, { state: 'IO wait' })]), i, { sockets: { CLOSE_WAIT: cw } }));
    const h = analyzeHost(samples);
    expect(h.evidence).toEqual([]);
    expect(h.verdict).toBe('healthy');
  });
});

describe('grouping across samples and formats', () => {
  it('a debug=1 sample and debug=2 samples of the same site are one group with the specific class', () => {
    const d1 = profile([record(30, ['main.process.func1 /build/svc/main.go:42'])], 'debug1');
    const d2 = (n: number) => profile(many(n, STACKS.chanSendStuck, { state: 'chan send' }));
    const h = analyzeHost([sample(d1, 0), sample(d2(31), 1), sample(d2(29), 2)]);
    expect(h.groups).toHaveLength(1);
    expect(h.groups[0]).toMatchObject({ class: 'chan-send', state: 'chan send', counts: [30, 31, 29], verdict: 'healthy' });
    expect(h.groups[0].frames[0]).toBe('runtime.gopark /usr/local/go/src/runtime/proc.go:398');
  });

  it('groups absent from a sample count 0 there; samples are put in time order', () => {
    const a = profile(many(3, STACKS.chanSendStuck, { state: 'chan send' }));
    const b = profile([...many(3, STACKS.chanSendStuck, { state: 'chan send' }), ...many(9, STACKS.leakySelect, { state: 'select' })]);
    const h = analyzeHost([sample(b, 5), sample(a, 0)]);
    expect(only(h, 'example.com/svc/api.(*Handler).fanOut.func1').counts).toEqual([0, 9]);
    expect(h.groups.map((g) => g.count)).toEqual([9, 3]);
    expect(h.goroutines).toBe(12);
  });

  it('the same stack built on different machines is one group within one analysis too', () => {
    const a = ['runtime.gopark /usr/local/go/src/runtime/proc.go:398', 'example.com/svc/q.(*Q).wait /home/alice/go/src/example.com/svc/q/q.go:12'];
    const b = ['runtime.gopark C:/Go/src/runtime/proc.go:398', 'example.com/svc/q.(*Q).wait D:\\ci\\svc\\q\\q.go:12'];
    const h = analyzeHost([sample(profile(many(4, a, { state: 'chan receive' })), 0), sample(profile(many(6, b, { state: 'chan receive' })), 1)]);
    expect(h.groups).toHaveLength(1);
    expect(h.groups[0].counts).toEqual([4, 6]);
  });

  it('a goroutine printed twice (same id) counts once', () => {
    const g1 = goroutine(STACKS.chanSendStuck, { state: 'chan send', id: 7 });
    const g2 = goroutine(STACKS.chanSendStuck, { state: 'chan send', id: 7 });
    expect(analyzeHost([sample(profile([g1, g2]), 0)]).groups[0].count).toBe(1);
  });

  it('coarse grouping merges lines of the same functions', () => {
    const other = STACKS.leakySelect.map((f) => f.replace('fanout.go:88', 'fanout.go:91'));
    const p = profile([...many(2, STACKS.leakySelect, { state: 'select' }), ...many(3, other, { state: 'select' })]);
    expect(analyzeHost([sample(p, 0)]).groups).toHaveLength(2);
    expect(analyzeHost([sample(p, 0)], { coarse: true }).groups.map((g) => g.count)).toEqual([5]);
  });

  it('no samples: unknown', () => {
    expect(analyzeHost([])).toEqual({ goroutines: 0, verdict: 'unknown', groups: [], evidence: [] });
  });

  it('user patterns come before the built-in ones', () => {
    const conns = staying(STACKS.persistConnRead, { state: 'IO wait' });
    const samples = [10, 60, 110].map((n, i) => sample(profile(conns(n)), i));
    const builtin = analyzeHost(samples).groups[0];
    expect(builtin.verdict).toBe('leaking');
    expect(builtin.pattern?.name).toBe('http-client-connections-kept-open');
    const mine = analyzeHost(samples, {
      patterns: [{ name: 'our-proxy', match: { function: 'persistConn' }, cause: 'our proxy keeps conns', fix: 'upgrade the proxy' }],
    }).groups[0];
    expect(mine.pattern).toEqual({ name: 'our-proxy', cause: 'our proxy keeps conns', fix: 'upgrade the proxy' });
  });
});
