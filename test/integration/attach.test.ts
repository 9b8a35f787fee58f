// run --attach (issue 16): a Go service without net/http/pprof, read through Delve on the node.
// Its goroutines and leak site are found; it keeps answering during and after the attach; each
// attach is measured, reported and audited; hosts not allowed are never attached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as F from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';

const opts = { ns: 'fda', net: 220 };
const haveDelve = (await execa('dlv', ['version'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;

describe.skipIf(!F.isRoot || !haveDelve)('run --attach on a test fleet', () => {
  let fleet: F.Fleet;
  let work: string;
  let report: Report;
  let stderr: string;
  let exitCode: number;
  let pidBefore: string;
  let answers: string[];

  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: F.repoRoot });
    // h1: no pprof, leaking; h2: no pprof, not in --attach; h3: an ordinary service.
    fleet = await F.startFleet([{ leak: 'chan-receive', rate: 5, initial: 40, 'no-pprof': true }, { 'no-pprof': true }, {}], opts);
    const [h1] = fleet.hosts;
    pidBefore = (await fleet.exec(h1, "pgrep '^leaky'")).trim();
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-attach-'));
    // Ask the service for /healthz every 100 ms on the node for the whole run: nothing may fail.
    const probe = fleet.exec(h1, 'i=0; while [ $i -lt 150 ]; do curl -s -m 30 -o /dev/null -w "%{http_code}\\n" 127.0.0.1:6060/healthz || echo fail; sleep 0.1; i=$((i+1)); done');
    const r = await F.fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '2', '--interval', '2s', '--timeout', '10s', '--retries', '0',
      '--attach', fleet.hosts[0], '--attach-timeout', '30s', '--max-fail', '100%', '--out', path.join(work, 'run'), '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    exitCode = r.exitCode ?? -1;
    stderr = r.stderr;
    answers = (await probe).split('\n').filter(Boolean);
    report = JSON.parse(readFileSync(path.join(work, 'run', 'report.json'), 'utf8'));
  }, 300_000);

  afterAll(async () => {
    await F.stopFleet(opts);
  });

  const host = (i: number) => report.hosts.find((h) => h.host === fleet.hosts[i])!;

  it('warns before it starts that attaching pauses the service', () => {
    expect(stderr).toMatch(new RegExp(`^warning: --attach ${fleet.hosts[0]}: where pprof does not answer, Delve stops the service`, 'm'));
  });

  it('finds the goroutines and the leak site of the service without pprof', () => {
    const h = host(0);
    expect(h.status, h.error ?? '').toBe('ok');
    expect(h.goroutines).toBeGreaterThanOrEqual(40);
    const site = F.leakSite('chan-receive');
    const g = h.groups.find((x) => x.function === site.function)!;
    expect(g, JSON.stringify(h.groups.map((x) => x.function))).toBeDefined();
    expect(g.class).toBe('chan-receive');
    expect(g.location).toBe(site.location);
    expect(h.samples.every((s) => s.artifacts.delve)).toBe(true);
    expect(h.warnings.filter((w) => /Delve attached to pid \d+: the service was paused for up to \d+ ms$/.test(w))).toHaveLength(2);
  });

  it('leaves the service running and answering, during and after the attach', async () => {
    expect(answers.length).toBe(150);
    expect(answers.filter((a) => a !== '200')).toEqual([]);
    const [h1] = fleet.hosts;
    expect((await fleet.exec(h1, "pgrep '^leaky'")).trim()).toBe(pidBefore);
    expect(await fleet.exec(h1, "sed -n 's/^State:[[:space:]]*\\([A-Z]\\).*/\\1/p' /proc/$(pgrep '^leaky')/status")).toMatch(/^[SR]$/);
    expect((await fleet.exec(h1, 'curl -s 127.0.0.1:6060/healthz')).trim()).toBe('ok');
  });

  it('never attaches to a host outside --attach, and says why that host failed', () => {
    const h = host(1);
    expect(h.status).toBe('failed');
    expect(h.error).toMatch(/404|pprof/);
    expect(h.warnings.some((w) => w.includes('Delve'))).toBe(false);
    expect(host(2).status).toBe('ok');
    expect(exitCode).toBe(2);
  });

  it('writes one audit record per attach, and the chain verifies', async () => {
    const lines = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const attaches = lines.filter((l) => l.type === 'attach');
    expect(attaches).toHaveLength(2);
    for (const a of attaches) expect(a).toMatchObject({ host: fleet.hosts[0], alive: true, delveExit: 0, runId: report.run.id });
    expect(attaches.every((a) => a.pauseMs > 0)).toBe(true);
    const v = await F.fleetDiag(['audit', 'verify', '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
  });
});
