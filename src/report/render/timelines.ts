// The report's timelines as chart specs and figures: per host its goroutines, threads and
// sockets by state over this run's samples and, where earlier runs or a watch series tell
// more, over that history; per suspect site its goroutines on each host, with the leak's slope.
import type { Suspect } from '../../analysis/types.js';
import { countTimes, type History, type HostPoint, runsOf } from '../history.js';
import type { HostReport, Report } from '../types.js';
import type { MemStats } from '../../profile/memstats.js';
import { html } from './escape.js';
import { lineChart, type Point, type Series, type Trend } from './svg/chart.js';
import { perMinute, plural } from './facts.js';

const HOST_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
const SOCKET_COLORS: Record<string, string> = {
  ESTABLISHED: '#2563eb', CLOSE_WAIT: '#dc2626', TIME_WAIT: '#d97706', LISTEN: '#6b7280',
  SYN_SENT: '#7c3aed', SYN_RECV: '#db2777', FIN_WAIT1: '#0891b2', FIN_WAIT2: '#0d9488', LAST_ACK: '#a16207', CLOSING: '#be185d', OTHER: '#9ca3af',
};
const EXTRA_COLORS = ['#4d7c0f', '#9333ea', '#0369a1', '#b45309'];
/** Socket states drawn per chart, at most (the largest). */
const MAX_STATES = 6;
/** Hosts drawn per site chart, at most (the largest). */
const MAX_SITE_HOSTS = 8;
/** Slopes labelled per chart, at most. */
const MAX_TRENDS = 3;

export interface Figure {
  svg: string;
  legend: { name: string; color: string }[];
  caption: string;
}

/** One figure: the chart, its legend (the names are data: escaped) and a caption. */
export function figureHtml(f: Figure): string {
  const legend = f.legend.length > 1 || f.legend.some((l) => l.name !== '')
    ? `<ul class="legend">${f.legend.map((l) => `<li><i style="background:${l.color}"></i>${html(l.name)}</li>`).join('')}</ul>`
    : '';
  return `<figure class="timeline">${f.svg}${legend}${f.caption ? `<figcaption>${html(f.caption)}</figcaption>` : ''}</figure>`;
}

/** Sample moments of a host in this run: real times, or index × interval when any is missing. */
export function sampleTimes(h: HostReport, intervalSeconds: number): { times: number[]; assumed: boolean } {
  const real = h.samples.map((s) => (s.takenAt ? Date.parse(s.takenAt) : NaN));
  if (real.length > 0 && real.every((t) => Number.isFinite(t))) return { times: real, assumed: false };
  return { times: h.samples.map((_, i) => i * intervalSeconds * 1000), assumed: true };
}

function socketSeries(points: { t: number; sockets: Record<string, number> | null }[]): Series[] {
  const peak = new Map<string, number>();
  for (const p of points) for (const [k, v] of Object.entries(p.sockets ?? {})) peak.set(k, Math.max(peak.get(k) ?? 0, v));
  const states = [...peak].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_STATES).map(([k]) => k);
  let extra = 0;
  return states.map((state) => ({
    name: state,
    color: SOCKET_COLORS[state] ?? EXTRA_COLORS[extra++ % EXTRA_COLORS.length],
    points: points.map((p) => ({ t: p.t, v: p.sockets ? p.sockets[state] ?? 0 : null })),
  }));
}

interface HostMoment {
  t: number;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  memory?: MemStats | null;
}

const MB = 1024 * 1024;

