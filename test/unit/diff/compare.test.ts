import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffGroups, diffHost, diffReports } from '../../../src/diff/compare.js';
import { loadReport } from '../../../src/diff/load.js';
import { renderDiff } from '../../../src/diff/render.js';
import { down, group, host, report } from './reports.js';

describe('diffGroups', () => {
  it('sorts groups into new, grown, shrunk and gone by id, with delta and ratio', () => {
    const d = diffGroups(
      [group('a', 10), group('b', 100), group('c', 7), group('same', 3)],
      [group('a', 25), group('b', 40), group('d', 9), group('same', 3)],
    );
    expect(d.grown).toEqual([expect.objectContaining({ id: 'a', kind: 'grown', before: 10, after: 25, delta: 15, ratio: 2.5 })]);
    expect(d.shrunk).toEqual([expect.objectContaining({ id: 'b', before: 100, after: 40, delta: -60, ratio: 0.4 })]);
    expect(d.gone).toEqual([expect.objectContaining({ id: 'c', before: 7, after: 0, delta: -7, ratio: 0 })]);
    expect(d.new).toEqual([expect.objectContaining({ id: 'd', before: 0, after: 9, delta: 9, ratio: null })]);
    expect(d.unchanged).toBe(1);
  });

  it('orders each kind by the size of the change', () => {
    const d = diffGroups([group('a', 1), group('b', 1), group('c', 50), group('d', 60)], [group('a', 5), group('b', 50), group('c', 40), group('d', 1), group('n1', 3), group('n2', 30)]);
    expect(d.grown.map((c) => c.id)).toEqual(['b', 'a']);
    expect(d.shrunk.map((c) => c.id)).toEqual(['d', 'c']);
    expect(d.new.map((c) => c.id)).toEqual(['n2', 'n1']);
  });

  it('sums a repeated id and keeps the verdicts of both sides', () => {
    const d = diffGroups([group('a', 5), group('a', 5)], [group('a', 30, { verdict: 'leaking', leaking: true })]);
    expect(d.grown[0]).toMatchObject({ before: 10, after: 30, verdictBefore: 'healthy', verdictAfter: 'leaking' });
  });

  it('treats a zero count as absent', () => {
    const d = diffGroups([group('a', 0)], [group('a', 4)]);
    expect(d.new).toHaveLength(1);
    expect(diffGroups([group('a', 0)], []).gone).toHaveLength(0);
  });
});

