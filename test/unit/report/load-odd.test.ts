// Issue 21 (low): `report` crashed on schema-valid reports without warnings, evidence, counts or
// run.notes; a report.json that is a FIFO hung `report` and `diff`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReport } from '../../../src/diff/load.js';
import { renderSummary } from '../../../src/report/summary.js';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { renderHtml } from '../../../src/report/render/html.js';
import { renderDot } from '../../../src/report/render/dot.js';
import { diffReports } from '../../../src/diff/compare.js';
import { renderDiff } from '../../../src/diff/render.js';

/** Only what the schema requires. */
const MINIMAL = {
  schemaVersion: 1,
  run: { id: 'r1', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z', status: 'partial' },
  hosts: [
    {
      host: 'h1', status: 'ok', error: null, attempts: 1, goroutines: 10, threads: 5, sockets: { ESTABLISHED: 1 },
      samples: [{ index: 1, takenAt: '2026-01-01T00:00:00Z', goroutines: 10 }], verdict: 'leaking',
      groups: [{ id: 'g1abcd', count: 10, state: 'chan receive', class: 'chan-receive', location: 'a.go:1', function: 'main.f', frames: ['main.f a.go:1'], growthPerMinute: 5, maxWaitMinutes: 1, leaking: true, evidence: [] }],
    },
    { host: 'h2', status: 'unreachable', error: 'x', attempts: 1, goroutines: null, threads: null, sockets: null, samples: [], verdict: 'unknown', groups: [] },
  ],
  suspects: [{ id: 'g1abcd', location: 'a.go:1', function: 'main.f', class: 'chan-receive', goroutines: 10, hosts: ['h1'], hostCount: 1, verdict: 'leaking', evidence: [] }],
};

describe('a schema-valid report without the optional fields', () => {
  it('loads with them filled in, and every renderer and diff takes it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-minrep-'));
    writeFileSync(path.join(dir, 'report.json'), JSON.stringify(MINIMAL));
    const { report } = await loadReport(dir);
    expect(report.run.notes).toEqual([]);
    expect(report.hosts[0]).toMatchObject({ warnings: [], evidence: [], groups: [{ counts: [10], verdict: 'leaking', pattern: null }] });
    expect(renderSummary(report, dir)).toMatch(/h1: 10 +chan-receive +a\.go:1 main\.f/);
    expect(renderMarkdown(report)).toMatch(/a\.go:1/);
    expect(renderHtml(report)).toMatch(/<html/);
    expect(renderDot(report)).toMatch(/digraph/);
    expect(renderDiff(diffReports(report, report))).toBeTypeOf('string');
  });
});

describe('a report.json that is no regular file', () => {
  it('a FIFO is refused at once, not read (which would block)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-fifo-'));
    mkdirSync(path.join(dir, 'run'));
    execFileSync('mkfifo', [path.join(dir, 'run', 'report.json')]);
    await expect(loadReport(path.join(dir, 'run'))).rejects.toThrow(/report\.json: not a regular file/);
    await expect(loadReport(path.join(dir, 'run', 'report.json'))).rejects.toThrow(/not a regular file/);
  });
});