/** Goroutines, threads and sockets charts over a list of moments. */
function hostCharts(key: string, what: string, moments: HostMoment[], time: 'relative' | 'absolute', caption: string): Figure[] {
  const figs: Figure[] = [];
  const known = (f: (m: HostMoment) => number | null) => moments.some((m) => f(m) !== null);
  const one = (name: string, color: string, f: (m: HostMoment) => number | null): Series => ({ name, color, points: moments.map((m) => ({ t: m.t, v: f(m) })) });
  if (known((m) => m.goroutines)) {
    figs.push({ svg: lineChart({ key: `${key}-g`, title: `Goroutines${what}`, time, series: [one('goroutines', '#1d4ed8', (m) => m.goroutines)] }), legend: [], caption });
  }
  if (known((m) => m.threads)) {
    figs.push({ svg: lineChart({ key: `${key}-t`, title: `Threads${what}`, time, series: [one('threads', '#059669', (m) => m.threads)] }), legend: [], caption });
  }
  const mem = (f: (m: MemStats) => number | null) => (m: HostMoment) => { const v = m.memory ? f(m.memory) : null; return v === null ? null : Math.round((v / MB) * 100) / 100; };
  if (known(mem((m) => m.stackInuse)) || known(mem((m) => m.heapInuse))) {
    const series = [one('heap in use (MB)', '#7c3aed', mem((m) => m.heapInuse)), one('goroutine stacks (MB)', '#db2777', mem((m) => m.stackInuse))];
    figs.push({ svg: lineChart({ key: `${key}-m`, title: `Memory (MB)${what}`, time, series }), legend: series.map((s) => ({ name: s.name, color: s.color })), caption });
  }
  const p99 = (m: HostMoment) => m.memory?.gcPause?.p99Ms ?? null;
  if (known(p99)) {
    figs.push({ svg: lineChart({ key: `${key}-p`, title: `GC pause p99 (ms)${what}`, time, series: [one('GC pause p99 (ms)', '#b45309', p99)] }), legend: [], caption });
  }
  const sockets = socketSeries(moments.map((m) => ({ t: m.t, sockets: m.sockets })));
  if (sockets.length > 0) {
    figs.push({ svg: lineChart({ key: `${key}-s`, title: `Sockets by state${what}`, time, series: sockets }), legend: sockets.map((s) => ({ name: s.name, color: s.color })), caption });
  }
  return figs;
}

