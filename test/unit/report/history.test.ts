// History for the charts: earlier reports and watch rows as time series per host and per site.
import { describe, expect, it } from 'vitest';
import { addReport, addWatchRows, countTimes, csvRecords, emptyHistory, parseWatchCsv, runsOf } from '../../../src/report/history.js';
import { csvRow, CSV_COLUMNS } from '../../../src/watch/csv.js';
import { earlierReports, fleetReport, NOW } from './fleet-fixture.js';

describe('history from reports', () => {
  it('keeps each host’s samples and each site’s counts at their moments, oldest first', () => {
    const h = emptyHistory();
    const reports = earlierReports();
    for (const r of [...reports].reverse()) addReport(h, r); // order of reading does not matter
    const pay1 = h.hosts.get('pay-1.prod.acme.net');
    expect(pay1?.points).toHaveLength(6 * 3);
    const times = pay1?.points.map((p) => p.at) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(pay1?.points[0]).toMatchObject({ threads: 18, runId: reports[0].run.id });
    const leak = pay1?.sites.get('a1b2c3d4e5f6') ?? [];
    expect(leak).toHaveLength(18);
    expect(leak[leak.length - 1].count).toBeGreaterThan(leak[0].count);
    expect(h.runs).toHaveLength(6);
    expect(runsOf(h, 'pay-1.prod.acme.net', 'other')).toBe(6);
    expect(runsOf(h, 'pay-5.prod.acme.net', 'other')).toBe(0); // unreachable: no samples
  });

  it('pairs counts with the samples that were read when a sample failed', () => {
    const r = fleetReport(NOW);
    const host = r.hosts[0];
    host.samples[1].goroutines = null; // its profile could not be read: no count for it
    const t = host.samples.map((s) => Date.parse(s.takenAt as string));
    expect(countTimes(host, 2)).toEqual([t[0], t[2]]);
    expect(countTimes(host, 3)).toEqual(t);
  });
});

describe('watch --csv series', () => {
  const header = CSV_COLUMNS.join(',');
  const ok = csvRow({ timestamp: '2026-03-04T09:00:00.000Z', host: 'pay-1.prod.acme.net', ok: true, goroutines: 900, threads: 18, sockets: { ESTABLISHED: 40, CLOSE_WAIT: 7, WEIRD: 2 }, verdict: 'leaking', leakingGroups: 1, runId: 'w-1', error: null });
  const failed = csvRow({ timestamp: '2026-03-04T09:01:00.000Z', host: 'pay-1.prod.acme.net', ok: false, goroutines: null, threads: null, sockets: null, verdict: 'unknown', leakingGroups: null, runId: 'w-2', error: 'ssh: "quoted", with\ncomma' });
  const text = `${header}\n${ok}\n${failed}\nnot-a-time,pay-1\n`;

  it('reads the rows watch writes, quoted errors included; a failed row is a gap', () => {
    const parsed = parseWatchCsv(text);
    expect(parsed.error).toBeNull();
    expect(parsed.skipped).toBe(1);
    expect(parsed.rows[0]).toEqual({ at: Date.parse('2026-03-04T09:00:00.000Z'), host: 'pay-1.prod.acme.net', ok: true, goroutines: 900, threads: 18, sockets: { ESTABLISHED: 40, CLOSE_WAIT: 7, OTHER: 2 }, runId: 'w-1' });
    expect(parsed.rows[1]).toMatchObject({ ok: false, goroutines: null, threads: null, sockets: null });
  });

  it('parses RFC 4180 cells', () => {
    expect(csvRecords('a,"b ""x"", y",c\r\n"multi\nline",2\n')).toEqual([['a', 'b "x", y', 'c'], ['multi\nline', '2']]);
  });

  it('refuses a file that is not a watch series', () => {
    expect(parseWatchCsv('name,count\nx,1\n').error).toBe('not a watch --csv series (no timestamp, host, status, goroutines column)');
    expect(parseWatchCsv('').error).toMatch(/not a watch --csv series/);
  });

  it('adds rows of the hosts asked about, leaving out runs the history has from their report', () => {
    const h = emptyHistory();
    const r = fleetReport(new Date('2026-03-04T08:00:00Z'), 0.5, 'w-1');
    addReport(h, r);
    const before = h.hosts.get('pay-1.prod.acme.net')?.points.length ?? 0;
    const added = addWatchRows(h, parseWatchCsv(text).rows, new Set(['pay-1.prod.acme.net']));
    expect(added).toBe(1); // w-1 is known from its report; w-2 is new
    expect(h.hosts.get('pay-1.prod.acme.net')?.points.length).toBe(before + 1);
    expect(addWatchRows(emptyHistory(), parseWatchCsv(text).rows, new Set(['other']))).toBe(0);
  });
});
