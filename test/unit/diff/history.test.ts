// Reading earlier runs for the charts: bounded, newest first, only earlier runs of the same hosts.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../../src/diff/history.js';
import { earlierReports, fleetReport, NOW } from '../report/fleet-fixture.js';

function runsRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fd-history-'));
  earlierReports().forEach((r, i) => {
    mkdirSync(path.join(root, `r${i}`));
    const file = path.join(root, `r${i}`, 'report.json');
    writeFileSync(file, JSON.stringify(r));
    const at = Date.parse(r.run.finishedAt) / 1000;
    utimesSync(file, at, at); // written when the run ended
  });
  return root;
}

describe('loadHistory', () => {
  const current = fleetReport(NOW);

  it('reads the newest earlier runs up to the bound, and says how many were left out', async () => {
    const root = runsRoot();
    const got = await loadHistory(current, path.join(root, 'now', 'report.json'), { root, csv: [], maxRuns: 4 });
    expect(got.runs).toBe(4);
    expect([...got.history.runs].sort()).toEqual(earlierReports().slice(2).map((r) => r.run.id).sort());
    expect(got.notes).toEqual([`history: 4 earlier runs under ${root}`, 'history: read the newest 4 earlier runs; 2 older ones were left out']);
  });

  it('reads nothing older than the horizon', async () => {
    const root = runsRoot();
    const got = await loadHistory(current, path.join(root, 'now', 'report.json'), { root, csv: [], horizonMs: 30 * 3_600_000 });
    expect(got.runs).toBe(2); // 12 h and 24 h before
  });

  it('leaves out the run itself, later runs, and runs of other hosts', async () => {
    const root = runsRoot();
    const self = path.join(root, 'self');
    mkdirSync(self);
    writeFileSync(path.join(self, 'report.json'), JSON.stringify(current));
    mkdirSync(path.join(root, 'other'));
    const other = fleetReport(new Date(NOW.getTime() - 3_600_000), 1, 'other-fleet');
    for (const h of other.hosts) h.host = `db-${h.host}`;
    writeFileSync(path.join(root, 'other', 'report.json'), JSON.stringify(other));
    mkdirSync(path.join(root, 'later'));
    writeFileSync(path.join(root, 'later', 'report.json'), JSON.stringify(fleetReport(new Date(NOW.getTime() + 3_600_000), 1, 'later')));
    const got = await loadHistory(current, path.join(self, 'report.json'), { root, csv: [] });
    expect(got.runs).toBe(6);
    expect(got.history.runs).not.toContain('other-fleet');
    expect(got.history.runs).not.toContain('later');
    expect(got.history.runs).not.toContain(current.run.id);
  });

  it('reads no folder for root null', async () => {
    const got = await loadHistory(current, 'x/report.json', { root: null, csv: [] });
    expect(got).toMatchObject({ runs: 0, rows: 0, notes: [] });
  });
});
