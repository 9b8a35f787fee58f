import { describe, expect, it } from 'vitest';
import { abandon, decide, judgeHost, judgeMeasurement } from '../../../src/gate/decide.js';
import { DEFAULT_CRITERIA, type GateCriteria, type HostObservation, type Observation } from '../../../src/gate/types.js';

const C = (over: Partial<GateCriteria> = {}): GateCriteria => ({ ...DEFAULT_CRITERIA, ...over });

function h(host: string, over: Partial<HostObservation> = {}): HostObservation {
  return { host, status: 'ok', error: null, goroutines: 100, threads: 10, verdict: 'healthy', leaking: [], baseline: null, baselineFrom: null, ...over };
}
const leaking = (host: string, count = 500) => h(host, {
  verdict: 'leaking', goroutines: count + 50,
  leaking: [{ id: 'abc123', location: 'leaky/main.go:40', function: 'main.leakChanReceive', class: 'chan-receive', count, growthPerMinute: 600 }],
});
const down = (host: string) => h(host, { status: 'unreachable', error: 'ssh: connect to host 10.0.0.1 port 22: Connection refused', goroutines: null, threads: null, verdict: 'unknown' });

let n = 0;
function m(hosts: HostObservation[], error: string | null = null): Observation {
  n++;
  return { index: n, startedAt: `t${n}`, finishedAt: `t${n}`, runId: error ? null : `run-${n}`, runDir: error ? null : `/runs/${n}`, error, hosts };
}
/** Measurements numbered from 1 in the order given. */
function seq(...obs: Observation[]): Observation[] {
  return obs.map((o, i) => ({ ...o, index: i + 1 }));
}
const healthy = () => m([h('h1'), h('h2'), h('h3')]);

describe('judgeHost', () => {
  it('passes a healthy host', () => {
    expect(judgeHost(h('h1'), [], C())).toMatchObject({ phase: 'Successful', reasons: [] });
  });

  it('fails a leaking host, naming the site, and never judges a host that was not measured', () => {
    const r = judgeHost(leaking('h2'), [], C());
    expect(r.phase).toBe('Failed');
    expect(r.reasons).toEqual(['leaking: 500 goroutines at leaky/main.go:40 (main.leakChanReceive, chan-receive, +600/min)']);
    expect(judgeHost(down('h3'), [], C())).toMatchObject({ phase: 'Inconclusive', reasons: [expect.stringMatching(/^not measured: unreachable: ssh: connect/)] });
  });

  it('does not fail a suspect host (a big stable pool is not a leak)', () => {
    expect(judgeHost(h('h4', { verdict: 'suspect', goroutines: 6000 }), [], C()).phase).toBe('Successful');
  });

  it('fails a host above --max-goroutines', () => {
    const r = judgeHost(h('h1', { goroutines: 5001 }), [], C({ maxGoroutines: 5000 }));
    expect(r.reasons).toEqual(['5001 goroutines, above --max-goroutines 5000']);
    expect(judgeHost(h('h1', { goroutines: 5000 }), [], C({ maxGoroutines: 5000 })).phase).toBe('Successful');
  });

  it('fails growth over --max-growth since the host’s first reading, above --min-delta only', () => {
    const first = seq(m([down('h1')]), m([h('h1', { goroutines: 100 })]));
    const c = C({ maxGrowth: 0.2, minDelta: 20 });
    expect(judgeHost(h('h1', { goroutines: 121 }), first, c).reasons).toEqual([
      'goroutines grew 100 → 121 (+21, +21%) since measurement 2, above --max-growth 20%',
    ]);
    expect(judgeHost(h('h1', { goroutines: 120 }), first, c).phase).toBe('Successful'); // exactly 20%: not over
    // 10 → 15 is +50%, but only 5 goroutines: noise.
    expect(judgeHost(h('h1', { goroutines: 15 }), seq(m([h('h1', { goroutines: 10 })])), c).phase).toBe('Successful');
    // From 0: any growth of at least --min-delta.
    expect(judgeHost(h('h1', { goroutines: 30 }), seq(m([h('h1', { goroutines: 0 })])), c).reasons[0]).toMatch(/0 → 30 \(\+30, from 0\)/);
    // Not checked without --max-growth, nor on the first measurement.
    expect(judgeHost(h('h1', { goroutines: 1000 }), first, C()).phase).toBe('Successful');
    expect(judgeHost(h('h1', { goroutines: 1000 }), [], c).phase).toBe('Successful');
  });

  it('fails groups that grew versus the baseline beyond --baseline-max-growth and --min-delta', () => {
    const base = (before: number, after: number) => h('h1', {
      baselineFrom: 'host',
      baseline: [{ id: 'g1', location: 'app/x.go:9', function: 'main.x', class: 'select', before, after, delta: after - before }],
    });
    const c = C({ baselineMaxGrowth: 0.5, minDelta: 20 });
    expect(judgeHost(base(100, 151), [], c).reasons).toEqual(['grew versus the baseline: 100 → 151 (+51, +51%) at app/x.go:9 (main.x, select)']);
    expect(judgeHost(base(100, 150), [], c).phase).toBe('Successful');
    expect(judgeHost(base(10, 25), [], c).phase).toBe('Successful'); // +150% but 15 goroutines
    expect(judgeHost(base(0, 20), [], c).reasons).toEqual(['new versus the baseline: 20 goroutines at app/x.go:9 (main.x, select)']);
    const mean = { ...base(0, 40), baselineFrom: 'fleet-mean' as const };
    expect(judgeHost(mean, [], c).reasons[0]).toMatch(/new versus the baseline fleet’s per-host mean/);
  });

  it('lists at most three leaking sites and counts the rest', () => {
    const sites = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, location: `a.go:${i}`, function: 'f', class: 'chan-send' as const, count: 10, growthPerMinute: 0 }));
    const r = judgeHost(h('h1', { verdict: 'leaking', leaking: sites }), [], C());
    expect(r.reasons).toHaveLength(4);
    expect(r.reasons[3]).toBe('leaking: 2 more leaking site(s)');
  });
});

