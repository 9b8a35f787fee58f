// report.json as ONE self-contained HTML page: inline CSS and inline SVG, no scripts, no external
// fetches (a Content-Security-Policy says so too). Summary cards, hosts table, the fleet's heat
// table of suspect sites × hosts, fleet suspects with evidence and their timelines, and per host
// its timelines, a flame graph of its stacks and its groups in <details> with full frames.
// Every string from the report goes through html(): host names, frames and errors are data.
import { lookHereHtml } from './look-here-html.js';
import type { Group, Suspect, Verdict } from '../../analysis/types.js';
import type { HostReport, Report } from '../types.js';
import type { DumpSource, RenderContext } from './context.js';
import { html } from './escape.js';
import { countText, failedHosts, fleetTotals, foldedSites, foldedText, growthText, isFlagged, keeperOf, liveGroups, n, plural, runDuration, sampleCountsText, severity, socketsText } from './facts.js';
import { fleetMatrix } from './fleet-matrix.js';
import { flameTree, renderFlame } from './svg/flame.js';
import { figureHtml, hostHistoryFigures, hostRunFigures, siteHistoryFigure, siteRunFigure, type Figure } from './timelines.js';

export interface HtmlOptions {
  /** Hosts that get a flame graph, at most (flagged hosts first, then the largest; default 50). */
  flameHosts?: number;
  /** Suspect sites that get timelines, at most (default 10). */
  siteCharts?: number;
}

const CSS = `
:root{--leaking:#b91c1c;--leaking-bg:#fee2e2;--suspect:#92400e;--suspect-bg:#fef3c7;--healthy:#166534;--healthy-bg:#dcfce7;--unknown:#374151;--unknown-bg:#e5e7eb;--line:#d1d5db;--muted:#6b7280}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111827;background:#f9fafb;margin:0;padding:24px;max-width:1200px;margin:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow-x:auto;white-space:pre;margin:6px 0}
.meta{color:var(--muted);margin:0}.meta code{color:#111827}
:not(pre)>code{overflow-wrap:anywhere}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card.leaking{border-color:var(--leaking);background:var(--leaking-bg)}.card.suspect{border-color:var(--suspect);background:var(--suspect-bg)}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f3f4f6;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:9px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap}
.v-leaking{color:var(--leaking);background:var(--leaking-bg)}.v-suspect{color:var(--suspect);background:var(--suspect-bg)}
.v-healthy{color:var(--healthy);background:var(--healthy-bg)}.v-unknown{color:var(--unknown);background:var(--unknown-bg)}
tr.row-leaking td:first-child{border-left:4px solid var(--leaking)}tr.row-suspect td:first-child{border-left:4px solid var(--suspect)}
tr.row-failed td{color:var(--muted)}
.error{color:var(--leaking)}
ol.suspects{padding-left:22px}ol.suspects>li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:0 0 10px}
ul.evidence{margin:4px 0;padding-left:20px}.pattern{background:#eff6ff;border-left:3px solid #1d4ed8;padding:4px 10px;margin:6px 0}
details{background:#fff;border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:0 12px}
details>summary{cursor:pointer;padding:8px 0;font-weight:600}details[open]>summary{border-bottom:1px solid var(--line);margin-bottom:8px}
details details{margin:6px 0;background:#fcfcfd}details details>summary{font-weight:400}
.muted{color:var(--muted)}
.scroll{overflow-x:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(290px,1fr));gap:10px;margin:8px 0}
figure.timeline{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:6px 8px 4px}
svg.chart{display:block;width:100%;height:auto}
svg.chart text{font:10px system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;fill:#4b5563}
svg.chart .chart-title{font-size:11.5px;font-weight:600;fill:#111827}
svg.chart .grid{stroke:#eef0f3}svg.chart .axis{stroke:#9ca3af}
svg.chart path{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg.chart .trend line{stroke-width:1.6;stroke-dasharray:5 4}svg.chart .trend-label{font-weight:700}
ul.legend{list-style:none;margin:2px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px;font-size:12px}
ul.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
figcaption{color:var(--muted);font-size:12px;line-height:1.3}
h3{font-size:15px;margin:14px 0 6px}
.flame-box{background:#fff;border:1px solid var(--line);border-radius:8px;padding:6px;margin:8px 0}
svg.flame{display:block;width:100%;min-width:900px;height:auto}
svg.flame text{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#111827;pointer-events:none}
svg.flame g.f:hover rect{stroke:#111827;stroke-width:1.5}
svg.flame .site-leaking text,svg.flame .site-suspect text{font-weight:700}
.flame-key{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12px;color:var(--muted);margin:4px 0 0;padding:0;list-style:none}
.flame-key i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:-1px;border:1px solid #9ca3af}
table.matrix{width:auto;min-width:50%}table.matrix th[scope=row]{font-weight:400;white-space:nowrap}
td.heat{text-align:right;font-variant-numeric:tabular-nums;min-width:56px}td.heat.dark{color:#fff;font-weight:600}td.heat.empty{color:#d1d5db;text-align:center}
ul.matrix-key{list-style:none;padding:0;margin:6px 0;font-size:13px}ul.matrix-key li{margin:2px 0}
ol.suspects>li .charts{margin-top:8px}
@media (max-width:640px){body{padding:12px}.cards{gap:8px}.card{min-width:0;flex:1 1 28%;padding:6px 8px}.card b{font-size:18px}.card span{font-size:11px}th,td{padding:4px 5px}}
@media print{
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;padding:0;max-width:none;font-size:11px}
details,ol.suspects>li,figure.timeline,.flame-box{border-color:#9ca3af}
details::details-content{content-visibility:visible;display:block}
details>summary{list-style:none}
.scroll{overflow:visible}
svg.flame{min-width:0}
figure.timeline,.flame-box,tr,ol.suspects>li{break-inside:avoid}
h2,h3{break-after:avoid}
a{color:inherit;text-decoration:none}
}
`;

