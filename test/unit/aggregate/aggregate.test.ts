// `aggregate` over generated slices (real dumps from test/fixtures, bench/aggregate/gen.ts): one
// report shaped like run's, the --stats summary equal to it, settings and jobs from the results,
// a host found in two slices analyzed once (the newest), and audit records naming the jobs.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '../../../bench/aggregate/gen.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { validateReport } from '../../../src/report/validate.js';
import { readAudit, verifyAudit } from '../../../src/audit/log.js';

describe('aggregate of two slices', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-agg-'));
  const s1 = path.join(dir, 's1');
  const s2 = path.join(dir, 's2');
  generate(s1, 30);
  generate(s2, 30);
  // Slice 2 holds the other half of the fleet, plus one host of slice 1 collected again later.
  for (const f of readdirSync(s2)) {
    const r = JSON.parse(readFileSync(path.join(s2, f), 'utf8'));
    if (f === 'node-0003.example.com.json') {
      writeFileSync(path.join(s2, f), JSON.stringify({ ...r, storedAt: '2026-01-02T00:00:00Z', job: { awx_job_id: 2 } }));
      continue;
    }
    r.host = r.host.replace('node-', 'edge-');
    writeFileSync(path.join(s2, f), JSON.stringify(r));
    renameSync(path.join(s2, f), path.join(s2, f.replace('node-', 'edge-')));
  }

  it('merges them into one schema-valid report, with settings, jobs, stats and audit', async () => {
    const audit = path.join(dir, 'audit.jsonl');
    const stats = path.join(dir, 'stats.json');
    const { report, runDir } = await aggregateDirs([s1, s2], path.join(dir, 'run'), 'test', { auditLog: audit, statsFile: stats });
    expect(await validateReport(report)).toEqual([]);
    expect(report.hosts).toHaveLength(59);
    expect(report.run).toMatchObject({ samples: 3, intervalSeconds: 5, timeoutSeconds: 20, debug2Cap: 10000, status: 'partial', hostsOk: 53 });
    expect(report.run.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(report.run.notes.join('\n')).toMatch(/node-0003\.example\.com\.json: 2 results .* the newest, .*s2/);
    expect(report.run.notes).toContain('collected by AWX job 2');
    const unreachable = report.hosts.find((h) => h.host === 'node-0007.example.com')!;
    expect(unreachable).toMatchObject({ status: 'unreachable', verdict: 'unknown' });
    const ok = report.hosts.find((h) => h.status === 'ok')!;
    expect(ok.samples).toHaveLength(3);
    expect(readdirSync(path.join(runDir, 'hosts', ok.host)).length).toBeGreaterThanOrEqual(4);

    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(Object.keys(s.hosts)).toHaveLength(59);
    for (const h of report.hosts) expect(s.hosts[h.host]).toEqual({ status: h.status, verdict: h.verdict, goroutines: h.goroutines });
    expect(s).toMatchObject({ source: 'fleet-diag', status: 'partial', hostsOk: 53, hostsFailed: 6, report: runDir });
    expect(s.suspects.length).toBe(Math.min(10, report.suspects.length));

    expect((await verifyAudit(audit)).ok).toBe(true);
    const records = [];
    for await (const r of readAudit(audit)) records.push(r);
    const [start, end] = records;
    expect(start).toMatchObject({ type: 'start', kind: 'aggregate', hostsTargeted: 59 });
    expect((start.jobs as { job: string }[]).map((j) => j.job).sort()).toEqual(['1000', '1001', '1002', '1003', '2']);
    expect(end).toMatchObject({ type: 'end', outcome: 'partial', hostsOk: 53 });
  }, 90_000); // 59 hosts go through the reader thread, which loads the TypeScript sources through tsx

  it('a directory without results is an input error naming it', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'fd-agg-empty-'));
    await expect(aggregateDirs([empty], path.join(empty, 'run'), 'test')).rejects.toThrow(`aggregate: no <host>.json results in ${empty}`);
  });
});
