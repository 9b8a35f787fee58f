// CSV time series, one row per host per run, appended: what the seed's shell collector wrote
// (timestamp,count or timestamp,error), widened to threads and socket states. A host that could
// not be read gets a row with status `error`, so the series stays continuous.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import type { Report } from '../report/types.js';

/** netstat's TCP state names, in a fixed order so every row has the same columns; anything else counts as OTHER. */
export const SOCKET_STATES = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'OTHER'] as const;

export const CSV_COLUMNS = ['timestamp', 'host', 'status', 'goroutines', 'threads', ...SOCKET_STATES, 'verdict', 'leaking_groups', 'run_id', 'error'];

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (it starts with `= + - @`, a tab
 * or a carriage return: OWASP's CSV injection rule) gets a leading single quote, so it is shown
 * as text; numbers (they come as numbers, a negative one too) stay numbers.
 */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface CsvRowInput {
  timestamp: string;
  host: string;
  ok: boolean;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  verdict: string;
  leakingGroups: number | null;
  runId: string;
  error: string | null;
}

export function csvRow(r: CsvRowInput): string {
  const sockets = SOCKET_STATES.map((s) => {
    if (!r.ok || !r.sockets) return '';
    if (s === 'OTHER') return Object.entries(r.sockets).filter(([k]) => !(SOCKET_STATES as readonly string[]).includes(k)).reduce((a, [, n]) => a + n, 0);
    return r.sockets[s] ?? 0;
  });
  const vals = [r.timestamp, r.host, r.ok ? 'ok' : 'error', r.ok ? r.goroutines : null, r.ok ? r.threads : null, ...sockets, r.verdict, r.ok ? r.leakingGroups : null, r.runId, r.error?.replace(/\s+/g, ' ').slice(0, 300) ?? null];
  return vals.map(cell).join(',');
}

/** Rows of one run; the timestamp is the run's end (when the numbers were last read). */
export function reportRows(report: Report): string[] {
  return report.hosts.map((h) => csvRow({
    timestamp: report.run.finishedAt, host: h.host, ok: h.status === 'ok', goroutines: h.goroutines, threads: h.threads, sockets: h.sockets,
    verdict: h.verdict, leakingGroups: h.groups.filter((g) => g.leaking).length, runId: report.run.id,
    error: h.status === 'ok' ? null : `${h.status}${h.error ? `: ${h.error}` : ''}`,
  }));
}

/** Rows for hosts known from earlier runs when a whole run failed. */
export function errorRows(hosts: readonly string[], timestamp: string, error: string): string[] {
  return hosts.map((host) => csvRow({ timestamp, host, ok: false, goroutines: null, threads: null, sockets: null, verdict: 'unknown', leakingGroups: null, runId: '', error }));
}

/** Appends rows, writing the header first in a new or empty file; refuses a file with other columns. */
export async function appendCsv(file: string, rows: readonly string[]): Promise<void> {
  const header = CSV_COLUMNS.join(',');
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const handle = await fs.open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size === 0) prefix = `${header}\n`;
    else {
      const buf = Buffer.alloc(Math.min(size, header.length + 1));
      await handle.read(buf, 0, buf.length, 0);
      const first = buf.toString('utf8').split('\n')[0];
      if (first !== header) {
        throw new UserError(`--csv ${file}: the file has other columns (${first.slice(0, 60)}…); give a new file`);
      }
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last.toString() !== '\n') prefix = '\n';
    }
    if (rows.length > 0 || prefix) await handle.appendFile(prefix + rows.map((r) => `${r}\n`).join(''));
  } finally {
    await handle.close();
  }
}
