// `fleet-diag run` end to end: real ansible-playbook over SSH (host keys checked) to a fleet of
// network namespaces, each with its own sshd and leaking Go service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDiag, isRoot, repoRoot, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';

const source = readFileSync(path.join(repoRoot, 'test/fixtures/leaky/main.go'), 'utf8').split('\n');
const lineOf = (needle: string) => source.findIndex((l) => l.includes(needle)) + 1;

describe.skipIf(!isRoot)('fleet-diag run on a test fleet', () => {
  let fleet: Fleet;
  let work: string;
  let report: Report;
  let exitCode: number;
  let stdout: string;
  const live: Record<string, { before: number; after: number; threads: number }> = {};

  const liveCount = async (h: string) => {
    const out = await fleet.exec(h, 'curl -s "127.0.0.1:6060/debug/pprof/goroutine?debug=1" | head -n 1');
    return Number(/total (\d+)/.exec(out)?.[1] ?? NaN);
  };

  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet(5, {
      h1: { leak: 'none', pool: 10, churn: 5 },
      h2: { leak: 'chan-receive', rate: 20, initial: 50 },
      h3: { leak: 'io-wait', rate: 10, initial: 20 },
      h4: { leak: 'none', pool: 6000, churn: 0 },
      h5: { service: 'stopped' },
    });
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-run-'));
    for (const h of ['h1', 'h2', 'h3', 'h4']) live[h] = { before: await liveCount(h), after: 0, threads: 0 };
    const r = await fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '3', '--interval', '3s', '--timeout', '10s', '--retries', '0', '--max-concurrent', '100%', '--out', path.join(work, 'run'), '--audit-log', path.join(work, 'audit.jsonl'), '--json']);
    exitCode = r.exitCode ?? -1;
    stdout = r.stdout;
    for (const h of ['h1', 'h2', 'h3', 'h4']) {
      live[h].after = await liveCount(h);
      live[h].threads = Number(await fleet.exec(h, 'ls /proc/$(pgrep \'^leaky\')/task | wc -l'));
    }
    report = JSON.parse(readFileSync(path.join(work, 'run', 'report.json'), 'utf8'));
  }, 300_000);

  afterAll(async () => {
    await stopFleet();
  });

  const host = (h: string) => report.hosts.find((x) => x.host === h)!;

  it('exits 2 because one host could not be collected, and prints report.json with --json', () => {
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout)).toEqual(report);
    expect(report.run.status).toBe('partial');
    expect(report.run.hostsOk).toBe(4);
    expect(report.run.ansibleVersion).toMatch(/^2\./);
  });

  it('reports goroutine totals that match what each service reports', () => {
    for (const h of ['h1', 'h2', 'h3', 'h4']) {
      const got = host(h).goroutines!;
      expect(got, h).toBeGreaterThanOrEqual(live[h].before - 15);
      expect(got, h).toBeLessThanOrEqual(live[h].after + 15);
    }
    // A stable pool: the report is exact up to the pprof handler's own goroutines.
    expect(Math.abs(host('h4').goroutines! - live.h4.after)).toBeLessThanOrEqual(3);
  });

  it('reads thread counts and socket states', () => {
    for (const h of ['h1', 'h2', 'h3', 'h4']) {
      expect(host(h).threads, h).toBeGreaterThan(1);
      expect(Math.abs(host(h).threads! - live[h].threads), h).toBeLessThanOrEqual(3);
      expect(host(h).sockets?.LISTEN, h).toBeGreaterThanOrEqual(2); // sshd and pprof
    }
    // Every io-wait leak holds a connection to a local peer: two ESTABLISHED sockets each.
    const ioGroup = host('h3').groups.find((g) => g.class === 'io-wait' && g.function === 'main.leakIOWait')!;
    expect(ioGroup).toBeDefined();
    expect(host('h3').sockets!.ESTABLISHED).toBeGreaterThanOrEqual(ioGroup.count);
  });

  it('tells leaking hosts from healthy and busy ones, naming the source line', () => {
    expect(host('h1').verdict).toBe('healthy');
    const h2 = host('h2');
    expect(h2.verdict).toBe('leaking');
    expect(h2.groups[0]).toMatchObject({ class: 'chan-receive', function: 'main.leakChanReceive', leaking: true });
    expect(h2.groups[0].location).toMatch(new RegExp(`leaky/main\\.go:${lineOf('// leak-site: chan-receive')}$`));
    expect(h2.groups[0].growthPerMinute).toBeGreaterThan(300);
    expect(h2.groups[0].evidence.join(' ')).toMatch(/grew/);
    const h3 = host('h3');
    expect(h3.verdict).toBe('leaking');
    const io = h3.groups.find((g) => g.leaking)!;
    expect(io).toMatchObject({ class: 'io-wait', function: 'main.leakIOWait' });
    expect(io.location).toMatch(new RegExp(`leaky/main\\.go:${lineOf('// leak-site: io-wait')}$`));
    // 6000 workers in select on a ticker: above the alert threshold, but not a leak.
    const h4 = host('h4');
    expect(h4.verdict).toBe('suspect');
    expect(h4.groups.some((g) => g.leaking)).toBe(false);
    expect(h4.groups[0]).toMatchObject({ class: 'select', function: 'main.poolWorker' });
  });

  it('says why a host failed, in words', () => {
    const h5 = host('h5');
    expect(h5.status).toBe('failed');
    expect(h5.error).toMatch(/refused the connection/);
    expect(h5.verdict).toBe('unknown');
  });

  it('ranks fleet suspects and keeps group ids stable across hosts', () => {
    expect(report.suspects[0].function).toBe('main.leakChanReceive');
    expect(report.suspects.map((s) => s.function)).toContain('main.leakIOWait');
    const poolIds = ['h1', 'h4'].map((h) => host(h).groups.find((g) => g.function === 'main.poolWorker')?.id);
    expect(poolIds[0]).toBeDefined();
    expect(poolIds[0]).toBe(poolIds[1]);
  });

  it('keeps raw artifacts, and the binary profile opens in go tool pprof', async () => {
    const s = host('h2').samples;
    expect(s).toHaveLength(3);
    expect(s[0].artifacts.debug1).toBeDefined();
    const pb = path.join(work, 'run', s[2].artifacts.pprof);
    expect(existsSync(pb)).toBe(true);
    const top = await execa('go', ['tool', 'pprof', '-top', pb], { reject: false });
    expect(top.exitCode).toBe(0);
    expect(top.stdout).toMatch(/leakChanReceive/);
    for (const f of ['playbook.yml', 'ansible.cfg', 'extravars.yml', 'events.jsonl']) expect(existsSync(path.join(work, 'run', f)), f).toBe(true);
  });

  it('writes a verifiable audit trail with a start and an end record', async () => {
    const lines = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['start', 'end']);
    expect(lines[1]).toMatchObject({ outcome: 'partial', hostsTargeted: 5, hostsOk: 4, hostsFailed: 1 });
    expect(lines[0].user).toBeTruthy();
    const v = await fleetDiag(['audit', 'verify', '--audit-log', path.join(work, 'audit.jsonl')]);
    expect(v.exitCode).toBe(0);
  });

  it('honours --limit and --serial, and --fail-on decides the exit code', async () => {
    const r = await fleetDiag(['run', '-i', fleet.inventoryPath, '--limit', 'h1:h4', '--serial', '1', '--samples', '1', '--out', path.join(work, 'run2'), '--audit-log', path.join(work, 'audit.jsonl'), '--fail-on', 'suspect']);
    const rep: Report = JSON.parse(readFileSync(path.join(work, 'run2', 'report.json'), 'utf8'));
    expect(rep.hosts.map((h) => h.host).sort()).toEqual(['h1', 'h4']);
    expect(rep.run.status).toBe('ok');
    const events = readFileSync(path.join(work, 'run2', 'events.jsonl'), 'utf8');
    expect(events.match(/"play_start"/g)).toHaveLength(2); // two serial batches of one host
    // One sample shows no growth; 6000 goroutines are above the alert threshold: suspect, not leaking.
    expect(rep.hosts.find((h) => h.host === 'h4')!.verdict).toBe('suspect');
    expect(rep.hosts.find((h) => h.host === 'h1')!.verdict).toBe('healthy');
    expect(r.exitCode).toBe(1);
    const none = await fleetDiag(['run', '-i', fleet.inventoryPath, '--limit', 'nosuchhost', '--audit-log', path.join(work, 'audit.jsonl')]);
    expect(none.exitCode).toBe(3);
    expect(none.stderr).toMatch(/matched no hosts/);
  });
});
