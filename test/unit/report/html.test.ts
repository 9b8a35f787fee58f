import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/render/html.js';
import { emptyReport, sampleReport } from './fixture.js';
import { addReport, emptyHistory } from '../../../src/report/history.js';
import { reportFromDumps } from '../../../src/report/from-dumps.js';
import { earlierReports, fleetReport, LEAK_FN, NOW } from './fleet-fixture.js';

describe('renderHtml', () => {
  const page = renderHtml(sampleReport());

  it('is one self-contained document: inline CSS, no scripts, nothing fetched', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain(`default-src 'none'`);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/<[^>]*\s(src|href)=(?!"#)/i); // only in-page links
    expect(page).not.toMatch(/url\((?!#)|@import|https?:\/\//i); // url(#id): an SVG clip path in the page
  });

  it('escapes every string from the report: hostile host names, frames, errors and evidence arrive as text', () => {
    expect(page).toContain('evil&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;|`x`');
    expect(page).toContain('main.(*T).Run&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; app/evil.go:7');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt; grew');
    expect(page).toContain('Connection refused &lt;b&gt;');
    expect(page).toContain('created by main.spawn &quot;quoted&quot; \\N back\\slash app/spawn.go:9');
    // The only tags are our own.
    const tags = new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual([
      'a', 'b', 'body', 'br', 'circle', 'clippath', 'code', 'details', 'div', 'figcaption', 'figure', 'g', 'h1', 'h2', 'h3', 'head', 'header', 'html',
      'i', 'li', 'line', 'meta', 'ol', 'p', 'path', 'pre', 'rect', 'section', 'span', 'style', 'summary', 'svg', 'table', 'tbody', 'td', 'text', 'th',
      'thead', 'title', 'tr', 'ul',
    ]);
  });

  it('has summary cards', () => {
    expect(page).toMatch(/<b><span class="badge v-suspect">partial<\/span><\/b><span>run status<\/span>/);
    expect(page).toContain('<b>3/4</b><span>hosts collected</span>');
    expect(page).toContain('<div class="card leaking"><b>1</b><span>leaking hosts</span></div>');
    expect(page).toContain('<b>1,273</b><span>goroutines</span>');
  });

  it('has a hosts table with verdict colours and the failure reason', () => {
    expect(page).toMatch(/<tr class="row-leaking"><td><a href="#host-0">web-1<\/a><\/td><td>ok<\/td><td class="num">1,210<\/td>/);
    expect(page).toContain('<span class="badge v-leaking">leaking</span>');
    expect(page).toMatch(/<tr class="row-failed"><td><a href="#host-3">web-4<\/a><div class="error">ssh: connect/);
    expect(page).toContain('.v-leaking{color:var(--leaking)');
  });

  it('lists suspects with evidence and the known pattern', () => {
    expect(page).toContain('<code>main.leakRecv</code> at <code>app/worker.go:41</code>');
    expect(page).toContain('<li>web-1: grew 400 → 1,200 over 3 samples (+800/min)</li>');
    expect(page).toContain('<b>Cause:</b> a receive nobody sends to &lt;ever&gt;');
    expect(page).toContain('<b>Fix:</b> close the channel | cancel the context');
  });

  it('puts every host in a <details>, flagged ones open, with full frames', () => {
    expect(page.match(/<details id="host-\d"/g)).toHaveLength(4);
    expect(page).toContain('<details id="host-0" open>');
    expect(page).toContain('<details id="host-2">');
    expect(page).toContain('<pre>runtime.gopark runtime/proc.go:398\nruntime.chanrecv1 runtime/chan.go:442\nmain.leakRecv app/worker.go:41\nmain.(*Pool).start app/pool.go:20\ncreated by');
    expect(page).toContain('counts per sample 400 → 800 → 1200');
  });

  it('says when nothing was collected', () => {
    expect(renderHtml(emptyReport())).toContain('No host was collected, so nothing was analysed.');
  });
});

describe('renderHtml: pictures', () => {
  const hist = emptyHistory();
  for (const e of earlierReports()) addReport(hist, e);
  const report = fleetReport(NOW);
  const page = renderHtml(report, { history: hist });
  const host0 = page.slice(page.indexOf('<details id="host-0"'), page.indexOf('<details id="host-1"'));

  it('has the fleet heat table of suspect sites × hosts', () => {
    expect(page).toContain('<h2>Fleet view <span class="muted">(suspect sites × hosts)</span></h2>');
    expect(page).toContain('<table class="matrix">');
  });

  it('gives each suspect site its timelines: this run with the slope, and over earlier runs', () => {
    const first = page.slice(page.indexOf('<li id="suspect-1">'), page.indexOf('<li id="suspect-2">'));
    expect(first).toContain('<title>At this site · this run</title>');
    expect(first).toContain('<title>At this site · history</title>');
    expect(first).toMatch(/>\+360\/min<\/text>/);
  });

  it('gives each host its timelines over the samples and over the history, and a flame graph with the leaking frame', () => {
    for (const t of ['Goroutines · this run', 'Threads · this run', 'Sockets by state · this run', 'Goroutines · history', 'Threads · history', 'Sockets by state · history']) {
      expect(host0).toContain(`<title>${t}</title>`);
    }
    expect(host0).toContain('<svg class="flame"');
    expect(host0).toMatch(new RegExp(`<g class="f site-leaking"><title>${LEAK_FN.replace(/[()*.]/g, '\\$&')}\n`));
  });

  it('folds away groups with no goroutines in the last sample, saying so', () => {
    expect(report.hosts[0].groups.some((g) => g.function === 'main.reloadConfig' && g.count === 0)).toBe(true);
    expect(page).not.toContain('<code>main.reloadConfig</code>');
    expect(host0).toContain('1 group with no goroutines in the last sample is folded away (report.json keeps it).');
    expect(host0).toMatch(/· 6 groups<\/span><\/summary>/);
  });

  it('prints: colours kept, closed sections opened, nothing cut by a scroll box', () => {
    expect(page).toContain('@media print{');
    expect(page).toContain('print-color-adjust:exact');
    expect(page).toContain('details::details-content{content-visibility:visible;display:block}');
  });

  it('draws no history without one, and flame graphs for at most the hosts asked', () => {
    const alone = renderHtml(report, {}, { flameHosts: 1 });
    expect(alone).not.toContain('· history</title>');
    expect(alone.match(/<svg class="flame"/g)).toHaveLength(1);
    expect(alone).toContain('Flame graph not drawn: only the first hosts (flagged first, then the largest) get one.');
  });

  it('speaks of dumps, not of a fleet, for analyze', () => {
    const host = report.hosts[0];
    const { report: r, context } = reportFromDumps(
      { goroutines: host.goroutines ?? 0, verdict: host.verdict, groups: host.groups, evidence: [] },
      [{ file: 'a.txt', format: 'debug2', goroutines: 10, warnings: 0, takenAt: null }, { file: '<b>.txt', format: 'debug1', goroutines: 12, warnings: 2, takenAt: null }],
      { intervalSeconds: 30, now: NOW, command: 'fleet-diag analyze a.txt <b>.txt' },
    );
    const dumps = renderHtml(r, context);
    expect(dumps).toContain('<h1>fleet-diag analysis of 2 dumps</h1>');
    expect(dumps).toContain('<code>&lt;b&gt;.txt</code>');
    expect(dumps).toContain('assumed 30 s apart');
    expect(dumps).toContain('<h2>Inputs</h2>');
    expect(dumps).not.toContain('inventory');
    expect(dumps).not.toContain('<h2>Hosts</h2>');
    expect(dumps).toContain('<title>At this site · over the dumps</title>');
    expect(dumps).toContain('(analyze --json keeps it)');
  });
});