describe('diffHost', () => {
  it('compares goroutines, threads and every socket state', () => {
    const a = host('h1', [group('a', 10)], { threads: 8, sockets: { ESTABLISHED: 3, LISTEN: 2 } });
    const b = host('h1', [group('a', 12)], { threads: 11, sockets: { CLOSE_WAIT: 40, LISTEN: 2 } });
    const d = diffHost(a, b);
    expect(d).toMatchObject({ presence: 'both', compared: true, note: null, goroutines: { before: 10, after: 12, delta: 2 }, threads: { delta: 3 } });
    expect(d.sockets).toEqual({
      CLOSE_WAIT: { before: 0, after: 40, delta: 40 },
      ESTABLISHED: { before: 3, after: 0, delta: -3 },
      LISTEN: { before: 2, after: 2, delta: 0 },
    });
  });

  it('does not compare groups of a host that one run could not collect', () => {
    const d = diffHost(host('h1', [group('a', 10)]), down('h1'));
    expect(d.compared).toBe(false);
    expect(d.note).toMatch(/not collected in B \(unreachable: ssh: connect/);
    expect(d.groups.gone).toEqual([]);
    expect(d.goroutines).toEqual({ before: 10, after: null, delta: null });
  });
});

describe('diffReports', () => {
  const a = report([
    host('h1', [group('pool', 100), group('leak', 50, { leaking: true, verdict: 'leaking' })]),
    host('h2', [group('pool', 100), group('old', 20)]),
    host('h3', [group('pool', 90)]),
    host('h10', [group('pool', 5)]),
  ], 'A');
  const b = report([
    host('h1', [group('pool', 100), group('leak', 400, { leaking: true, verdict: 'leaking' })]),
    host('h2', [group('pool', 80), group('fresh', 12)]),
    down('h3'),
    host('h4', [group('other', 1000)]),
  ], 'B');
  const d = diffReports(a, b, { a: 'runs/A/report.json', b: 'runs/B/report.json' });

  it('lists hosts added, lost and not compared', () => {
    expect(d.hostsAdded).toEqual(['h4']);
    expect(d.hostsLost).toEqual(['h10']);
    expect(d.hostsNotCompared).toEqual([{ host: 'h3', reason: expect.stringMatching(/not collected in B/) }]);
    expect(d.hosts.map((h) => h.host)).toEqual(['h1', 'h2', 'h3', 'h4', 'h10']);
  });

  it('compares groups per host', () => {
    const h1 = d.hosts.find((h) => h.host === 'h1')!;
    expect(h1.groups.grown).toEqual([expect.objectContaining({ id: 'leak', delta: 350, ratio: 8 })]);
    expect(h1.groups.unchanged).toBe(1);
    const h2 = d.hosts.find((h) => h.host === 'h2')!;
    expect(h2.groups.new.map((c) => c.id)).toEqual(['fresh']);
    expect(h2.groups.gone.map((c) => c.id)).toEqual(['old']);
    expect(h2.groups.shrunk.map((c) => c.id)).toEqual(['pool']);
  });

  it('sums fleet-wide over the hosts collected in both runs only', () => {
    expect(d.fleet.hosts).toEqual(['h1', 'h2']);
    expect(d.fleet.goroutines).toEqual({ before: 270, after: 592, delta: 322 });
    expect(d.fleet.groups.grown).toEqual([expect.objectContaining({ id: 'leak', before: 50, after: 400, hosts: ['h1'], verdictAfter: 'leaking' })]);
    expect(d.fleet.groups.shrunk).toEqual([expect.objectContaining({ id: 'pool', before: 200, after: 180, hosts: ['h1', 'h2'] })]);
    expect(d.fleet.groups.new.map((c) => c.id)).toEqual(['fresh']); // not 'other': h4 is an added host
    expect(d.fleet.groups.gone.map((c) => c.id)).toEqual(['old']);
  });

  it('is complete as JSON', () => {
    const back = JSON.parse(JSON.stringify(d));
    expect(back.a).toEqual({ id: 'A', startedAt: '2025-01-01T00:00:00.000Z', status: 'ok', source: 'runs/A/report.json', hosts: 4 });
    expect(back.b.status).toBe('partial');
    expect(back.hosts[0].groups).toHaveProperty('unchanged');
  });

  it('reads in a terminal', () => {
    const text = renderDiff(d);
    expect(text).toMatch(/^Fleet \(2 host\(s\) collected in both\): goroutines 270 → 592 \(\+322\); groups: 1 new, 1 grown, 1 shrunk, 1 gone/m);
    expect(text).toMatch(/grown\s+\+350 ×8\.00\s+chan-receive app\/leak\.go:10 main\.leak \(50 → 400\)/);
    expect(text).toMatch(/^hosts added: h4$/m);
    expect(text).toMatch(/^hosts lost: h10$/m);
    expect(text).toMatch(/^h3: not compared: not collected in B/m);
    expect(text).toMatch(/^h10: lost: only in A/m);
    expect(text).toMatch(/^h4: added in B/m);
  });

  it('shows at most --top changes of a kind and says where the rest are', () => {
    const many = (n: number, c: number) => Array.from({ length: n }, (_, i) => group(`g${i}`, c + i));
    const text = renderDiff(diffReports(report([host('h1', [])]), report([host('h1', many(8, 1))])), 3);
    expect(text).toMatch(/… 5 more new \(see --json\)/);
  });
});

describe('loadReport', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-diff-'));

  it('reads a run directory or a report file, and checks the schema', async () => {
    mkdirSync(path.join(dir, 'r1'));
    writeFileSync(path.join(dir, 'r1', 'report.json'), JSON.stringify(report([host('h1', [group('abcdef012345', 1)])])));
    expect((await loadReport(path.join(dir, 'r1'))).report.hosts).toHaveLength(1);
    expect((await loadReport(path.join(dir, 'r1', 'report.json'))).file).toBe(path.join(dir, 'r1', 'report.json'));
  });

  it('says what is wrong in one line, with exit code 3', async () => {
    await expect(loadReport(path.join(dir, 'nope'))).rejects.toMatchObject({ exitCode: 3, message: expect.stringMatching(/no such run directory/) });
    mkdirSync(path.join(dir, 'empty'));
    await expect(loadReport(path.join(dir, 'empty'))).rejects.toThrow(/no report\.json/);
    writeFileSync(path.join(dir, 'bad.json'), '{"schemaVersion": 1}');
    await expect(loadReport(path.join(dir, 'bad.json'))).rejects.toThrow(/not a fleet-diag report/);
    writeFileSync(path.join(dir, 'broken.json'), '{');
    await expect(loadReport(path.join(dir, 'broken.json'))).rejects.toThrow(/not valid JSON/);
  });
});
