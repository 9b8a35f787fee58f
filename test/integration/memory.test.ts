// Memory, GC and on-demand profiles beside the goroutines (issue 15), on a real test fleet: a leak
// that also grows its stacks shows StackInuse rising, and the captured profiles open in Go's tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as F from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';

const opts = { ns: 'fdm', net: 219 };

describe.skipIf(!F.isRoot)('memory and captures on a test fleet', () => {
  let fleet: F.Fleet;
  let work: string;
  let report: Report;
  let stdout: string;
  let exitCode: number;

  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: F.repoRoot });
    fleet = await F.startFleet([{ leak: 'chan-receive', rate: 200, initial: 100 }, { leak: 'none' }], opts);
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-mem-'));
    const r = await F.fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '3', '--interval', '2s', '--timeout', '10s', '--retries', '0',
      '--max-concurrent', '100%', '--capture', 'heap,allocs,cpu=2s,trace=1s', '--out', path.join(work, 'run'), '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    exitCode = r.exitCode ?? -1;
    stdout = r.stdout;
    report = JSON.parse(readFileSync(path.join(work, 'run', 'report.json'), 'utf8'));
  }, 300_000);

  afterAll(async () => {
    await F.stopFleet(opts);
  });

  const host = (i: number) => report.hosts.find((h) => h.host === fleet.hosts[i])!;

  it('reads MemStats at every sample; the leak grows the stacks, and the leaking group says so', () => {
    expect(exitCode, stdout).toBe(0);
    const leaky = host(0);
    const stacks = leaky.samples.map((s) => s.memory?.stackInuse ?? null);
    expect(stacks.every((v) => v !== null && v > 0), JSON.stringify(stacks)).toBe(true);
    expect(stacks[2]!).toBeGreaterThan(stacks[0]!);
    expect(leaky.memory?.heapInuse).toBeGreaterThan(0);
    expect(leaky.memory?.numGC).toBeGreaterThanOrEqual(0);
    const group = leaky.groups.find((g) => g.leaking)!;
    expect(group.evidence.some((e) => /^goroutine stacks \(StackInuse\) grew .* with the leak$/.test(e)), group.evidence.join('\n')).toBe(true);
    expect(stdout).toMatch(/MEMORY/);
  });

  it('keeps the captured profiles where go tool pprof and go tool trace open them', async () => {
    for (const i of [0, 1]) {
      const h = host(i);
      expect(Object.keys(h.captures ?? {}).sort()).toEqual(['allocs', 'cpu', 'heap', 'trace']);
      for (const kind of ['heap', 'allocs', 'cpu']) {
        const file = path.join(work, 'run', h.captures![kind]);
        const top = await execa('go', ['tool', 'pprof', '-top', file], { reject: false });
        expect(top.exitCode, `${kind}: ${top.stderr}`).toBe(0);
        expect(top.stdout + top.stderr).toMatch(/Type: (inuse_space|alloc_space|cpu)/);
      }
      const trace = path.join(work, 'run', h.captures!.trace);
      expect(statSync(trace).size).toBeGreaterThan(100);
      // `go tool trace -d` parses the whole trace and prints its events (Go 1.19); an unreadable one fails.
      const t = await execa('go', ['tool', 'trace', '-d', trace], { reject: false, timeout: 60_000 });
      expect(t.exitCode, t.stderr).toBe(0);
      expect(t.stdout.length).toBeGreaterThan(0);
    }
    expect(stdout).toContain('Captured profiles');
  });
});
