// `run` reads earlier runs to judge on: the report.json files beside its own run directory,
// bounded (newest runs, a horizon), a broken one skipped with a note, never fatal.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pastRunsReader } from '../../../src/diff/past-runs.js';
import { earlierReports, fleetReport, LEAK_FN, NOW } from '../report/fleet-fixture.js';

function runsRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'fd-past-'));
  earlierReports().forEach((r, i) => {
    mkdirSync(path.join(root, `r${i}`));
    const file = path.join(root, `r${i}`, 'report.json');
    writeFileSync(file, JSON.stringify(r));
    const at = Date.parse(r.run.finishedAt) / 1000;
    utimesSync(file, at, at);
  });
  return root;
}

const current = fleetReport(NOW);
const scope = (root: string) => ({ runId: current.run.id, startedAt: current.run.startedAt, hosts: current.hosts.map((h) => h.host), runDir: path.join(root, 'now') });

describe('pastRunsReader', () => {
  it("reads the run directory's siblings: each host's sites over earlier runs", async () => {
    const root = runsRoot();
    const { past, notes } = await pastRunsReader({ root: null })(scope(root));
    expect(notes[0]).toBe(`history: 6 earlier runs under ${root}`);
    const host = current.hosts.find((h) => h.groups.some((g) => g.function === LEAK_FN))!;
    const leak = host.groups.find((g) => g.function === LEAK_FN)!;
    const points = past.get(host.host)?.get(leak.id) ?? [];
    expect(new Set(points.map((p) => p.runId)).size).toBe(6);
    expect(points.every((p, i) => i === 0 || p.at >= points[i - 1].at)).toBe(true);
  });

  it('is bounded: at most maxRuns, nothing older than the horizon', async () => {
    const root = runsRoot();
    const few = await pastRunsReader({ root, maxRuns: 2 })(scope(root));
    expect(few.notes).toContain('history: read the newest 2 earlier runs; 4 older ones were left out');
    const recent = await pastRunsReader({ root, horizonMs: 30 * 3_600_000 })(scope(root));
    expect(recent.notes[0]).toBe(`history: 2 earlier runs under ${root}`);
  });

  it('a broken earlier report is skipped with a note; a missing root is a note, not an error', async () => {
    const root = runsRoot();
    mkdirSync(path.join(root, 'broken'));
    writeFileSync(path.join(root, 'broken', 'report.json'), '{"schemaVersion": 1, "run": ');
    const { notes, past } = await pastRunsReader({ root: null })(scope(root));
    expect(notes).toContain(`history: skipped ${path.join(root, 'broken', 'report.json')}: not valid JSON`);
    expect(past.size).toBeGreaterThan(0);
    const none = await pastRunsReader({ root: path.join(root, 'nope') })(scope(root));
    expect(none.past.size).toBe(0);
    expect(none.notes[0]).toMatch(/^history: not read \(--history .*nope: cannot read the folder \(ENOENT\)\); sites judged on this run alone$/);
  });
});
