// What earlier runs and a watch series say about the hosts of a report, as time series the
// charts draw: per host its goroutines, threads and sockets by state at each moment known, and
// per site (group id) its goroutines. Pure: the caller reads the files (diff/history.ts) and
// hands in their reports and CSV text.
import type { HostReport, Report } from './types.js';

export interface HostPoint {
  /** ms since the epoch. */
  at: number;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  runId: string;
}

export interface SitePoint {
  at: number;
  count: number;
  runId: string;
}

export interface HostHistory {
  points: HostPoint[];
  /** group id → its goroutines over time (only from reports: a watch CSV has no sites). */
  sites: Map<string, SitePoint[]>;
}

export interface History {
  /** host name → what is known of it, oldest first. */
  hosts: Map<string, HostHistory>;
  /** Ids of the runs the points come from (reports and CSV rows), in the order they were added. */
  runs: string[];
}

export function emptyHistory(): History {
  return { hosts: new Map(), runs: [] };
}

function hostHistory(h: History, host: string): HostHistory {
  let hh = h.hosts.get(host);
  if (!hh) {
    hh = { points: [], sites: new Map() };
    h.hosts.set(host, hh);
  }
  return hh;
}

/**
 * When each entry of a group's `counts` was taken: counts are per analyzed sample, and a sample
 * whose profile could not be read has none; those are the samples without a goroutine total.
 * With as many counts as samples, they pair one to one.
 */
export function countTimes(h: HostReport, counts: number): (number | null)[] {
  const times = h.samples.map((s) => (s.takenAt ? Date.parse(s.takenAt) : NaN));
  if (counts === h.samples.length) return times.map((t) => (Number.isFinite(t) ? t : null));
  const read = h.samples.map((s, i) => ({ s, t: times[i] })).filter(({ s }) => s.goroutines !== null);
  const picked = read.slice(-counts).map(({ t }) => (Number.isFinite(t) ? t : null));
  return [...new Array<null>(Math.max(0, counts - picked.length)).fill(null), ...picked];
}

/** Adds one report's samples (its hosts' totals, and each group's counts) to the history. */
export function addReport(h: History, r: Report): void {
  if (!h.runs.includes(r.run.id)) h.runs.push(r.run.id);
  for (const host of r.hosts) {
    const hh = hostHistory(h, host.host);
    for (const s of host.samples) {
      const at = s.takenAt ? Date.parse(s.takenAt) : NaN;
      if (!Number.isFinite(at)) continue;
      hh.points.push({ at, goroutines: s.goroutines, threads: s.threads ?? null, sockets: s.sockets ?? null, runId: r.run.id });
    }
    for (const g of host.groups) {
      const counts = g.counts ?? [g.count];
      const times = countTimes(host, counts.length);
      let pts = hh.sites.get(g.id);
      if (!pts) {
        pts = [];
        hh.sites.set(g.id, pts);
      }
      counts.forEach((c, i) => {
        const at = times[i];
        if (at !== null) pts.push({ at, count: c, runId: r.run.id });
      });
    }
  }
  sortAll(h);
}

function sortAll(h: History): void {
  for (const hh of h.hosts.values()) {
    hh.points.sort((a, b) => a.at - b.at);
    for (const pts of hh.sites.values()) pts.sort((a, b) => a.at - b.at);
  }
}

/** One row of `watch --csv`. */
export interface WatchRow {
  at: number;
  host: string;
  ok: boolean;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  runId: string;
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * A `watch --csv` series: the header names the columns (timestamp, host, status, goroutines,
 * threads, one per socket state in capitals, run_id…). Rows that do not parse are counted, not fatal.
 */
export function parseWatchCsv(text: string): { rows: WatchRow[]; skipped: number; error: string | null } {
  const records = csvRecords(text);
  const header = records[0] ?? [];
  const col = (name: string) => header.indexOf(name);
  const need = ['timestamp', 'host', 'status', 'goroutines'];
  const missing = need.filter((c) => col(c) < 0);
  if (records.length === 0 || missing.length > 0) {
    return { rows: [], skipped: 0, error: `not a watch --csv series (no ${missing.join(', ') || 'header'} column)` };
  }
  const socketCols = header.map((name, i) => ({ name, i })).filter(({ name }) => /^[A-Z][A-Z0-9_]*$/.test(name));
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' || !/^\d+$/.test(s.trim()) ? null : Number(s));
  const rows: WatchRow[] = [];
  let skipped = 0;
  for (const rec of records.slice(1)) {
    const at = Date.parse(rec[col('timestamp')] ?? '');
    const host = rec[col('host')] ?? '';
    if (!Number.isFinite(at) || host === '') {
      skipped++;
      continue;
    }
    const ok = rec[col('status')] === 'ok';
    let sockets: Record<string, number> | null = null;
    if (ok && socketCols.length > 0) {
      sockets = {};
      for (const { name, i } of socketCols) {
        const v = num(rec[i]);
        if (v !== null && v > 0) sockets[name] = v;
      }
    }
    rows.push({
      at, host, ok,
      goroutines: ok ? num(rec[col('goroutines')]) : null,
      threads: ok && col('threads') >= 0 ? num(rec[col('threads')]) : null,
      sockets,
      runId: col('run_id') >= 0 ? rec[col('run_id')] ?? '' : '',
    });
  }
  return { rows, skipped, error: null };
}

/**
 * Adds a watch series for the hosts asked about. A row of a run the history already holds from
 * its report is left out (the report has the same moment, with sites); a failed row is a gap.
 */
export function addWatchRows(h: History, rows: WatchRow[], hosts: ReadonlySet<string>): number {
  const known = new Set(h.runs);
  let added = 0;
  for (const row of rows) {
    if (!hosts.has(row.host) || (row.runId && known.has(row.runId))) continue;
    hostHistory(h, row.host).points.push({ at: row.at, goroutines: row.goroutines, threads: row.threads, sockets: row.sockets, runId: row.runId || `csv@${row.at}` });
    added++;
  }
  for (const row of rows) if (row.runId && !known.has(row.runId) && hosts.has(row.host)) {
    known.add(row.runId);
    h.runs.push(row.runId);
  }
  sortAll(h);
  return added;
}

/** Distinct runs that tell something about `host` (other than `exceptRun`). */
export function runsOf(h: History | undefined, host: string, exceptRun: string): number {
  const pts = h?.hosts.get(host)?.points ?? [];
  return new Set(pts.map((p) => p.runId).filter((id) => id !== exceptRun)).size;
}