function badge(v: Verdict | string): string {
  return `<span class="badge v-${html(v)}">${html(v)}</span>`;
}

function runBadge(status: Report['run']['status']): string {
  const cls = status === 'ok' ? 'healthy' : status === 'partial' ? 'suspect' : 'leaking';
  return `<span class="badge v-${cls}">${html(status)}</span>`;
}

function verdictClass(v: Verdict): Verdict {
  return (['leaking', 'suspect', 'healthy', 'unknown'] as const).includes(v) ? v : 'unknown';
}

function header(r: Report, ctx: RenderContext): string {
  const run = r.run;
  if (ctx.dumps) {
    const files = ctx.dumps.map((d) => `<code>${html(d.file)}</code>`).join(', ');
    return `<header>
<h1>fleet-diag analysis of ${html(plural(ctx.dumps.length, 'dump'))}</h1>
<p class="meta">${files} · analysed ${html(run.finishedAt)}${ctx.dumps.length > 1 ? ` · time-ordered samples of one process${ctx.timesAssumed ? `, assumed ${html(run.intervalSeconds)} s apart` : ''}` : ''}</p>
</header>`;
  }
  const took = runDuration(r);
  const limit = run.limit ? `, limit <code>${html(run.limit)}</code>` : '';
  return `<header>
<h1>fleet-diag report <code>${html(run.id)}</code></h1>
<p class="meta">${html(run.startedAt)} → ${html(run.finishedAt)}${took ? ` (${html(took)})` : ''} · inventory <code>${html(run.inventory)}</code>${limit} · executor ${html(run.executor)}${run.ansibleVersion ? ` (Ansible ${html(run.ansibleVersion)})` : ''} · ${html(plural(run.samples, 'sample'))}, ${html(run.intervalSeconds)} s apart</p>
</header>`;
}

const card = (value: string, label: string, cls = '') => `<div class="card${cls ? ` ${cls}` : ''}"><b>${value}</b><span>${html(label)}</span></div>`;

