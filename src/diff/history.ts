// Reads what earlier runs and a watch series know about a report's hosts, for the report's
// charts over hours and days: the report.json of earlier runs under a runs root (the run's own
// parent by default: `runs/`, or a watch snapshots folder) and `watch --csv` series. Bounded: at
// most `maxRuns` earlier reports (the newest), none older than the horizon. A broken or foreign
// report is skipped with a note, never fatal.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { addReport, addWatchRows, emptyHistory, parseWatchCsv, type History } from '../report/history.js';
import type { Report, RunInfo } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { completeReport } from '../report/complete.js';

export interface HistoryOptions {
  /** Folder whose subfolders hold earlier runs' report.json; null reads none. */
  root: string | null;
  /** `watch --csv` files. */
  csv: string[];
  /** Earlier reports read at most (the newest first; default 50). */
  maxRuns?: number;
  /** Nothing older than this before the run is read (default 30 days). */
  horizonMs?: number;
  /** A CSV larger than this is read from its end (default 64 MB). */
  csvBytes?: number;
}

export interface LoadedHistory {
  history: History;
  /** What was read and what was skipped, one line each (for stderr). */
  notes: string[];
  /** Earlier reports read. */
  runs: number;
  /** Watch rows read. */
  rows: number;
}

const DAY = 86_400_000;

async function realpathOr(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p));
}

/** Report files under `root`, newest first, written within the horizon. */
async function candidates(root: string, notBefore: number, currentFile: string): Promise<{ file: string; mtime: number }[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (err) {
    throw new UserError(`--history ${root}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const self = await realpathOr(currentFile);
  const out: { file: string; mtime: number }[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const file = path.join(root, e.name, 'report.json');
    const st = await fs.stat(file).catch(() => null);
    if (!st || !st.isFile() || st.mtimeMs < notBefore) continue;
    if ((await realpathOr(file)) === self) continue;
    out.push({ file, mtime: st.mtimeMs });
  }
  return out.sort((a, b) => b.mtime - a.mtime);
}

async function readReport(file: string): Promise<{ report: Report } | { skip: string }> {
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    return { skip: err instanceof SyntaxError ? 'not valid JSON' : `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const problems = await validateReport(data);
  return problems.length > 0 ? { skip: `not a fleet-diag report (${problems[0]})` } : { report: completeReport(data as Report) };
}

/** The CSV's text; a large file is read from its end (its header line kept). */
async function readCsv(file: string, limit: number): Promise<{ text: string; cut: boolean }> {
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    throw new UserError(`--watch-csv ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const { size } = await handle.stat();
    if (size <= limit) return { text: (await handle.readFile()).toString('utf8'), cut: false };
    const head = Buffer.alloc(Math.min(size, 4096));
    await handle.read(head, 0, head.length, 0);
    const header = head.toString('utf8').split('\n')[0];
    const tail = Buffer.alloc(limit);
    await handle.read(tail, 0, limit, size - limit);
    const text = tail.toString('utf8');
    return { text: `${header}\n${text.slice(text.indexOf('\n') + 1)}`, cut: true };
  } finally {
    await handle.close();
  }
}

/** What history is read for: a run (its id and times) and the hosts it covers. A finished report
 *  is one; `run` passes one before its report exists, to judge its sites on earlier runs. */
export interface HistoryScope {
  run: Pick<RunInfo, 'id' | 'startedAt' | 'finishedAt'>;
  hosts: readonly { host: string }[];
}

export async function loadHistory(current: HistoryScope, currentFile: string, o: HistoryOptions): Promise<LoadedHistory> {
  const history = emptyHistory();
  const notes: string[] = [];
  const hosts = new Set(current.hosts.map((h) => h.host));
  const start = Date.parse(current.run.startedAt);
  const end = Date.parse(current.run.finishedAt);
  const notBefore = (Number.isFinite(start) ? start : Date.now()) - (o.horizonMs ?? 30 * DAY);
  const maxRuns = o.maxRuns ?? 50;
  let runs = 0;
  if (o.root !== null) {
    const found = await candidates(o.root, notBefore, currentFile);
    let older = 0;
    for (const c of found) {
      if (runs >= maxRuns) {
        older++;
        continue;
      }
      const got = await readReport(c.file);
      if ('skip' in got) {
        notes.push(`history: skipped ${c.file}: ${got.skip}`);
        continue;
      }
      const r = got.report;
      const at = Date.parse(r.run.startedAt);
      if (r.run.id === current.run.id || !(at < start) || at < notBefore) continue; // not earlier, or too old
      if (!r.hosts.some((h) => hosts.has(h.host))) continue; // another fleet
      addReport(history, r);
      runs++;
    }
    if (older > 0) notes.push(`history: read the newest ${maxRuns} earlier runs; ${older} older ones were left out`);
  }
  let rows = 0;
  for (const file of o.csv) {
    const { text, cut } = await readCsv(file, o.csvBytes ?? 64 * 1024 * 1024);
    const parsed = parseWatchCsv(text);
    if (parsed.error) throw new UserError(`--watch-csv ${file}: ${parsed.error}`);
    const limitEnd = Number.isFinite(end) ? end : Infinity;
    const inSpan = parsed.rows.filter((row) => row.at >= notBefore && row.at <= limitEnd);
    rows += addWatchRows(history, inSpan, hosts);
    if (parsed.skipped > 0) notes.push(`history: ${file}: ${parsed.skipped} rows without a time or host skipped`);
    if (cut) notes.push(`history: ${file} is large; only its last ${Math.round((o.csvBytes ?? 64 * 1024 * 1024) / 1048576)} MB were read`);
  }
  if (runs + rows > 0) {
    const parts = [runs > 0 ? `${runs} earlier run${runs === 1 ? '' : 's'}${o.root ? ` under ${o.root}` : ''}` : '', rows > 0 ? `${rows} watch row${rows === 1 ? '' : 's'}` : ''].filter(Boolean);
    notes.unshift(`history: ${parts.join(' and ')}`);
  }
  return { history, notes, runs, rows };
}
