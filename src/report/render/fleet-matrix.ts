// The fleet at a glance: suspect sites × hosts as a heat table. A cell holds the goroutines the
// host has at the site; its colour says the verdict there (red leaking, amber suspect, grey
// present but not flagged) and its strength the count (log scale against the largest cell).
import type { Suspect, Verdict } from '../../analysis/types.js';
import type { Report } from '../types.js';
import { html } from './escape.js';
import { n, plural } from './facts.js';

export interface MatrixOptions {
  /** Sites (columns) drawn, at most (default 12). */
  sites?: number;
  /** Hosts (rows) drawn, at most (default 40). */
  hosts?: number;
}

const RGB: Record<Verdict, string> = { leaking: '220 38 38', suspect: '217 119 6', healthy: '107 114 128', unknown: '107 114 128' };

interface Cell {
  count: number;
  verdict: Verdict;
}

/** The heat table, or '' when there is no suspect site. */
export function fleetMatrix(r: Report, o: MatrixOptions = {}): string {
  const sites: Suspect[] = r.suspects.slice(0, o.sites ?? 12);
  if (sites.length === 0) return '';
  const rows: { host: string; index: number; verdict: Verdict; cells: (Cell | null)[]; flagged: number }[] = [];
  r.hosts.forEach((h, index) => {
    if (h.status !== 'ok') return;
    const cells = sites.map((s) => {
      const g = h.groups.find((x) => x.id === s.id && x.count > 0);
      return g ? { count: g.count, verdict: g.verdict } : null;
    });
    if (cells.every((c) => c === null)) return;
    const flagged = cells.reduce((sum, c) => sum + (c && (c.verdict === 'leaking' || c.verdict === 'suspect') ? c.count : 0), 0);
    rows.push({ host: h.host, index, verdict: h.verdict, cells, flagged });
  });
  rows.sort((a, b) => b.flagged - a.flagged || (a.host < b.host ? -1 : 1));
  const shown = rows.slice(0, o.hosts ?? 40);
  const max = Math.max(1, ...shown.flatMap((row) => row.cells.map((c) => c?.count ?? 0)));
  const cell = (c: Cell | null, s: Suspect, host: string): string => {
    if (!c) return '<td class="heat empty">·</td>';
    const strength = 0.15 + 0.85 * (Math.log1p(c.count) / Math.log1p(max));
    const alpha = (c.verdict === 'leaking' || c.verdict === 'suspect' ? strength : strength * 0.45).toFixed(2);
    const dark = Number(alpha) > 0.6 ? ' dark' : '';
    const title = `${host}: ${plural(c.count, 'goroutine')} at ${s.function} ${s.location} (${c.verdict})`;
    return `<td class="heat v-${c.verdict}${dark}" style="background:rgb(${RGB[c.verdict]} / ${alpha})" title="${html(title)}">${html(n(c.count))}</td>`;
  };
  const head = sites.map((s, i) => `<th class="num"><a href="#suspect-${i + 1}" title="${html(`${s.function} ${s.location}`)}">#${i + 1}</a></th>`).join('');
  const body = shown.map((row) => `<tr><th scope="row"><a href="#host-${row.index}">${html(row.host)}</a></th>${row.cells.map((c, i) => cell(c, sites[i], row.host)).join('')}<td class="num">${html(n(row.flagged))}</td></tr>`).join('\n');
  const key = sites.map((s, i) => `<li><b>#${i + 1}</b> <span class="badge v-${s.verdict}">${html(s.verdict)}</span> <code>${html(s.function)}</code> <code class="muted">${html(s.location)}</code></li>`).join('');
  const notes = [
    rows.length > shown.length ? `${rows.length - shown.length} more hosts carry these sites (report.json lists them)` : '',
    r.suspects.length > sites.length ? `the ${r.suspects.length - sites.length} smaller suspect sites are not drawn` : '',
  ].filter(Boolean);
  return `<div class="scroll"><table class="matrix">
<thead><tr><th>Host</th>${head}<th class="num">flagged</th></tr></thead>
<tbody>
${body}
</tbody></table></div>
<ul class="matrix-key">${key}</ul>
<p class="muted">Goroutines per host at each suspect site: red where the site leaks on that host, amber where it is suspect, grey where it is present but not flagged; stronger = more (log scale).${notes.length ? ` ${html(notes.join('; '))}.` : ''}</p>`;
}
