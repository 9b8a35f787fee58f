// Which timelines a report gets, and what they draw.
import { describe, expect, it } from 'vitest';
import { addReport, emptyHistory } from '../../../src/report/history.js';
import { fitLine, hostHistoryFigures, hostRunFigures, sampleTimes, siteHistoryFigure, siteRunFigure } from '../../../src/report/render/timelines.js';
import { fleetMatrix } from '../../../src/report/render/fleet-matrix.js';
import { earlierReports, fleetReport, NOW } from './fleet-fixture.js';
import { sampleReport, EVIL_HOST } from './fixture.js';

const series = (svg: string) => [...svg.matchAll(/data-series="([^"]*)"/g)].map((m) => m[1]);

describe('host timelines', () => {
  const r = fleetReport(NOW);
  const pay1 = r.hosts[0];

  it('this run: goroutines, threads and sockets by state over the samples, seconds into the window', () => {
    const figs = hostRunFigures(pay1, r, 'h0');
    expect(figs.map((f) => f.svg.match(/<title>([^<]*)<\/title>/)?.[1])).toEqual(['Goroutines · this run', 'Threads · this run', 'Sockets by state · this run']);
    expect(series(figs[0].svg)).toEqual(['goroutines']);
    expect(series(figs[2].svg)).toEqual(['CLOSE_WAIT', 'ESTABLISHED', 'TIME_WAIT', 'LISTEN']);
    expect(figs[2].legend.map((l) => l.name)).toEqual(['CLOSE_WAIT', 'ESTABLISHED', 'TIME_WAIT', 'LISTEN']);
    expect(figs[0].svg).toContain('>20 s</text>');
    expect(figs[0].caption).toBe('3 samples from 2026-03-04 09:30:00 UTC');
  });

  it('none for a single sample, none over history when nothing earlier is known', () => {
    const one = { ...pay1, samples: pay1.samples.slice(0, 1) };
    expect(hostRunFigures(one, r, 'x')).toEqual([]);
    expect(hostHistoryFigures(pay1, r, undefined, 'x')).toEqual([]);
    expect(hostHistoryFigures(pay1, r, emptyHistory(), 'x')).toEqual([]);
  });

  it('sample times are assumed from the interval when the samples carry none', () => {
    const h = { ...pay1, samples: pay1.samples.map((s) => ({ ...s, takenAt: null })) };
    expect(sampleTimes(h, 10)).toEqual({ times: [0, 10_000, 20_000], assumed: true });
    expect(hostRunFigures(h, r, 'x')[0].caption).toBe('3 samples; times assumed 10 s apart (the inputs carry none)');
  });

  it('history: earlier runs and this one on a UTC time axis over days', () => {
    const hist = emptyHistory();
    for (const e of earlierReports()) addReport(hist, e);
    const figs = hostHistoryFigures(pay1, r, hist, 'h0h');
    expect(figs).toHaveLength(3);
    expect(figs[0].caption).toBe('6 earlier runs and this one, over 3 days (UTC)');
    expect(figs[0].svg).toContain('>Mar 2</text>');
    expect(figs[0].svg.match(/<circle /g)).toHaveLength(7 * 3);
  });
});

describe('site timelines', () => {
  const r = fleetReport(NOW);
  const leak = r.suspects[0];

  it('this run: one line per host carrying the site, with the slope the verdict measured', () => {
    const fig = siteRunFigure(r, leak, 's0');
    expect(fig).not.toBeNull();
    expect(series(fig?.svg ?? '')).toEqual(['pay-1.prod.acme.net', 'pay-2.prod.acme.net', 'pay-3.prod.acme.net']);
    expect(fig?.svg.match(/<g class="trend"/g)).toHaveLength(3);
    expect(fig?.svg).toContain('>+360/min</text>');
    expect(fig?.caption).toBe('goroutines at the site per sample; dashed: the slope the verdict measured');
  });

  it('history: the site across earlier runs, with a least-squares trend per day', () => {
    const hist = emptyHistory();
    for (const e of earlierReports()) addReport(hist, e);
    const fig = siteHistoryFigure(r, leak, hist, 's0');
    expect(series(fig?.svg ?? '')).toEqual(['pay-1.prod.acme.net', 'pay-2.prod.acme.net', 'pay-3.prod.acme.net']);
    expect(fig?.svg).toMatch(/>\+\d+\/day trend<\/text>/);
    expect(siteHistoryFigure(r, leak, emptyHistory(), 's0')).toBeNull();
  });

  it('fits a straight line', () => {
    const fit = fitLine([{ t: 0, v: 1 }, { t: 10, v: 3 }, { t: 20, v: 5 }]);
    expect(fit?.slope).toBeCloseTo(0.2);
    expect(fit?.at(30)).toBeCloseTo(7);
    expect(fitLine([{ t: 5, v: 1 }, { t: 5, v: 2 }])).toBeNull();
  });
});

describe('fleet heat table', () => {
  it('rows are hosts carrying suspect sites (most flagged goroutines first), columns the ranked sites', () => {
    const html = fleetMatrix(fleetReport(NOW));
    const rows = [...html.matchAll(/<tr><th scope="row"><a href="#host-(\d)">([^<]+)<\/a><\/th>(.*?)<\/tr>/g)];
    expect(rows.map((m) => m[2])).toEqual(['pay-1.prod.acme.net', 'pay-2.prod.acme.net', 'pay-3.prod.acme.net']);
    expect(rows[2][3]).toMatch(/<td class="heat v-leaking[^"]*" style="background:rgb\(220 38 38 \/ [0-9.]+\)" title="[^"]*">320<\/td><td class="heat v-suspect[^"]*" style="background:rgb\(217 119 6 \/ [0-9.]+\)"[^>]*>380<\/td><td class="num">700<\/td>/);
    expect(rows[0][3]).toContain('<td class="heat empty">·</td>');
    expect(html).toContain('<th class="num"><a href="#suspect-1"');
  });

  it('escapes host names and frames, and is empty without suspects', () => {
    const r = sampleReport();
    const html = fleetMatrix(r);
    expect(html).not.toContain('<script>');
    expect(html).toContain(EVIL_HOST.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    r.suspects = [];
    expect(fleetMatrix(r)).toBe('');
  });
});
