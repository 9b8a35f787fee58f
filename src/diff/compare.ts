// Run comparison: per host and fleet-wide, which stack groups (by stable id) are new, grew,
// shrank or went away between run A and run B. Pure functions over report values.
import type { Group } from '../analysis/types.js';
import type { HostReport, Report } from '../report/types.js';
import type { ChangeKind, Delta, GroupChange, GroupChanges, HostDiff, RunDiff } from './types.js';

/** The fields of a group the comparison reads (a Group fits). */
export type GroupLike = Pick<Group, 'id' | 'count' | 'location' | 'function' | 'class' | 'state'> & { verdict?: Group['verdict'] };

export function delta(before: number | null | undefined, after: number | null | undefined): Delta {
  const b = before ?? null;
  const a = after ?? null;
  return { before: b, after: a, delta: a === null || b === null ? null : a - b };
}

/** Groups keyed by id; a host should carry each id once, but equal ids are summed if not. */
function byId(groups: readonly GroupLike[]): Map<string, GroupLike> {
  const m = new Map<string, GroupLike>();
  for (const g of groups) {
    const had = m.get(g.id);
    m.set(g.id, had ? { ...had, count: had.count + g.count } : g);
  }
  return m;
}

function changeOf(id: string, a: GroupLike | undefined, b: GroupLike | undefined): GroupChange | null {
  const before = a?.count ?? 0;
  const after = b?.count ?? 0;
  const d = after - before;
  let kind: ChangeKind;
  if (!a || before === 0) {
    if (after === 0) return null;
    kind = 'new';
  } else if (!b || after === 0) kind = 'gone';
  else if (d > 0) kind = 'grown';
  else if (d < 0) kind = 'shrunk';
  else return null;
  const g = (b ?? a)!;
  return {
    id, kind, location: g.location, function: g.function, class: g.class, state: g.state,
    before, after, delta: d,
    ratio: before === 0 ? null : Math.round((after / before) * 1000) / 1000,
    verdictBefore: a?.verdict ?? null, verdictAfter: b?.verdict ?? null,
  };
}

/** Compares two lists of groups by id. */
export function diffGroups(before: readonly GroupLike[], after: readonly GroupLike[]): GroupChanges {
  const a = byId(before);
  const b = byId(after);
  const out: GroupChanges = { new: [], grown: [], shrunk: [], gone: [], unchanged: 0 };
  for (const id of new Set([...a.keys(), ...b.keys()])) {
    const c = changeOf(id, a.get(id), b.get(id));
    if (c) out[c.kind].push(c);
    else if ((a.get(id)?.count ?? 0) > 0) out.unchanged++;
  }
  out.new.sort((x, y) => y.after - x.after || x.id.localeCompare(y.id));
  out.grown.sort((x, y) => y.delta - x.delta || x.id.localeCompare(y.id));
  out.shrunk.sort((x, y) => x.delta - y.delta || x.id.localeCompare(y.id));
  out.gone.sort((x, y) => y.before - x.before || x.id.localeCompare(y.id));
  return out;
}

function socketDeltas(a: Record<string, number> | null | undefined, b: Record<string, number> | null | undefined): Record<string, Delta> {
  const out: Record<string, Delta> = {};
  const states = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
  for (const s of states) out[s] = delta(a ? (a[s] ?? 0) : null, b ? (b[s] ?? 0) : null);
  return out;
}

function whyNotCompared(a: HostReport, b: HostReport): string | null {
  const parts: string[] = [];
  if (a.status !== 'ok') parts.push(`not collected in A (${a.status}${a.error ? `: ${a.error}` : ''})`);
  if (b.status !== 'ok') parts.push(`not collected in B (${b.status}${b.error ? `: ${b.error}` : ''})`);
  return parts.length > 0 ? parts.join('; ') : null;
}

const NONE: GroupChanges = Object.freeze({ new: [], grown: [], shrunk: [], gone: [], unchanged: 0 }) as GroupChanges;