function cards(r: Report, ctx: RenderContext): string {
  const t = fleetTotals(r);
  if (ctx.dumps) {
    const h = r.hosts[0];
    const v = verdictClass(h?.verdict ?? 'unknown');
    return `<section class="cards">
${card(badge(v), 'verdict', isFlagged(v) ? v : '')}
${card(html(n(t.goroutines)), 'goroutines')}
${card(html(n(h ? liveGroups(h).length : 0)), 'groups')}
${card(String(r.suspects.length), 'suspect sites', r.suspects.length ? 'suspect' : '')}
${card(String(ctx.dumps.length), ctx.dumps.length === 1 ? 'sample' : 'samples')}
</section>`;
  }
  return `<section class="cards">
${card(runBadge(r.run.status), 'run status')}
${card(`${r.run.hostsOk}/${r.run.hostsTargeted}`, 'hosts collected')}
${card(String(t.leaking), 'leaking hosts', t.leaking ? 'leaking' : '')}
${card(String(t.suspect), 'suspect hosts', t.suspect ? 'suspect' : '')}
${card(String(t.failed), 'not collected', t.failed ? 'leaking' : '')}
${card(html(n(t.goroutines)), 'goroutines')}
${card(String(r.suspects.length), 'suspect sites')}
</section>`;
}

function inputsTable(dumps: DumpSource[]): string {
  const rows = dumps.map((d) => `<tr><td><code>${html(d.file)}</code></td><td>${html(d.format)}</td><td class="num">${html(n(d.goroutines))}</td><td class="num">${d.warnings ? html(n(d.warnings)) : '-'}</td></tr>`);
  return `<h2>Inputs</h2>
<table><thead><tr><th>Dump</th><th>Format</th><th class="num">Goroutines</th><th class="num">Parse warnings</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function hostsTable(r: Report): string {
  if (r.hosts.length === 0) return '<h2>Hosts</h2><p class="muted">No hosts in this run.</p>';
  const rows = r.hosts.map((h, i) => {
    const cls = h.status !== 'ok' ? 'row-failed' : `row-${verdictClass(h.verdict)}`;
    const err = h.error ? `<div class="error">${html(h.error)}</div>` : '';
    return `<tr class="${cls}"><td><a href="#host-${i}">${html(h.host)}</a>${err}</td><td>${html(h.status)}</td><td class="num">${html(countText(h.goroutines))}</td><td class="num">${html(countText(h.threads))}</td><td>${badge(verdictClass(h.verdict))}</td><td><code>${html(socketsText(h.sockets))}</code></td></tr>`;
  });
  return `<h2>Hosts</h2>
<div class="scroll"><table><thead><tr><th>Host</th><th>Status</th><th class="num">Goroutines</th><th class="num">Threads</th><th>Verdict</th><th>Sockets</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function fleetView(r: Report): string {
  if (r.hosts.filter((h) => h.status === 'ok').length < 2) return '';
  const table = fleetMatrix(r);
  return table ? `<h2>Fleet view <span class="muted">(suspect sites × hosts)</span></h2>\n${table}` : '';
}

function pattern(p: Group['pattern']): string {
  if (!p) return '';
  return `<div class="pattern"><b>Known pattern:</b> ${html(p.name)}<br><b>Cause:</b> ${html(p.cause)}<br><b>Fix:</b> ${html(p.fix)}</div>`;
}

function evidence(lines: string[]): string {
  return lines.length === 0 ? '' : `<ul class="evidence">${lines.map((e) => `<li>${html(e)}</li>`).join('')}</ul>`;
}

function charts(figs: (Figure | null)[]): string {
  const shown = figs.filter((f): f is Figure => f !== null);
  return shown.length === 0 ? '' : `<div class="charts">${shown.map(figureHtml).join('')}</div>`;
}

function suspectItem(r: Report, ctx: RenderContext, s: Suspect, i: number, withCharts: boolean): string {
  const seen = s.hostsSeen && s.hostsSeen > s.hostCount ? ` (site present on ${html(s.hostsSeen)})` : '';
  const figs = withCharts ? charts([siteRunFigure(r, s, `site-${i}`, ctx.dumps ? ' · over the dumps' : undefined), siteHistoryFigure(r, s, ctx.history, `site-${i}`)]) : '';
  const where = ctx.dumps ? '' : ` on ${html(plural(s.hostCount, 'host'))}${seen}: ${s.hosts.map((h) => html(h)).join(', ')}`;
  return `<li id="suspect-${i + 1}">${badge(verdictClass(s.verdict))} <code>${html(s.function)}</code> at <code>${html(s.location)}</code>
<div>${html(s.class)} · <b>${html(plural(s.goroutines, 'goroutine'))}</b>${where}</div>
${evidence(s.evidence)}${pattern(s.pattern)}${figs}</li>`;
}

function suspects(r: Report, ctx: RenderContext, o: HtmlOptions): string {
  if (r.suspects.length === 0) {
    const why = r.hosts.some((h) => h.status === 'ok') ? 'No leak suspects.' : 'No host was collected, so nothing was analysed.';
    return `<h2>${ctx.dumps ? 'Suspects' : 'Fleet suspects'}</h2><p class="muted">${why}</p>`;
  }
  const max = o.siteCharts ?? 10;
  return `<h2>${ctx.dumps ? 'Suspects' : 'Fleet suspects'} <span class="muted">(ranked by goroutines)</span></h2>
<ol class="suspects">
${r.suspects.map((s, i) => suspectItem(r, ctx, s, i, i < max)).join('\n')}
</ol>`;
}

function groupDetails(g: Group): string {
  const growth = growthText(g);
  const facts = [
    `state ${g.state}`,
    `counts per sample ${g.counts.join(' → ')}`,
    growth ? `growth ${growth}` : '',
    g.maxWaitMinutes ? `waiting up to ${g.maxWaitMinutes} min` : '',
    g.leaked ? `${g.leaked} marked leaked by the goroutineleak profile` : '',
    `id ${g.id}`,
  ].filter(Boolean);
  const frames = [...g.frames, ...(g.createdBy ? [`created by ${g.createdBy}`] : [])];
  return `<details${isFlagged(g.verdict) ? ' open' : ''}><summary>${badge(verdictClass(g.verdict))} <b>${html(g.count)}</b> ${html(g.class)} <code>${html(g.function)}</code> <code class="muted">${html(g.location)}</code></summary>
<div class="muted">${facts.map((f) => html(f)).join(' · ')}</div>
${evidence(g.evidence)}${pattern(g.pattern)}<pre>${frames.map((f) => html(f)).join('\n')}</pre>
</details>`;
}

const FLAME_KEY = `<ul class="flame-key"><li><i style="background:#f87171;border-color:#7f1d1d"></i>leaking site</li><li><i style="background:#fecaca"></i>where it waits, below the site</li><li><i style="background:#fbbf24;border-color:#78350f"></i>suspect site</li><li><i style="background:#fde68a"></i>below a suspect site</li><li><i style="background:#e5e7eb"></i>runtime</li></ul>`;

function flame(h: HostReport, i: number): string {
  const svg = renderFlame(flameTree(h.groups), { key: `host-${i}`, title: `Goroutine stacks of ${h.host}` });
  if (!svg) return '';
  return `<h3>Goroutine stacks <span class="muted">(icicle: root on top, callers above callees; width = goroutines; hover a frame for its counts)</span></h3>
<div class="flame-box"><div class="scroll">${svg}</div>${FLAME_KEY}</div>`;
}

/** Which hosts get a flame graph: flagged ones first, then the largest. */
function flameHosts(r: Report, max: number): Set<number> {
  const order = r.hosts
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.status === 'ok' && h.groups.some((g) => g.count > 0))
    .sort((a, b) => severity(b.h.verdict) - severity(a.h.verdict) || (b.h.goroutines ?? 0) - (a.h.goroutines ?? 0));
  return new Set(order.slice(0, max).map(({ i }) => i));
}

