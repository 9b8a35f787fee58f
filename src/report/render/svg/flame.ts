// A host's goroutine stacks as an icicle (a flame graph with the root on top, as
// `go tool pprof -http` draws it): one row per call depth, outermost frames first, widths =
// goroutines. Frames merge by function, as pprof's default granularity does. The site of a
// leaking or suspect group is filled in its verdict's colour and outlined; the frames it is
// blocked in below it are tinted. Each box has a hover title with the frame and its counts.
import type { Group, Verdict } from '../../../analysis/types.js';
import { html, htmlLines } from '../escape.js';
import { hash } from './chart.js';

export interface FlameNode {
  name: string;
  value: number;
  /** file:line → goroutines seen there. */
  locations: Map<string, number>;
  children: Map<string, FlameNode>;
  /** The worst verdict of a flagged group whose site this frame is. */
  site: Verdict | null;
  /** The worst verdict of a flagged group parked in this frame below its site. */
  below: Verdict | null;
  /** Evidence of the flagged groups at this site, for the hover title. */
  notes: string[];
}

const RANK: Record<Verdict, number> = { leaking: 3, suspect: 2, unknown: 1, healthy: 0 };
const worse = (a: Verdict | null, b: Verdict): Verdict => (a && RANK[a] >= RANK[b] ? a : b);
const flagged = (v: Verdict) => v === 'leaking' || v === 'suspect';

/** "pkg.fn file.go:12" → ["pkg.fn", "file.go:12"]. */
export function splitFrame(frame: string): [string, string] {
  const i = frame.lastIndexOf(' ');
  return i <= 0 ? [frame, ''] : [frame.slice(0, i), frame.slice(i + 1)];
}

function node(name: string): FlameNode {
  return { name, value: 0, locations: new Map(), children: new Map(), site: null, below: null, notes: [] };
}

/** Index of the group's site in its frames (innermost first), or 0 when no frame is at `location`. */
function siteIndex(g: Group): number {
  const at = g.frames.findIndex((f) => f.endsWith(` ${g.location}`) || f.endsWith(g.location));
  return at < 0 ? 0 : at;
}

/** The stacks of groups with goroutines, merged from the outermost frame in. */
export function flameTree(groups: readonly Group[]): FlameNode {
  const root = node('all goroutines');
  for (const g of groups) {
    if (g.count <= 0) continue;
    root.value += g.count;
    const frames = g.frames.length > 0 ? g.frames : [`${g.function} ${g.location}`];
    const site = siteIndex(g);
    let at = root;
    for (let i = frames.length - 1; i >= 0; i--) {
      const [fn, loc] = splitFrame(frames[i]);
      let child = at.children.get(fn);
      if (!child) {
        child = node(fn);
        at.children.set(fn, child);
      }
      child.value += g.count;
      if (loc) child.locations.set(loc, (child.locations.get(loc) ?? 0) + g.count);
      if (flagged(g.verdict)) {
        if (i === site) {
          child.site = worse(child.site, g.verdict);
          child.notes.push(`${g.verdict.toUpperCase()} site ${g.location}: ${g.count} ${g.class}${g.growthPerMinute ? `, ${g.growthPerMinute > 0 ? '+' : ''}${Math.round(g.growthPerMinute * 10) / 10}/min` : ''}`);
        } else if (i < site) child.below = worse(child.below, g.verdict);
      }
      at = child;
    }
  }
  return root;
}

/** Rows needed for the boxes at least `minValue` wide (thinner ones are not drawn). */
function depthOf(n: FlameNode, minValue: number): number {
  let d = 0;
  for (const c of n.children.values()) if (c.value >= minValue) d = Math.max(d, depthOf(c, minValue));
  return d + 1;
}

const PALETTE_HUES = [200, 215, 230, 250, 270, 185, 160, 140];

