// The summary is rendered from summaryView (what it reads, without frames, samples and warnings,
// so that making a large report terminal-safe does not walk every frame): it must print exactly
// what the whole report prints, control characters in the data escaped the same.
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../../src/core/terminal-text.js';
import { renderSummary, summaryView } from '../../../src/report/summary.js';
import { sampleReport } from './fixture.js';

describe('summaryView', () => {
  it('renders the same summary as the whole report', () => {
    const r = sampleReport();
    r.hosts[0].groups[0] = { ...r.hosts[0].groups[0], location: 'app/x.go:1\u001b]0;title\u0007', evidence: ['grew\nforged line'] };
    r.hosts[0].error = 'refused\u001b[2J';
    const whole = renderSummary(terminalSafe(r), '/tmp/run');
    expect(whole).toContain('\\u001b');
    expect(renderSummary(terminalSafe(summaryView(r)), '/tmp/run')).toBe(whole);
  });

  it('leaves out what the summary does not print', () => {
    const v = summaryView(sampleReport());
    expect(v.hosts.every((h) => h.samples.length === 0 && h.groups.every((g) => g.frames.length === 0))).toBe(true);
    expect(sampleReport().hosts.some((h) => h.groups.some((g) => g.frames.length > 0))).toBe(true);
  });
});

describe('summaryView of a large report', () => {
  it('keeps only the groups and suspects the summary lists, and renders the same', () => {
    const r = sampleReport();
    const h = r.hosts[0];
    const healthy = h.groups.find((g) => g.verdict === 'healthy') ?? h.groups[0];
    // many more healthy groups than the summary lists, and many suspects
    h.groups = [...h.groups, ...Array.from({ length: 50 }, (_, i) => ({ ...healthy, id: `extra${i}`, verdict: 'healthy' as const, count: 1 }))];
    r.suspects = Array.from({ length: 25 }, (_, i) => ({ ...r.suspects[0], location: `app/s${i}.go:1`, evidence: ['a', 'b', 'c', 'd'] }));
    const v = summaryView(r);
    expect(v.hosts[0].groups.length).toBeLessThanOrEqual(3);
    expect(v.suspects).toHaveLength(10);
    expect(v.suspects.every((s) => s.evidence.length === 3)).toBe(true);
    expect(renderSummary(terminalSafe(v), '/tmp/run')).toBe(renderSummary(terminalSafe(r), '/tmp/run'));
  });
});
