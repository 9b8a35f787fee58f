// `analyze --max-groups N` (issue 21): past N groups the rest are folded by site, with a
// warning on stderr (text) or in `warnings` (--json); a bad N is one usage line, exit 3.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildCli, repoRoot } from '../helpers/build.js';
import { distinctDump, LEAK_LOCATION } from '../helpers/distinct-dump.js';

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'analyze', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(buildCli, 180_000);

describe('analyze --max-groups', () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fd-maxgroups-')), 'distinct.txt');
  writeFileSync(file, distinctDump({ goroutines: 300 }));

  it('--json: folded sites, a warning, totals that add up', () => {
    const r = cli(['--json', '--max-groups', '20', file]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.groups).toHaveLength(20);
    expect(j.folded.groups).toBe(280);
    expect(j.groups.reduce((n: number, g: { count: number }) => n + g.count, 0) + j.folded.goroutines).toBe(300);
    expect(j.folded.sites[0].location).toBe(LEAK_LOCATION);
    expect(j.warnings).toEqual([expect.stringMatching(/^300 groups: only the 20 largest are listed with their frames \(--max-groups\)/)]);
  });

  it('text: the largest folded sites, and the warning on stderr', () => {
    const r = cli(['--max-groups', '20', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/folded \(past --max-groups\): 280 goroutines in 280 smaller groups, by site:\n +\d+ +chan-send .*\/app\/leak\.go:42 +main\.leakyWorker/);
    expect(r.stderr).toMatch(/^fleet-diag: warning: 300 groups: only the 20 largest/m);
  });

  it('no fold and no warning by default for a dump this size', () => {
    const r = cli(['--json', file]);
    const j = JSON.parse(r.stdout);
    expect(j.groups).toHaveLength(300);
    expect(j).not.toHaveProperty('folded');
    expect(j).not.toHaveProperty('warnings');
  });

  it('a bad --max-groups is one line, exit 3', () => {
    const r = cli(['--max-groups', '0', file]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--max-groups/);
  });
});
