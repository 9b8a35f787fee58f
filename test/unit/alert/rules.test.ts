import { describe, expect, it } from 'vitest';
import { emptyState, evaluateAlerts } from '../../../src/alert/rules.js';
import type { AlertRules } from '../../../src/alert/types.js';
import { down, group, host, report } from '../diff/reports.js';

const rules = (over: Partial<AlertRules> = {}): AlertRules => ({ minVerdict: 'suspect', maxGoroutines: null, maxThreads: null, remindMs: null, ...over });
const leak = (n: number, verdict: 'suspect' | 'leaking' = 'leaking') =>
  group('leak00', n, { leaking: verdict === 'leaking', verdict, growthPerMinute: 300, location: 'leaky/main.go:40', function: 'main.leakChanReceive', evidence: ['grew 50 → 500 over 10s'] });
const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s));

describe('evaluateAlerts', () => {
  it('fires once per host and site, then stays quiet while nothing changes', () => {
    const r = report([host('h1', [group('pool00', 10)]), host('h2', [leak(500), group('pool00', 10)])]);
    const first = evaluateAlerts(emptyState(), r, rules(), t(0));
    expect(first.events).toEqual([expect.objectContaining({
      status: 'firing', reason: 'new', host: 'h2', site: 'leak00', kind: 'group', severity: 'leaking',
      title: 'h2: leaking at leaky/main.go:40', location: 'leaky/main.go:40', count: 500,
      details: ['main.leakChanReceive (chan-receive): 500 goroutines, +300/min', 'grew 50 → 500 over 10s'],
    })]);
    expect(Object.keys(first.next.alerts)).toEqual(['h2|leak00']);
    const again = evaluateAlerts(first.next, report([host('h2', [leak(900)])]), rules(), t(60));
    expect(again.events).toEqual([]);
    expect(again.next).toEqual(first.next);
  });

  it('fires again when the site changes (suspect → leaking), keeping when it started', () => {
    const s1 = evaluateAlerts(emptyState(), report([host('h2', [leak(500, 'suspect')])]), rules(), t(0));
    expect(s1.events[0]).toMatchObject({ severity: 'suspect', reason: 'new' });
    const s2 = evaluateAlerts(s1.next, report([host('h2', [leak(800)])]), rules(), t(60));
    expect(s2.events).toEqual([expect.objectContaining({ reason: 'changed', severity: 'leaking', since: t(0).toISOString(), at: t(60).toISOString() })]);
  });

  it('sends a resolved message when it clears, and forgets it', () => {
    const s1 = evaluateAlerts(emptyState(), report([host('h2', [leak(500)])]), rules(), t(0));
    const s2 = evaluateAlerts(s1.next, report([host('h2', [group('pool00', 10)])]), rules(), t(60));
    expect(s2.events).toEqual([expect.objectContaining({ status: 'resolved', reason: 'cleared', host: 'h2', site: 'leak00', title: 'h2: leaking at leaky/main.go:40: resolved', since: t(0).toISOString() })]);
    expect(s2.next.alerts).toEqual({});
    expect(evaluateAlerts(s2.next, report([host('h2', [leak(500)])]), rules(), t(120)).events[0].reason).toBe('new');
  });

  it('keeps alerts of a host that could not be read; resolves those of a host no longer targeted', () => {
    const s1 = evaluateAlerts(emptyState(), report([host('h2', [leak(500)]), host('h3', [leak(100)])]), rules(), t(0));
    const s2 = evaluateAlerts(s1.next, report([down('h2')]), rules(), t(60));
    expect(s2.events).toEqual([expect.objectContaining({ status: 'resolved', host: 'h3', details: ['host no longer targeted'] })]);
    expect(Object.keys(s2.next.alerts)).toEqual(['h2|leak00']);
  });

  it('reminds after --remind', () => {
    const s1 = evaluateAlerts(emptyState(), report([host('h2', [leak(500)])]), rules({ remindMs: 3_600_000 }), t(0));
    expect(evaluateAlerts(s1.next, report([host('h2', [leak(500)])]), rules({ remindMs: 3_600_000 }), t(60)).events).toEqual([]);
    const later = new Date(t(0).getTime() + 3_600_000);
    expect(evaluateAlerts(s1.next, report([host('h2', [leak(500)])]), rules({ remindMs: 3_600_000 }), later).events[0]).toMatchObject({ reason: 'reminder' });
  });

  it('alerts on a host verdict without a flagged group, and on thresholds', () => {
    const h = host('h4', [group('pool00', 6000)], { verdict: 'suspect', evidence: ['6000 goroutines, above the alert threshold 5000'], threads: 300 });
    const e = evaluateAlerts(emptyState(), report([h]), rules({ maxGoroutines: 5000, maxThreads: 200 }), t(0)).events;
    expect(e.map((x) => `${x.site}:${x.kind}:${x.severity}`)).toEqual(['host:host:suspect', 'goroutines:threshold:threshold', 'threads:threshold:threshold']);
    expect(e[1].title).toBe('h4: 6000 goroutines, above 5000');
  });

  it('--alert-on leaking ignores suspects', () => {
    expect(evaluateAlerts(emptyState(), report([host('h2', [leak(500, 'suspect')])]), rules({ minVerdict: 'leaking' }), t(0)).events).toEqual([]);
  });
});