/** A quiet colour per package (cool hues: red and amber are the verdicts'). */
function packageColor(fn: string): string {
  if (fn.startsWith('runtime.') || fn.startsWith('runtime/')) return '#e5e7eb';
  const pkg = fn.replace(/\.[^./]*(\(.*)?$/, '').replace(/\.\(.*$/, '');
  const hue = PALETTE_HUES[(hash(pkg) >>> 0) % PALETTE_HUES.length];
  return `hsl(${hue} 45% 86%)`;
}

const SITE_FILL: Record<string, string> = { leaking: '#f87171', suspect: '#fbbf24' };
const SITE_LINE: Record<string, string> = { leaking: '#7f1d1d', suspect: '#78350f' };
const BELOW_FILL: Record<string, string> = { leaking: '#fecaca', suspect: '#fde68a' };

export interface FlameOptions {
  /** Unique in the page. */
  key: string;
  title: string;
  width?: number;
  row?: number;
  /** Rows drawn at most; deeper frames are not drawn (their goroutines are in the boxes above). */
  maxDepth?: number;
}

const CHAR = 6.6; // px per character of 11px monospace
/** Boxes narrower than this (in the SVG's units) are not drawn, as pprof leaves them out. */
const MIN_BOX = 0.5;

/** Shortens "github.com/acme/pay/internal/queue.(*Q).Pop" to what fits in `chars`. */
export function fitLabel(fn: string, chars: number): string {
  if (chars < 3) return '';
  if (fn.length <= chars) return fn;
  const short = fn.replace(/^.*\//, '');
  if (short.length <= chars) return short;
  return `${short.slice(0, Math.max(1, chars - 1))}…`;
}

function boxTitle(n: FlameNode, total: number, isRoot: boolean): string[] {
  const pct = total > 0 ? ` (${((n.value / total) * 100).toFixed(n.value / total < 0.1 ? 1 : 0)}%)` : '';
  const lines = [n.name, `${n.value.toLocaleString('en-US')} goroutine${n.value === 1 ? '' : 's'}${pct}`];
  const locs = [...n.locations].sort((a, b) => b[1] - a[1]);
  for (const [loc, c] of locs.slice(0, 4)) lines.push(`${loc}: ${c.toLocaleString('en-US')}`);
  if (locs.length > 4) lines.push(`… ${locs.length - 4} more lines`);
  lines.push(...n.notes.slice(0, 4));
  if (n.below && !n.site) lines.push(`below a ${n.below} site`);
  return lines;
}

/** The icicle as one SVG; empty string when there is nothing to draw. */
export function renderFlame(root: FlameNode, o: FlameOptions): string {
  if (root.value <= 0) return '';
  const W = o.width ?? 1000;
  const R = o.row ?? 18;
  const maxDepth = o.maxDepth ?? 60;
  const minValue = (MIN_BOX / W) * root.value;
  const depth = Math.min(depthOf(root, minValue), maxDepth);
  const H = depth * R + 2;
  const out: string[] = [];
  const total = root.value;
  const draw = (n: FlameNode, x: number, w: number, d: number): void => {
    if (w < MIN_BOX || d >= depth) return;
    const isRoot = d === 0;
    const fill = isRoot ? '#d1d5db' : n.site ? SITE_FILL[n.site] : n.below ? BELOW_FILL[n.below] : packageColor(n.name);
    const cls = ['f', n.site ? `site-${n.site}` : '', n.below && !n.site ? `below-${n.below}` : ''].filter(Boolean).join(' ');
    const stroke = n.site ? ` stroke="${SITE_LINE[n.site]}" stroke-width="1.5"` : '';
    const label = fitLabel(isRoot ? `${n.name}: ${n.value.toLocaleString('en-US')}` : n.name, Math.floor((w - 6) / CHAR));
    out.push(`<g class="${cls}"><title>${htmlLines(boxTitle(n, total, isRoot))}</title><rect x="${r1(x)}" y="${d * R}" width="${r1(Math.max(0.5, w - 0.6))}" height="${R - 1}" fill="${fill}"${stroke}/>${label ? `<text x="${r1(x + 3)}" y="${d * R + R - 5}">${html(label)}</text>` : ''}</g>`);
    let cx = x;
    const kids = [...n.children.values()].sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : 1));
    for (const c of kids) {
      const cw = (c.value / n.value) * w;
      draw(c, cx, cw, d + 1);
      cx += cw;
    }
  };
  draw(root, 0, W, 0);
  const id = `flame-${(hash(o.key) >>> 0).toString(36)}`;
  return `<svg class="flame" id="${id}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${html(o.title)}">${out.join('')}</svg>`;
}

function r1(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}
