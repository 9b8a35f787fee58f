// `fleet-diag gate` end to end on a test fleet of its own (prefix fdg, 10.216.0.0/24): healthy
// canaries pass, a leaking one fails, an unreachable one is inconclusive; --baseline and --serve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.FLEET_NS = 'fdg';
process.env.FLEET_NET = '216';
type FleetModule = typeof import('../fleet/fleet.js');
const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('fleet-diag gate on a test fleet', () => {
  let F: FleetModule;
  let fleet: Awaited<ReturnType<FleetModule['startFleet']>>;
  let work: string;
  let audit: string;
  let runs = 0;
  /** Every gate writes its measurements under the test's own directory (never the repo's runs/). */
  const gate = (args: string[], env?: Record<string, string>) =>
    F.fleetDiag(['gate', '-i', fleet.inventoryPath, '--audit-log', audit, '--retries', '0', '--timeout', '8s',
      ...(args.includes('--out') ? [] : ['--out', path.join(work, `g${++runs}`)]), ...args], { fleet, env, timeout: 80_000 });

  beforeAll(async () => {
    F = await import('../fleet/fleet.js');
    await execa('npx', ['tsc', '-p', '.'], { cwd: F.repoRoot });
    fleet = await F.startFleet([
      { leak: 'none' },
      { leak: 'none' },
      { leak: 'chan-receive', rate: 50 },
      { sshd: 'stopped' },
      { ramp: 20, 'ramp-from': 100, 'ramp-max': 3000, 'ramp-conns': 25, pool: 0, churn: 0 }, // a canary given more traffic
    ], { ns: 'fdg', net: 216 });
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-it-'));
    audit = path.join(work, 'audit.jsonl');
  }, 120_000);

  afterAll(async () => {
    await F?.stopFleet({ ns: 'fdg', net: 216 });
  });

  it('passes healthy canaries: Successful, exit 0, every measurement in --json', async () => {
    const r = await gate(['--limit', 'h1:h2', '--count', '2', '--interval', '1s', '--samples', '2', '--sample-interval', '1s', '--max-growth', '50%', '--out', path.join(work, 'ok'), '--json']);
    const g = JSON.parse(r.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(g).toMatchObject({ kind: 'gate', phase: 'Successful', exitCode: 0, hosts: ['h1', 'h2'], tally: { successful: 2, failed: 0 } });
    expect(g.measurements).toHaveLength(2);
    expect(g.measurements[0]).toMatchObject({ phase: 'Successful', hostsTargeted: 2, hostsMeasured: 2, runDir: path.join(work, 'ok', 'm1') });
    expect(g.measurements[1].hosts.map((h: { host: string; phase: string }) => `${h.host}:${h.phase}`)).toEqual(['h1:Successful', 'h2:Successful']);
    expect(r.stderr).toMatch(/measurement 2\/2: Successful/);
  });

  it('fails a leaking canary at the first measurement (exit 1), naming the leak site', async () => {
    const site = F.leakSite('chan-receive');
    // Three samples 3 s apart: +150 per interval stays well above the churn noise the analysis allows for a pile this size.
    const r = await gate(['--limit', 'h1:h3', '--count', '3', '--interval', '20s', '--samples', '3', '--sample-interval', '3s', '--json']);
    const g = JSON.parse(r.stdout);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(g).toMatchObject({ phase: 'Failed', tally: { failed: 1 } });
    expect(g.measurements).toHaveLength(1); // stopped early: no second measurement
    expect(r.stderr).not.toMatch(/measurement 2\/3/);
    expect(g.reasons[0]).toContain(`measurement 1: h3: leaking:`);
    expect(g.reasons[0]).toContain(`${site.location} (${site.function}, chan-receive`);
    const h3 = g.measurements[0].hosts.find((h: { host: string }) => h.host === 'h3');
    expect(h3).toMatchObject({ phase: 'Failed', verdict: 'leaking' });
  });

  it('passes a canary whose traffic ramps up: its requests churn and its kept-alive connections follow the load', async () => {
    const r = await gate(['--limit', 'h5', '--count', '2', '--interval', '1s', '--samples', '3', '--sample-interval', '3s', '--json']);
    const g = JSON.parse(r.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(g).toMatchObject({ phase: 'Successful', tally: { successful: 2, failed: 0 } });
    // The connections did grow over each measurement: only the reading of them passed the gate.
    const report = JSON.parse(readFileSync(path.join(g.measurements[1].runDir, 'report.json'), 'utf8'));
    const conns = report.hosts[0].groups.find((x: { function: string }) => x.function === 'main.keepAliveConn');
    expect(conns.counts[2]).toBeGreaterThan(conns.counts[0]);
    expect(conns.verdict).not.toBe('leaking');
  });

  it('is Inconclusive (exit 2) when a canary cannot be reached, in words in the text view', async () => {
    const r = await gate(['--limit', 'h1:h4', '--count', '2', '--interval', '1s', '--samples', '1']);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/Inconclusive: 1 inconclusive measurement\(s\)/);
    expect(r.stdout).toMatch(/measured 1\/2 hosts \(50%\), below --min-measured 80%/);
    expect(r.stdout).toMatch(/h4: not measured: (unreachable|failed)/);
    expect(r.stdout).toMatch(/exit 2 \(Inconclusive\)/);
  });

  it('fails groups that grew versus a baseline run of the old version', async () => {
    const r = await gate(['--limit', 'h3', '--count', '1', '--samples', '1', '--baseline', path.join(work, 'ok', 'm1'), '--json']);
    const g = JSON.parse(r.stdout);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(g.baseline).toMatchObject({ source: path.join(work, 'ok', 'm1', 'report.json'), hostsCollected: 2 });
    expect(g.reasons.join('\n')).toMatch(/h3: new versus the baseline fleet’s per-host mean: \d+ goroutines at leaky\/main\.go:\d+ \(main\.leakChanReceive, chan-receive\)/);
  });

  it('answers a Flagger webhook: 200 when Successful, 409 when Inconclusive', async () => {
    const serve = async (limit: string, port: number) => {
      const server = execa('ip', ['netns', 'exec', fleet.ctl, process.execPath, path.join(F.repoRoot, 'bin', 'fleet-diag.js'), 'gate', '-i', fleet.inventoryPath,
        '--audit-log', audit, '--retries', '0', '--count', '1', '--samples', '1', '--limit', limit, '--serve', String(port), '--out', path.join(work, `serve-${port}`)], { cwd: F.repoRoot, reject: false, env: { CI: '1' } });
      let code = 'no answer';
      try {
        for (let i = 0; i < 50 && code === 'no answer'; i++) {
          const c = await execa('ip', ['netns', 'exec', fleet.ctl, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json',
            '--data', '{"name":"podinfo","namespace":"test","phase":"Progressing"}', `http://127.0.0.1:${port}/`], { reject: false });
          if (c.stdout !== '000') code = c.stdout;
          else await new Promise((res) => setTimeout(res, 100));
        }
      } finally {
        server.kill('SIGTERM');
      }
      const done = await server;
      return { code, exitCode: done.exitCode, stderr: done.stderr };
    };
    const ok = await serve('h1', 18216);
    expect(ok.code).toBe('200');
    expect(ok.exitCode).toBe(0);
    expect(ok.stderr).toMatch(/webhook from test\/podinfo \(Progressing\): Successful: answered 200/);
    const down = await serve('h4', 18217);
    expect(down.code).toBe('409');
  });

  it('writes gate start and end records beside each measurement’s, and the chain verifies', async () => {
    const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const gates = lines.filter((l) => l.kind === 'gate');
    expect(gates.filter((l) => l.type === 'end').map((l) => l.outcome)).toEqual(['Successful', 'Failed', 'Successful', 'Inconclusive', 'Failed', 'Successful', 'Inconclusive']);
    expect(gates[0]).toMatchObject({ type: 'start', hosts: ['h1', 'h2'], hostsTargeted: 2 });
    const v = await F.fleetDiag(['audit', 'verify', '--audit-log', audit], { fleet });
    expect(v.exitCode, v.stdout).toBe(0);
  });
});
