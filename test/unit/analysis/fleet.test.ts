import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../../src/analysis/analyze-host.js';
import { rankSuspects } from '../../../src/analysis/fleet.js';
import { profile, sample, staying, STACKS } from './helpers.js';

/** A site whose goroutines stay (the same ids in every sample), at these counts. */
const grow = (counts: number[], stack: string[], state: string) => {
  const site = staying(stack, { state });
  return analyzeHost(counts.map((n, i) => sample(profile(site(n)), i)));
};

describe('rankSuspects', () => {
  it('ranks sites flagged on any host by goroutines, then hosts, with hosts and evidence merged', () => {
    const hosts = [
      { host: 'web-1', analysis: grow([40, 115, 190], STACKS.leakySelect, 'select') },
      { host: 'web-2', analysis: grow([10, 60, 110], STACKS.leakySelect, 'select') },
      { host: 'web-3', analysis: grow([20, 20, 20], STACKS.leakySelect, 'select') }, // same site, healthy here
      { host: 'db-1', analysis: grow([100, 400, 700], STACKS.persistConnRead, 'IO wait') },
      { host: 'db-2', analysis: grow([5, 5, 5], STACKS.chanSendStuck, 'chan send') },
    ];
    const s = rankSuspects(hosts);
    expect(s.map((x) => x.function)).toEqual(['net/http.(*persistConn).readLoop', 'example.com/svc/api.(*Handler).fanOut.func1']);
    const fan = s[1];
    expect(fan).toMatchObject({ class: 'select', goroutines: 300, hosts: ['web-1', 'web-2'], hostCount: 2, hostsSeen: 3, verdict: 'leaking' });
    expect(fan.evidence).toEqual([
      'web-1: all 40 goroutines of the first sample still blocked at the last, +150 in 2 min',
      'web-1: grew 40 → 190 over 3 samples (+75/min)',
      'web-2: all 10 goroutines of the first sample still blocked at the last, +100 in 2 min',
      'web-2: grew 10 → 110 over 3 samples (+50/min)',
    ]);
    expect(fan.id).toBe(hosts[0].analysis.groups[0].id);
    expect(s[0].pattern?.name).toBe('http-client-connections-kept-open');
  });

  it('ties on goroutines go to the site on more hosts; nothing flagged → no suspects', () => {
    const a = grow([0, 50, 100], STACKS.leakySelect, 'select');
    const b = grow([0, 50, 100], STACKS.chanSendStuck, 'chan send');
    const half = grow([0, 25, 50], STACKS.chanSendStuck, 'chan send');
    const s = rankSuspects([{ host: 'h1', analysis: a }, { host: 'h2', analysis: half }, { host: 'h3', analysis: half }]);
    expect(s.map((x) => x.hostCount)).toEqual([2, 1]);
    expect(s[0].id).toBe(b.groups[0].id);
    expect(rankSuspects([{ host: 'h', analysis: grow([5, 5, 5], STACKS.leakySelect, 'select') }])).toEqual([]);
  });
});
