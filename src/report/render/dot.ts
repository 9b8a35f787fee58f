// report.json as a Graphviz graph of the fleet's suspect sites:
//   host ──count──► site (function, location, goroutines, class; coloured by verdict)
//        ──► calling frames, outward ──► "created by" frame
// Frames and creators are shared nodes, so sites started from the same place meet there.
// Render with `dot -Tsvg report.dot > report.svg`.
import { createHash } from 'node:crypto';
import type { Group, GoroutineClass, Suspect, Verdict } from '../../analysis/types.js';
import type { Report } from '../types.js';
import type { RenderContext } from './context.js';
import { clip, dot, dotLabel } from './escape.js';
import { isFlagged, n, plural } from './facts.js';

export interface DotOptions {
  /** Calling frames drawn per site, at most (default 8); the rest are counted on one node. */
  frames?: number;
  /** Sites drawn, at most (default 40), largest first. */
  sites?: number;
}

const FILL: Record<Verdict, string> = { leaking: '#f8b4b4', suspect: '#fde68a', unknown: '#e5e7eb', healthy: '#bbf7d0' };
const LINE: Record<Verdict, string> = { leaking: '#b91c1c', suspect: '#b45309', unknown: '#6b7280', healthy: '#15803d' };
const LABEL_MAX = 90;

interface Site {
  id: string;
  function: string;
  location: string;
  class: GoroutineClass;
  verdict: Verdict;
  goroutines: number;
  /** A group that stands for the site (frames, creator). */
  group: Group | null;
  /** host → goroutines at this site there. */
  hosts: Map<string, number>;
}

function nodeId(kind: string, key: string): string {
  return `"${kind}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}"`;
}

/** The fleet's flagged sites: the ranked suspects, plus any flagged group the ranking left out. */
function collectSites(r: Report): Site[] {
  const sites = new Map<string, Site>();
  const fromSuspect = (s: Suspect): Site => ({
    id: s.id, function: s.function, location: s.location, class: s.class, verdict: s.verdict, goroutines: s.goroutines, group: null, hosts: new Map(),
  });
  for (const s of r.suspects) sites.set(s.id, fromSuspect(s));
  const ranked = new Set(sites.keys());
  for (const h of r.hosts) {
    if (h.status !== 'ok') continue;
    for (const g of h.groups) {
      if (!isFlagged(g.verdict) || g.count <= 0) continue; // a group gone by the last sample is folded away
      let site = sites.get(g.id);
      if (!site) {
        site = { id: g.id, function: g.function, location: g.location, class: g.class, verdict: g.verdict, goroutines: 0, group: g, hosts: new Map() };
        sites.set(g.id, site);
      }
      if (!site.group || g.frames.length > site.group.frames.length) site.group = g;
      site.hosts.set(h.host, (site.hosts.get(h.host) ?? 0) + g.count);
      if (!ranked.has(g.id)) site.goroutines += g.count;
    }
  }
  return [...sites.values()].sort((a, b) => b.goroutines - a.goroutines || (a.id < b.id ? -1 : 1));
}

/**
 * The frames from the site outward to the goroutine's entry function (frames are innermost
 * first; the site is the first frame in application code, at `location`).
 */
function callers(g: Group): string[] {
  const at = g.frames.findIndex((f) => f.endsWith(` ${g.location}`) || f.endsWith(g.location));
  return at < 0 ? g.frames.slice(1) : g.frames.slice(at + 1);
}

/** The innermost frame's function when the goroutine is parked below the site (runtime, library). */
function blockedFrame(g: Group): string | null {
  const first = g.frames[0];
  if (!first || first.endsWith(g.location)) return null;
  const i = first.lastIndexOf(' ');
  return i > 0 ? first.slice(0, i) : first;
}

/** "pkg.fn file.go:12" → ["pkg.fn", "file.go:12"] for a two-line label. */
function frameLines(frame: string): string[] {
  const i = frame.lastIndexOf(' ');
  return i <= 0 ? [clip(frame, LABEL_MAX)] : [clip(frame.slice(0, i), LABEL_MAX), clip(frame.slice(i + 1), LABEL_MAX)];
}

