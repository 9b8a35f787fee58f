// A line chart as an inline SVG string: count axis from zero, a time axis (seconds into a run,
// or UTC clock times over hours and days), one polyline per series (broken where a value is
// missing), a dot with a hover title per point when there are few, dashed trend lines with
// their label. Every text goes through html(), so host names and frames stay text.
import { html } from '../escape.js';
import { countAxis, linear, timeTicks } from './scale.js';

export interface Point {
  /** ms since the epoch (or since the first sample, for dumps without times). */
  t: number;
  /** null: nothing known at this moment (the line breaks there). */
  v: number | null;
}

export interface Series {
  name: string;
  color: string;
  points: Point[];
}

/** A straight line from one point to another: a leak's slope, a trend across runs. */
export interface Trend {
  color: string;
  from: { t: number; v: number };
  to: { t: number; v: number };
  label: string;
}

export interface ChartSpec {
  title: string;
  series: Series[];
  trends?: Trend[];
  /** relative: "0 s … 12 s" from `origin`; absolute: UTC times. */
  time: 'relative' | 'absolute';
  origin?: number;
  width?: number;
  height?: number;
  /** Dots with hover titles are drawn up to this many points per series (default 80). */
  maxDots?: number;
  /** Unique in the page (element ids are made from it). */
  key: string;
}

const M = { left: 46, right: 14, top: 24, bottom: 24 };
const fmt = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const px = (v: number) => (Math.round(v * 10) / 10).toString();

/** "M x y L x y …" for runs of known values; a null value starts a new run. */
export function pathOf(points: Point[], x: (t: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${px(x(p.t))} ${px(y(p.v))}`);
    pen = true;
  }
  return parts.join(' ');
}

/** Where the chart's values are: [min t, max t, max v]; trends widen it. */
function extent(spec: ChartSpec): { t0: number; t1: number; vmin: number; vmax: number } {
  let t0 = Infinity;
  let t1 = -Infinity;
  let vmin = Infinity;
  let vmax = 0;
  for (const s of spec.series) {
    for (const p of s.points) {
      t0 = Math.min(t0, p.t);
      t1 = Math.max(t1, p.t);
      if (p.v !== null && Number.isFinite(p.v)) {
        vmax = Math.max(vmax, p.v);
        vmin = Math.min(vmin, p.v);
      }
    }
  }
  if (!Number.isFinite(vmin)) vmin = 0;
  if (!Number.isFinite(t0)) return { t0: 0, t1: 1, vmin, vmax };
  return { t0, t1, vmin, vmax };
}

/** A multi-series line chart. The series' names go in the hover titles; the legend is the caller's. */
export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 360;
  const H = spec.height ?? 180;
  const { t0, t1, vmin, vmax } = extent(spec);
  const { bottom, top, ticks: yTicks } = countAxis(vmin, vmax);
  const pad = t1 > t0 ? 0 : 1000; // one moment: give it a little width
  const x = linear(t0 - pad, t1 + pad, M.left, W - M.right);
  const y = linear(bottom, top, H - M.bottom, M.top);
  const origin = spec.origin ?? t0;
  const out: string[] = [];
  out.push(`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${html(spec.title)}">`);
  out.push(`<title>${html(spec.title)}</title>`);
  out.push(`<text class="chart-title" x="${M.left}" y="14">${html(spec.title)}</text>`);
  // y axis: grid lines and counts
  for (const v of yTicks) {
    const yy = px(y(v));
    out.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}"/>`);
    out.push(`<text class="tick" x="${M.left - 4}" y="${yy}" dy="3.5" text-anchor="end">${html(fmt(v))}</text>`);
  }
  // x axis: time ticks
  const xTicks = timeTicks(t0, t1, spec.time, W < 300 ? 3 : 4, origin);
  const base = px(y(bottom));
  out.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${base}" y2="${base}"/>`);
  xTicks.forEach((tk, i) => {
    const xx = x(tk.at);
    if (xx < M.left - 0.5 || xx > W - M.right + 0.5) return;
    const anchor = xTicks.length > 1 && i === xTicks.length - 1 && xx > W - M.right - 30 ? 'end' : 'middle';
    out.push(`<line class="axis" x1="${px(xx)}" x2="${px(xx)}" y1="${base}" y2="${px(y(bottom) + 4)}"/>`);
    out.push(`<text class="tick" x="${px(xx)}" y="${H - 8}" text-anchor="${anchor}">${html(tk.label)}</text>`);
  });
  // clip lines to the plot area (a trend may run past it)
  const clip = `clip-${(hash(spec.key) >>> 0).toString(36)}`;
  out.push(`<clipPath id="${clip}"><rect x="${M.left}" y="${M.top - 4}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom + 4}"/></clipPath>`);
  for (const tr of spec.trends ?? []) {
    out.push(`<g class="trend" clip-path="url(#${clip})"><line x1="${px(x(tr.from.t))}" y1="${px(y(tr.from.v))}" x2="${px(x(tr.to.t))}" y2="${px(y(tr.to.v))}" stroke="${tr.color}"><title>${html(tr.label)}</title></line></g>`);
    const lx = Math.min(W - M.right, Math.max(M.left, x(tr.to.t)));
    const ly = Math.min(H - M.bottom - 4, Math.max(M.top + 8, y(tr.to.v) + (tr.to.v >= tr.from.v ? -6 : 12)));
    out.push(`<text class="trend-label" x="${px(lx)}" y="${px(ly)}" text-anchor="end" fill="${tr.color}">${html(tr.label)}</text>`);
  }
  const maxDots = spec.maxDots ?? 80;
  for (const s of spec.series) {
    const d = pathOf(s.points, x, y);
    out.push(`<g class="series" data-series="${html(s.name)}">`);
    if (d) out.push(`<path d="${d}" stroke="${s.color}"/>`);
    const known = s.points.filter((p) => p.v !== null && Number.isFinite(p.v));
    if (known.length <= maxDots) {
      for (const p of known) {
        const when = spec.time === 'relative' ? `+${relative(p.t - origin)}` : new Date(p.t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
        out.push(`<circle cx="${px(x(p.t))}" cy="${px(y(p.v as number))}" r="2.6" fill="${s.color}"><title>${html(`${s.name}: ${fmt(p.v as number)} at ${when}`)}</title></circle>`);
      }
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('');
}

function relative(ms: number): string {
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${(s / 60).toFixed(1)} min`;
}

/** A small stable hash for element ids (clip paths must be unique in the page). */
export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}
