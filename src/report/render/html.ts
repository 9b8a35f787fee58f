// report.json as ONE self-contained HTML page: inline CSS, no scripts, no external fetches
// (a Content-Security-Policy says so too). Summary cards, hosts table, fleet suspects with
// evidence, and per-host groups in <details> with full frames. Every string from the report
// goes through html(): host names, frames and errors are data, never markup.
import type { Group, Suspect, Verdict } from '../../analysis/types.js';
import type { HostReport, Report } from '../types.js';
import { html } from './escape.js';
import { countText, failedHosts, fleetTotals, growthText, isFlagged, n, plural, runDuration, socketsText } from './facts.js';

const CSS = `
:root{--leaking:#b91c1c;--leaking-bg:#fee2e2;--suspect:#92400e;--suspect-bg:#fef3c7;--healthy:#166534;--healthy-bg:#dcfce7;--unknown:#374151;--unknown-bg:#e5e7eb;--line:#d1d5db;--muted:#6b7280}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111827;background:#f9fafb;margin:0;padding:24px;max-width:1200px;margin:auto}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
code,pre{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow-x:auto;white-space:pre;margin:6px 0}
.meta{color:var(--muted);margin:0}.meta code{color:#111827}
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
`;

function badge(v: Verdict | string): string {
  return `<span class="badge v-${html(v)}">${html(v)}</span>`;
}

function runBadge(status: Report['run']['status']): string {
  const cls = status === 'ok' ? 'healthy' : status === 'partial' ? 'suspect' : 'leaking';
  return `<span class="badge v-${cls}">${html(status)}</span>`;
}

function verdictClass(v: Verdict): string {
  return (['leaking', 'suspect', 'healthy', 'unknown'] as const).includes(v) ? v : 'unknown';
}

function header(r: Report): string {
  const run = r.run;
  const took = runDuration(r);
  const limit = run.limit ? `, limit <code>${html(run.limit)}</code>` : '';
  return `<header>
<h1>fleet-diag report <code>${html(run.id)}</code></h1>
<p class="meta">${html(run.startedAt)} → ${html(run.finishedAt)}${took ? ` (${html(took)})` : ''} · inventory <code>${html(run.inventory)}</code>${limit} · executor ${html(run.executor)}${run.ansibleVersion ? ` (Ansible ${html(run.ansibleVersion)})` : ''} · ${html(plural(run.samples, 'sample'))}, ${html(run.intervalSeconds)} s apart</p>
</header>`;
}

function cards(r: Report): string {
  const t = fleetTotals(r);
  const card = (value: string, label: string, cls = '') => `<div class="card${cls ? ` ${cls}` : ''}"><b>${value}</b><span>${html(label)}</span></div>`;
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

function hostsTable(r: Report): string {
  if (r.hosts.length === 0) return '<h2>Hosts</h2><p class="muted">No hosts in this run.</p>';
  const rows = r.hosts.map((h, i) => {
    const cls = h.status !== 'ok' ? 'row-failed' : `row-${verdictClass(h.verdict)}`;
    const err = h.error ? `<div class="error">${html(h.error)}</div>` : '';
    return `<tr class="${cls}"><td><a href="#host-${i}">${html(h.host)}</a>${err}</td><td>${html(h.status)}</td><td class="num">${html(countText(h.goroutines))}</td><td class="num">${html(countText(h.threads))}</td><td>${badge(verdictClass(h.verdict))}</td><td><code>${html(socketsText(h.sockets))}</code></td></tr>`;
  });
  return `<h2>Hosts</h2>
<table><thead><tr><th>Host</th><th>Status</th><th class="num">Goroutines</th><th class="num">Threads</th><th>Verdict</th><th>Sockets</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function pattern(p: Group['pattern']): string {
  if (!p) return '';
  return `<div class="pattern"><b>Known pattern:</b> ${html(p.name)}<br><b>Cause:</b> ${html(p.cause)}<br><b>Fix:</b> ${html(p.fix)}</div>`;
}

function evidence(lines: string[]): string {
  return lines.length === 0 ? '' : `<ul class="evidence">${lines.map((e) => `<li>${html(e)}</li>`).join('')}</ul>`;
}

function suspectItem(s: Suspect): string {
  const seen = s.hostsSeen && s.hostsSeen > s.hostCount ? ` (site present on ${html(s.hostsSeen)})` : '';
  return `<li>${badge(verdictClass(s.verdict))} <code>${html(s.function)}</code> at <code>${html(s.location)}</code>
<div>${html(s.class)} · <b>${html(plural(s.goroutines, 'goroutine'))}</b> on ${html(plural(s.hostCount, 'host'))}${seen}: ${s.hosts.map((h) => html(h)).join(', ')}</div>
${evidence(s.evidence)}${pattern(s.pattern)}</li>`;
}

function suspects(r: Report): string {
  if (r.suspects.length === 0) {
    const why = r.hosts.some((h) => h.status === 'ok') ? 'No leak suspects.' : 'No host was collected, so nothing was analysed.';
    return `<h2>Fleet suspects</h2><p class="muted">${why}</p>`;
  }
  return `<h2>Fleet suspects <span class="muted">(ranked by goroutines)</span></h2>
<ol class="suspects">
${r.suspects.map(suspectItem).join('\n')}
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

function hostSection(h: HostReport, i: number): string {
  const total = h.goroutines === null ? 'goroutines unknown' : plural(h.goroutines, 'goroutine');
  const body: string[] = [];
  if (h.error) body.push(`<p class="error">${html(h.status)}: ${html(h.error)} (${html(plural(h.attempts, 'attempt'))})</p>`);
  body.push(evidence(h.evidence));
  if (h.warnings.length > 0) body.push(`<p class="muted">Warnings:</p>${evidence(h.warnings)}`);
  if (h.groups.length === 0 && h.status === 'ok') body.push('<p class="muted">No goroutine groups.</p>');
  body.push(...h.groups.map(groupDetails));
  return `<details id="host-${i}"${isFlagged(h.verdict) ? ' open' : ''}><summary>${badge(verdictClass(h.verdict))} ${html(h.host)} <span class="muted">· ${html(h.status)} · ${html(total)} · ${html(plural(h.groups.length, 'group'))}</span></summary>
${body.filter(Boolean).join('\n')}
</details>`;
}

/** The whole report as one HTML document. */
export function renderHtml(r: Report): string {
  const failed = failedHosts(r).length;
  const notes = r.run.notes.length > 0 ? `<h2>Notes</h2>${evidence(r.run.notes)}` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>fleet-diag ${html(r.run.id)}: ${html(r.run.status)}</title>
<style>${CSS}</style>
</head>
<body>
${header(r)}
${cards(r)}
${hostsTable(r)}
${suspects(r)}
<h2>Hosts in detail <span class="muted">(${html(plural(r.hosts.length - failed, 'collected host'))}${failed ? `, ${html(failed)} not collected` : ''})</span></h2>
${r.hosts.map(hostSection).join('\n')}
${notes}
<p class="muted">Generated by fleet-diag from report.json (schema ${html(r.schemaVersion)}).</p>
</body>
</html>
`;
}
