// The run path's report (aggregate → buildHostReport) for a host whose dump has more distinct
// stacks than maxGroups (issue 21): groups folded by site, a warning, totals that add up, a
// schema-valid report.json.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHostResult } from '../../../bench/distinct/host-result.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { validateReport } from '../../../src/report/validate.js';
import { distinctDump, LEAK_FUNCTION } from '../helpers/distinct-dump.js';

describe('aggregate of a host with more distinct stacks than maxGroups', () => {
  it('folds the smaller groups by site, warns, and still counts every goroutine', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-folded-'));
    const total = writeHostResult(Buffer.from(distinctDump({ goroutines: 400 })), path.join(dir, 'results'));
    const { report } = await aggregateDirs([path.join(dir, 'results')], path.join(dir, 'run'), 'test', { auditLog: path.join(dir, 'audit.jsonl'), analysis: { maxGroups: 25 } });
    expect(await validateReport(report)).toEqual([]);
    const h = report.hosts[0];
    expect(h.status).toBe('ok');
    expect(h.goroutines).toBe(total);
    expect(h.groups).toHaveLength(25);
    expect(h.folded?.groups).toBe(total - 25);
    expect(h.groups.reduce((n, g) => n + g.count, 0) + h.folded!.goroutines).toBe(total);
    expect(h.folded!.sites[0]).toMatchObject({ function: LEAK_FUNCTION, class: 'chan-send' });
    expect(h.warnings.some((w) => w.startsWith(`${total} groups: only the 25 largest are listed`))).toBe(true);
  });

  it('changes nothing under the cap', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-folded-'));
    const total = writeHostResult(Buffer.from(distinctDump({ goroutines: 40 })), path.join(dir, 'results'));
    const { report } = await aggregateDirs([path.join(dir, 'results')], path.join(dir, 'run'), 'test', { auditLog: path.join(dir, 'audit.jsonl') });
    expect(report.hosts[0].groups).toHaveLength(total);
    expect(report.hosts[0].folded).toBeUndefined();
    expect(report.hosts[0].warnings.some((w) => w.includes('--max-groups'))).toBe(false);
  });
});