/** This run's samples of a host (seconds into its sampling window). */
export function hostRunFigures(h: HostReport, r: Report, key: string, what = ' · this run'): Figure[] {
  if (h.samples.length < 2) return [];
  const { times, assumed } = sampleTimes(h, r.run.intervalSeconds);
  const t0 = times[0];
  const moments = h.samples.map((s, i) => ({ t: times[i] - t0, goroutines: s.goroutines, threads: s.threads ?? null, sockets: s.sockets ?? null, memory: s.memory ?? null }));
  const caption = assumed
    ? `${plural(h.samples.length, 'sample')}; times assumed ${r.run.intervalSeconds} s apart (the inputs carry none)`
    : `${plural(h.samples.length, 'sample')} from ${h.samples[0].takenAt?.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
  return hostCharts(key, what, moments, 'relative', caption);
}

function historyMoments(history: History | undefined, h: HostReport, r: Report): HostPoint[] {
  const earlier = history?.hosts.get(h.host)?.points.filter((p) => p.runId !== r.run.id) ?? [];
  const now: HostPoint[] = h.samples
    .filter((s) => s.takenAt && Number.isFinite(Date.parse(s.takenAt)))
    .map((s) => ({ at: Date.parse(s.takenAt as string), goroutines: s.goroutines, threads: s.threads ?? null, sockets: s.sockets ?? null, runId: r.run.id }));
  return [...earlier, ...now].sort((a, b) => a.at - b.at);
}

function spanText(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 48) return `${Math.round(h / 24)} days`;
  if (h >= 2) return `${Math.round(h)} hours`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/** The host over earlier runs and watch rows, and this run; none when nothing earlier is known. */
export function hostHistoryFigures(h: HostReport, r: Report, history: History | undefined, key: string): Figure[] {
  const runs = runsOf(history, h.host, r.run.id);
  if (runs === 0) return [];
  const pts = historyMoments(history, h, r);
  if (pts.length < 2) return [];
  const caption = `${plural(runs, 'earlier run')} and this one, over ${spanText(pts[pts.length - 1].at - pts[0].at)} (UTC)`;
  return hostCharts(key, ' · history', pts.map((p) => ({ t: p.at, goroutines: p.goroutines, threads: p.threads, sockets: p.sockets })), 'absolute', caption);
}

/** Least squares over the points: [slope per ms, value at t]. */
export function fitLine(points: { t: number; v: number }[]): { slope: number; at: (t: number) => number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  if (den === 0) return null;
  const slope = num / den;
  return { slope, at: (t) => mv + slope * (t - mt) };
}

function rateText(perMs: number, spanMs: number): string {
  const perHour = perMs * 3_600_000;
  const sign = perHour > 0 ? '+' : '';
  if (spanMs >= 2 * 86_400_000) return `${sign}${Math.round(perHour * 24).toLocaleString('en-US')}/day`;
  if (spanMs >= 2 * 3_600_000) return `${sign}${Math.round(perHour).toLocaleString('en-US')}/h`;
  return `${sign}${(Math.round(perHour / 6) / 10).toLocaleString('en-US')}/min`;
}

interface SiteOnHost {
  host: HostReport;
  counts: number[];
  growthPerMinute: number;
  verdict: string;
}

/** The hosts where the site has goroutines in this run, largest first. */
function siteHosts(r: Report, s: Suspect): SiteOnHost[] {
  const out: SiteOnHost[] = [];
  for (const h of r.hosts) {
    const g = h.groups.find((x) => x.id === s.id && x.count > 0);
    if (g) out.push({ host: h, counts: g.counts ?? [g.count], growthPerMinute: g.growthPerMinute, verdict: g.verdict });
  }
  return out.sort((a, b) => (b.counts.at(-1) ?? 0) - (a.counts.at(-1) ?? 0));
}

/** The site's goroutines over this run's samples, per host, with each host's slope. */
export function siteRunFigure(r: Report, s: Suspect, key: string, what = ' · this run'): Figure | null {
  const on = siteHosts(r, s).slice(0, MAX_SITE_HOSTS);
  const series: Series[] = [];
  const trends: Trend[] = [];
  let assumedAny = false;
  on.forEach((o, i) => {
    const color = HOST_COLORS[i % HOST_COLORS.length];
    const real = countTimes(o.host, o.counts.length);
    const assumed = real.some((t) => t === null);
    assumedAny ||= assumed;
    const times = assumed ? o.counts.map((_, k) => k * r.run.intervalSeconds * 1000) : (real as number[]);
    const t0 = times[0];
    const points: Point[] = o.counts.map((c, k) => ({ t: times[k] - t0, v: c }));
    series.push({ name: o.host.host, color, points });
    const last = points[points.length - 1];
    if (o.growthPerMinute !== 0 && points.length >= 2 && trends.length < MAX_TRENDS && last.v !== null) {
      const span = last.t - points[0].t;
      trends.push({ color, from: { t: points[0].t, v: Math.max(0, last.v - (o.growthPerMinute * span) / 60_000) }, to: { t: last.t, v: last.v }, label: perMinute(o.growthPerMinute) });
    }
  });
  if (series.length === 0 || series.every((x) => x.points.length < 2)) return null;
  const more = siteHosts(r, s).length - on.length;
  const caption = [
    `goroutines at the site per sample${assumedAny ? ` (times assumed ${r.run.intervalSeconds} s apart)` : ''}`,
    trends.length > 0 ? 'dashed: the slope the verdict measured' : '',
    more > 0 ? `${more} more ${more === 1 ? 'host' : 'hosts'} not drawn` : '',
  ].filter(Boolean).join('; ');
  return { svg: lineChart({ key: `${key}-run`, title: `At this site${what}`, time: 'relative', origin: 0, series, trends }), legend: series.map((x) => ({ name: x.name, color: x.color })), caption };
}

/** The site's goroutines across earlier runs and this one, per host, with a fitted trend. */
export function siteHistoryFigure(r: Report, s: Suspect, history: History | undefined, key: string): Figure | null {
  if (!history) return null;
  const on = siteHosts(r, s).slice(0, MAX_SITE_HOSTS);
  const series: Series[] = [];
  const trends: Trend[] = [];
  let earliest = Infinity;
  let latest = -Infinity;
  let runs = 0;
  on.forEach((o, i) => {
    const earlier = (history.hosts.get(o.host.host)?.sites.get(s.id) ?? []).filter((p) => p.runId !== r.run.id);
    if (earlier.length === 0) return;
    runs = Math.max(runs, new Set(earlier.map((p) => p.runId)).size);
    const times = countTimes(o.host, o.counts.length);
    const now = o.counts.map((c, k) => ({ t: times[k], v: c })).filter((p): p is { t: number; v: number } => p.t !== null);
    const pts = [...earlier.map((p) => ({ t: p.at, v: p.count })), ...now].sort((a, b) => a.t - b.t);
    const color = HOST_COLORS[i % HOST_COLORS.length];
    series.push({ name: o.host.host, color, points: pts });
    earliest = Math.min(earliest, pts[0].t);
    latest = Math.max(latest, pts[pts.length - 1].t);
    const fit = fitLine(pts);
    if (fit && trends.length < MAX_TRENDS && fit.slope !== 0) {
      const a = pts[0].t;
      const b = pts[pts.length - 1].t;
      trends.push({ color, from: { t: a, v: Math.max(0, fit.at(a)) }, to: { t: b, v: Math.max(0, fit.at(b)) }, label: `${rateText(fit.slope, b - a)} trend` });
    }
  });
  if (series.length === 0) return null;
  const caption = `goroutines at the site in ${plural(runs, 'earlier run')} and this one, over ${spanText(latest - earliest)} (UTC); dashed: least-squares trend`;
  return { svg: lineChart({ key: `${key}-hist`, title: 'At this site · history', time: 'absolute', series, trends }), legend: series.map((x) => ({ name: x.name, color: x.color })), caption };
}