/** Links to the host's on-demand profiles, relative to the run directory (where report.html is written). */
function capturedLinks(h: HostReport): string {
  const entries = Object.entries(h.captures ?? {});
  if (entries.length === 0) return '';
  const links = entries.map(([kind, file]) => `<a href="${html(file.split('/').map(encodeURIComponent).join('/'))}"><code>${html(kind)}</code></a>`);
  return `<p>Captured profiles: ${links.join(' ')} <span class="muted">(relative to the run directory; open with go tool pprof, a trace with go tool trace)</span></p>`;
}

/** Sites of the groups past --max-groups (a leak whose stacks all differ shows only here). */
function foldedTable(h: HostReport, keeper: string): string {
  const view = foldedSites(h, 10, keeper);
  if (!view) return '';
  const rows = view.sites.map((s) => `<tr><td class="num">${html(n(s.count))}</td><td class="num">${html(n(s.groups))}</td><td>${html(s.class)}</td><td><code>${html(s.function)}</code></td><td><code>${html(s.location)}</code></td><td class="num">${html(sampleCountsText(s.counts))}</td></tr>`);
  return `<h3>Folded sites</h3>
<p class="muted">${html(view.heading)}.</p>
<div class="scroll"><table><thead><tr><th class="num">Goroutines</th><th class="num">Groups</th><th>Class</th><th>Function</th><th>Location</th><th class="num">Per sample</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>${view.more ? `\n<p class="muted">${html(view.more)}.</p>` : ''}`;
}