/** The whole fleet as a DOT digraph. */
export function renderDot(r: Report, opts: DotOptions = {}, ctx: RenderContext = {}): string {
  const maxFrames = opts.frames ?? 8;
  const all = collectSites(r);
  const sites = all.slice(0, opts.sites ?? 40);
  const out: string[] = [];
  const declared = new Set<string>();
  const edges = new Set<string>();
  const node = (id: string, attrs: string) => {
    if (declared.has(id)) return;
    declared.add(id);
    out.push(`  ${id} [${attrs}];`);
  };
  const edge = (from: string, to: string, attrs = '') => {
    const line = `  ${from} -> ${to}${attrs ? ` [${attrs}]` : ''};`;
    if (edges.has(line)) return;
    edges.add(line);
    out.push(line);
  };

  const collected = r.hosts.filter((h) => h.status === 'ok').length;
  const healthy = r.hosts.filter((h) => h.status === 'ok' && !isFlagged(h.verdict)).length;
  const title = [
    ctx.dumps
      ? `fleet-diag analysis of ${clip(ctx.dumps.map((d) => d.file).join(', '), LABEL_MAX)}`
      : `fleet-diag ${r.run.id}: ${r.run.status}, ${collected}/${r.run.hostsTargeted} hosts collected`,
    `${plural(all.length, 'suspect site')}${all.length > sites.length ? ` (largest ${sites.length} drawn)` : ''}; not drawn: ${healthy} healthy, ${r.hosts.length - collected} not collected`,
  ];
  out.push('digraph fleet {');
  out.push('  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, nodesep=0.3, ranksep=0.6, label=' + dotLabel(title) + '];');
  out.push('  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff"];');
  out.push('  edge [fontname="Helvetica", fontsize=9, color="#6b7280"];');

  const hostNode = (name: string): string => {
    const h = r.hosts.find((x) => x.host === name);
    const verdict = h?.verdict ?? 'unknown';
    const hid = nodeId('host', name);
    const total = h?.goroutines == null ? 'goroutines unknown' : plural(h.goroutines, 'goroutine');
    node(hid, `label=${dotLabel([clip(name, LABEL_MAX), total])}, shape=box3d, style=filled, fillcolor="${FILL[verdict]}", color="${LINE[verdict]}"`);
    return hid;
  };
  // Hosts flagged on their totals alone (no flagged site) still appear, unlinked.
  for (const h of r.hosts) if (h.status === 'ok' && isFlagged(h.verdict) && !sites.some((s) => s.hosts.has(h.host))) hostNode(h.host);

  if (sites.length === 0) {
    node('"none"', `label=${dotLabel([collected > 0 ? 'no suspect sites' : 'no host collected'])}, shape=note, fillcolor="#f3f4f6"`);
  }

  for (const site of sites) {
    const id = nodeId('site', site.id);
    const label = [clip(site.function, LABEL_MAX), clip(site.location, LABEL_MAX), `${plural(site.goroutines, 'goroutine')} · ${site.class}`];
    const blockedIn = site.group ? blockedFrame(site.group) : null;
    if (blockedIn) label.push(`blocked in ${clip(blockedIn, LABEL_MAX - 11)}`);
    label.push(site.verdict.toUpperCase());
    node(id, `label=${dotLabel(label)}, fillcolor="${FILL[site.verdict]}", color="${LINE[site.verdict]}", penwidth=2, tooltip="${dot(site.id)}"`);

    for (const [host, count] of site.hosts) {
      const hid = hostNode(host);
      edge(hid, id, `label="${n(count)}", color="${LINE[site.verdict]}", penwidth=${Math.min(4, 1 + Math.log10(Math.max(1, count))).toFixed(1)}`);
    }

    const g = site.group;
    if (!g) continue;
    let prev = id;
    const chain = callers(g);
    for (const frame of chain.slice(0, maxFrames)) {
      const fid = nodeId('frame', frame);
      node(fid, `label=${dotLabel(frameLines(frame))}, style=filled, fillcolor="#f9fafb", color="#9ca3af"`);
      edge(prev, fid, 'arrowhead=none, style=solid');
      prev = fid;
    }
    if (chain.length > maxFrames) {
      const skipped = nodeId('skip', `${site.id}:${chain.length - maxFrames}`);
      node(skipped, `label=${dotLabel([`… ${plural(chain.length - maxFrames, 'more frame')}`])}, shape=plaintext, style=""`);
      edge(prev, skipped, 'arrowhead=none, style=dashed');
      prev = skipped;
    }
    if (g.createdBy) {
      const cid = nodeId('creator', g.createdBy);
      node(cid, `label=${dotLabel(['created by', ...frameLines(g.createdBy)])}, shape=component, style=filled, fillcolor="#dbeafe", color="#1d4ed8"`);
      edge(prev, cid, 'arrowhead=none, style=dashed, color="#1d4ed8"');
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