describe('judgeMeasurement', () => {
  it('is Successful when every host passes', () => {
    const r = judgeMeasurement(healthy(), [], C());
    expect(r).toMatchObject({ phase: 'Successful', hostsTargeted: 3, hostsMeasured: 3, reasons: [] });
  });

  it('is Failed when any host fails, with host-prefixed reasons', () => {
    const r = judgeMeasurement(m([h('h1'), leaking('h2')]), [], C());
    expect(r.phase).toBe('Failed');
    expect(r.reasons).toEqual([expect.stringMatching(/^h2: leaking: 500 goroutines at leaky\/main\.go:40/)]);
    expect(r.hosts.map((x) => x.phase)).toEqual(['Successful', 'Failed']);
  });

  it('is Inconclusive below --min-measured, and says which hosts were not measured', () => {
    const r = judgeMeasurement(m([h('h1'), h('h2'), h('h3'), h('h4'), down('h5')]), [], C({ minMeasured: 0.8 }));
    expect(r.phase).toBe('Successful'); // 4/5 = 80%: enough
    const r2 = judgeMeasurement(m([h('h1'), h('h2'), down('h3')]), [], C({ minMeasured: 0.8 }));
    expect(r2.phase).toBe('Inconclusive');
    expect(r2.reasons).toEqual(['measured 2/3 hosts (66.7%), below --min-measured 80%', expect.stringMatching(/^h3: not measured: unreachable/)]);
    expect(judgeMeasurement(m([down('h1')]), [], C({ minMeasured: 0 })).phase).toBe('Successful');
  });

  it('keeps Failed when a leak is seen even if too few hosts were measured', () => {
    const r = judgeMeasurement(m([leaking('h1'), down('h2'), down('h3')]), [], C());
    expect(r.phase).toBe('Failed');
    expect(r.reasons.some((x) => /below --min-measured/.test(x))).toBe(true);
  });

  it('is Error when the measurement could not be taken', () => {
    const r = judgeMeasurement(m([], 'ansible-playbook not found'), [], C());
    expect(r).toMatchObject({ phase: 'Error', reasons: ['ansible-playbook not found'], hosts: [] });
  });

  it('is Inconclusive with no hosts at all', () => {
    expect(judgeMeasurement(m([]), [], C()).phase).toBe('Inconclusive');
  });
});