/** One host in both runs, or in one of them (a: null → added, b: null → lost). */
export function diffHost(a: HostReport | null, b: HostReport | null): HostDiff {
  const h = (a ?? b)!;
  const presence = a && b ? 'both' : a ? 'lost' : 'added';
  const note = a && b ? whyNotCompared(a, b) : presence === 'added' ? 'only in B' : 'only in A';
  const compared = presence === 'both' && note === null;
  return {
    host: h.host,
    presence,
    compared,
    note,
    status: { before: a?.status ?? null, after: b?.status ?? null },
    verdict: { before: a?.verdict ?? null, after: b?.verdict ?? null },
    goroutines: delta(a?.goroutines, b?.goroutines),
    threads: delta(a?.threads, b?.threads),
    sockets: socketDeltas(a?.sockets, b?.sockets),
    groups: compared ? diffGroups(a!.groups, b!.groups) : { ...NONE, new: [], grown: [], shrunk: [], gone: [] },
  };
}

/** Sums groups by id over hosts, remembering which hosts carry each id. */
function fleetGroups(hosts: readonly HostReport[]): { groups: GroupLike[]; where: Map<string, Set<string>> } {
  const sum = new Map<string, GroupLike>();
  const where = new Map<string, Set<string>>();
  const rank = { unknown: 0, healthy: 0, suspect: 1, leaking: 2 } as const;
  for (const h of hosts) {
    for (const g of h.groups) {
      const had = sum.get(g.id);
      if (!had) sum.set(g.id, { id: g.id, count: g.count, location: g.location, function: g.function, class: g.class, state: g.state, verdict: g.verdict });
      else sum.set(g.id, { ...had, count: had.count + g.count, verdict: rank[g.verdict] > rank[had.verdict ?? 'healthy'] ? g.verdict : had.verdict });
      if (!where.has(g.id)) where.set(g.id, new Set());
      where.get(g.id)!.add(h.host);
    }
  }
  return { groups: [...sum.values()], where };
}

export function diffReports(a: Report, b: Report, sources: { a: string; b: string } = { a: '', b: '' }): RunDiff {
  const inA = new Map(a.hosts.map((h) => [h.host, h]));
  const inB = new Map(b.hosts.map((h) => [h.host, h]));
  const names = [...new Set([...inA.keys(), ...inB.keys()])].sort(naturalCompare);
  const hosts = names.map((n) => diffHost(inA.get(n) ?? null, inB.get(n) ?? null));
  const compared = hosts.filter((h) => h.compared).map((h) => h.host);

  const fa = fleetGroups(compared.map((n) => inA.get(n)!));
  const fb = fleetGroups(compared.map((n) => inB.get(n)!));
  const groups = diffGroups(fa.groups, fb.groups);
  for (const kind of ['new', 'grown', 'shrunk', 'gone'] as const) {
    for (const c of groups[kind]) c.hosts = [...new Set([...(fa.where.get(c.id) ?? []), ...(fb.where.get(c.id) ?? [])])].sort(naturalCompare);
  }
  const total = (r: Map<string, HostReport>) => compared.reduce((s, n) => s + (r.get(n)!.goroutines ?? 0), 0);

  return {
    a: { id: a.run.id, startedAt: a.run.startedAt, status: a.run.status, source: sources.a, hosts: a.hosts.length },
    b: { id: b.run.id, startedAt: b.run.startedAt, status: b.run.status, source: sources.b, hosts: b.hosts.length },
    hostsAdded: hosts.filter((h) => h.presence === 'added').map((h) => h.host),
    hostsLost: hosts.filter((h) => h.presence === 'lost').map((h) => h.host),
    hostsNotCompared: hosts.filter((h) => h.presence === 'both' && !h.compared).map((h) => ({ host: h.host, reason: h.note! })),
    hosts,
    fleet: { hosts: compared, goroutines: delta(total(inA), total(inB)), groups },
  };
}

/** h2 before h10. */
export function naturalCompare(x: string, y: string): number {
  return x.localeCompare(y, 'en', { numeric: true });
}