function hostSection(r: Report, ctx: RenderContext, h: HostReport, i: number, withFlame: boolean): string {
  const total = h.goroutines === null ? 'goroutines unknown' : plural(h.goroutines, 'goroutine');
  const live = liveGroups(h);
  const body: string[] = [];
  if (h.error) body.push(`<p class="error">${html(h.status)}: ${html(h.error)} (${html(plural(h.attempts, 'attempt'))})</p>`);
  body.push(evidence(h.evidence));
  if (h.warnings.length > 0) body.push(`<p class="muted">Warnings:</p>${evidence(h.warnings)}`);
  body.push(capturedLinks(h));
  body.push(charts([...hostRunFigures(h, r, `host-${i}`, ctx.dumps ? ' · over the dumps' : undefined), ...hostHistoryFigures(h, r, ctx.history, `host-${i}-h`)]));
  if (withFlame) body.push(flame(h, i));
  else if (h.status === 'ok' && live.length > 0) body.push('<p class="muted">Flame graph not drawn: only the first hosts (flagged first, then the largest) get one.</p>');
  if (live.length === 0 && h.status === 'ok') body.push('<p class="muted">No goroutine groups.</p>');
  else if (live.length > 0) body.push(`<h3>Groups</h3>`);
  body.push(...live.map(groupDetails));
  const keeper = keeperOf(ctx);
  const folded = foldedText(h, keeper);
  if (folded) body.push(`<p class="muted">${html(folded)}.</p>`);
  body.push(foldedTable(h, keeper));
  return `<details id="host-${i}"${isFlagged(h.verdict) ? ' open' : ''}><summary>${badge(verdictClass(h.verdict))} ${html(h.host)} <span class="muted">${ctx.dumps ? '' : `· ${html(h.status)} `}· ${html(total)} · ${html(plural(live.length, 'group'))}${h.folded ? ` (+${html(n(h.folded.groups))} folded)` : ''}</span></summary>
${body.filter(Boolean).join('\n')}
</details>`;
}

/** The whole report as one HTML document. */
export function renderHtml(r: Report, ctx: RenderContext = {}, o: HtmlOptions = {}): string {
  const failed = failedHosts(r).length;
  const notes = r.run.notes.length > 0 ? `<h2>Notes</h2>${evidence(r.run.notes)}` : '';
  const flames = flameHosts(r, o.flameHosts ?? 50);
  const title = ctx.dumps ? `fleet-diag analysis: ${r.hosts[0]?.verdict ?? 'unknown'}` : `fleet-diag ${r.run.id}: ${r.run.status}`;
  const detailHead = ctx.dumps
    ? '<h2>Stacks in detail</h2>'
    : `<h2>Hosts in detail <span class="muted">(${html(plural(r.hosts.length - failed, 'collected host'))}${failed ? `, ${html(failed)} not collected` : ''})</span></h2>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>${html(title)}</title>
<style>${CSS}</style>
</head>
<body>
${header(r, ctx)}
${cards(r, ctx)}
${ctx.dumps ? inputsTable(ctx.dumps) : hostsTable(r)}
${fleetView(r)}
${lookHereHtml(r, Boolean(ctx.dumps))}
${suspects(r, ctx, o)}
${detailHead}
${r.hosts.map((h, i) => hostSection(r, ctx, h, i, flames.has(i))).join('\n')}
${notes}
<p class="muted">Generated by fleet-diag from ${ctx.dumps ? 'goroutine dumps' : `report.json (schema ${html(r.schemaVersion)})`}.</p>
</body>
</html>
`;
}