describe('decide (Argo Rollouts rules)', () => {
  it('is Running, not terminal, until count measurements are in', () => {
    expect(decide([], C({ count: 3 }))).toMatchObject({ phase: 'Running', terminal: false });
    expect(decide(seq(healthy(), healthy()), C({ count: 3 }))).toMatchObject({ phase: 'Running', terminal: false, tally: { successful: 2 } });
  });

  it('is Successful after count good measurements', () => {
    const o = decide(seq(healthy(), healthy(), healthy()), C({ count: 3 }));
    expect(o).toMatchObject({ phase: 'Successful', terminal: true, reasons: [], tally: { successful: 3, failed: 0, inconclusive: 0, error: 0 } });
    expect(o.message).toBe('Successful: 3/3 measurement(s) passed on 3 host(s)');
    expect(o.measurements).toHaveLength(3);
  });

  it('fails as soon as failed measurements exceed --failure-limit (early stop)', () => {
    const o = decide(seq(healthy(), m([leaking('h2')])), C({ count: 3 }));
    expect(o).toMatchObject({ phase: 'Failed', terminal: true, tally: { successful: 1, failed: 1 } });
    expect(o.message).toBe('Failed: 1 failed measurement(s), failure limit 0');
    expect(o.reasons).toEqual([expect.stringMatching(/^measurement 2: h2: leaking: 500 goroutines/)]);
  });

  it('tolerates failures up to --failure-limit', () => {
    const c = C({ count: 3, failureLimit: 1 });
    expect(decide(seq(m([leaking('h2')]), healthy()), c)).toMatchObject({ phase: 'Running', terminal: false });
    const o = decide(seq(m([leaking('h2')]), healthy(), healthy()), c);
    expect(o.phase).toBe('Successful');
    expect(o.message).toMatch(/within the limits/);
    expect(o.reasons).toEqual([expect.stringMatching(/^measurement 1: h2: leaking/)]);
    expect(decide(seq(m([leaking('h2')]), m([leaking('h2')])), c).phase).toBe('Failed');
  });

  it('is Inconclusive when inconclusive measurements exceed --inconclusive-limit', () => {
    const few = () => m([h('h1'), down('h2')]);
    const o = decide(seq(healthy(), few()), C({ count: 3 }));
    expect(o).toMatchObject({ phase: 'Inconclusive', terminal: true, tally: { inconclusive: 1 } });
    expect(o.reasons).toEqual(['measurement 2: measured 1/2 hosts (50%), below --min-measured 80%', expect.stringMatching(/^measurement 2: h2: not measured: unreachable/)]);
    expect(decide(seq(few(), healthy(), healthy()), C({ count: 3, inconclusiveLimit: 1 })).phase).toBe('Successful');
  });

  it('checks failures before inconclusive ones, as Argo does', () => {
    const o = decide(seq(m([leaking('h1'), down('h2'), down('h3')])), C({ count: 3 }));
    expect(o.phase).toBe('Failed');
  });

  it('is Error when errors in a row exceed --consecutive-error-limit; a good measurement resets the run of errors', () => {
    const err = () => m([], 'ansible-playbook crashed');
    const c = C({ count: 10, consecutiveErrorLimit: 2 });
    expect(decide(seq(err(), err()), c)).toMatchObject({ phase: 'Running', tally: { consecutiveErrors: 2 } });
    const o = decide(seq(err(), err(), err()), c);
    expect(o).toMatchObject({ phase: 'Error', terminal: true, message: 'Error: 3 measurement errors in a row, consecutive error limit 2' });
    expect(o.reasons).toEqual(['measurement 1: ansible-playbook crashed', 'measurement 2: ansible-playbook crashed', 'measurement 3: ansible-playbook crashed']);
    expect(decide(seq(err(), err(), healthy(), err(), err()), c)).toMatchObject({ phase: 'Running', tally: { consecutiveErrors: 2, error: 4 } });
  });

  it('is Successful with errors under the limit when other measurements passed (Argo), and notes them', () => {
    const o = decide(seq(m([], 'boom'), healthy(), healthy()), C({ count: 3 }));
    expect(o.phase).toBe('Successful');
    expect(o.reasons).toEqual(['measurement 1: boom']);
  });

  it('is never Successful without one successful measurement', () => {
    expect(decide(seq(m([], 'boom'), m([], 'boom')), C({ count: 2 })).phase).toBe('Error');
    const few = () => m([down('h1')]);
    expect(decide(seq(few(), few()), C({ count: 2, inconclusiveLimit: 5 })).phase).toBe('Inconclusive');
  });

  it('ignores observations beyond count', () => {
    const o = decide(seq(healthy(), m([leaking('h1')])), C({ count: 1 }));
    expect(o.phase).toBe('Successful');
    expect(o.measurements).toHaveLength(1);
  });

  it('fails growth across measurements with --max-growth', () => {
    const g = (n: number) => m([h('h1', { goroutines: n }), h('h2', { goroutines: 100 })]);
    const o = decide(seq(g(100), g(110), g(200)), C({ count: 3, maxGrowth: 0.2 }));
    expect(o.phase).toBe('Failed');
    expect(o.reasons).toEqual(['measurement 3: h1: goroutines grew 100 → 200 (+100, +100%) since measurement 1, above --max-growth 20%']);
  });

  it('abandon: an interrupted gate is Inconclusive; a decided one stays as it is', () => {
    const running = decide(seq(healthy()), C({ count: 3 }));
    expect(abandon(running, 'interrupted')).toMatchObject({ phase: 'Inconclusive', terminal: true, message: 'Inconclusive: interrupted after 1 measurement(s)', reasons: ['interrupted'] });
    const failed = decide(seq(m([leaking('h1')])), C({ count: 3 }));
    expect(abandon(failed, 'interrupted')).toBe(failed);
  });

  it('is pure: the same observations give the same outcome', () => {
    const obs = seq(healthy(), m([h('h1'), down('h2')]));
    expect(decide(obs, C())).toEqual(decide(obs, C()));
  });
});
