// `fleet-diag run --executor ssh`: direct SSH (ssh2) instead of generated playbooks, with host
// keys checked against known_hosts, on a test fleet of its own (fdx, 10.218.0.0/24). Per host it
// must come to the same outcome as the Ansible executor.
process.env.FLEET_NS = 'fdx';
process.env.FLEET_NET = '218';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/report/types.js';

type FleetModule = typeof import('../fleet/fleet.js');
const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)('fleet-diag run --executor ssh', () => {
  let f: FleetModule;
  let fleet: Awaited<ReturnType<FleetModule['startFleet']>>;
  let work: string;
  let report: Report;
  let exitCode: number;
  let stderr: string;

  const run = (out: string, extra: string[], inventory = fleet.inventoryPath) =>
    f.fleetDiag(['run', '-i', inventory, '--executor', 'ssh', '--samples', '3', '--interval', '2s', '--max-concurrent', '100%', '--retries', '0', '--out', path.join(work, out), '--audit-log', path.join(work, 'audit.jsonl'), ...extra], { fleet });
  const read = (out: string): Report => JSON.parse(readFileSync(path.join(work, out, 'report.json'), 'utf8'));

  beforeAll(async () => {
    f = await import('../fleet/fleet.js');
    await execa('npm', ['run', 'build'], { cwd: f.repoRoot });
    fleet = await f.startFleet([{}, { leak: 'chan-receive', rate: 20 }, { sshd: 'stopped' }, { service: 'stopped' }]);
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-ssh-'));
    const r = await run('run', []);
    exitCode = r.exitCode ?? -1;
    stderr = r.stderr;
    report = read('run');
  }, 300_000);

  afterAll(async () => {
    await f?.stopFleet();
  });

  const host = (h: string) => report.hosts.find((x) => x.host === h)!;

  it('exits 2 with a partial report that says the ssh executor ran it', () => {
    expect(exitCode).toBe(2);
    expect(report.run).toMatchObject({ executor: 'ssh', ansibleVersion: null, status: 'partial', hostsOk: 2, hostsTargeted: 4, passes: 1 });
  });

  it('collects healthy and leaking hosts completely, naming the leak site', () => {
    expect(host('h1')).toMatchObject({ status: 'ok', verdict: 'healthy', error: null, attempts: 1 });
    const h2 = host('h2');
    expect(h2).toMatchObject({ status: 'ok', verdict: 'leaking' });
    expect(h2.samples).toHaveLength(3);
    const site = f.leakSite('chan-receive');
    expect(h2.groups[0]).toMatchObject({ class: 'chan-receive', function: site.function, leaking: true });
    expect(h2.groups[0].location.endsWith(site.location)).toBe(true);
    for (const h of ['h1', 'h2']) {
      expect(host(h).threads, h).toBeGreaterThan(1);
      expect(host(h).sockets?.LISTEN, h).toBeGreaterThanOrEqual(2);
    }
    // The binary profile is kept as an artifact.
    expect(existsSync(path.join(work, 'run', h2.samples[2].artifacts.pprof))).toBe(true);
  });

  it('says in words why the others were not collected', () => {
    expect(host('h3')).toMatchObject({ status: 'unreachable', verdict: 'unknown' });
    expect(host('h3').error).toMatch(/SSH connection refused/);
    expect(host('h4')).toMatchObject({ status: 'failed', verdict: 'unknown' });
    expect(host('h4').error).toMatch(/refused the connection/);
  });

  it('leaves an inspectable run dir: events.jsonl in the Ansible shape, and progress lines', async () => {
    const events = readFileSync(path.join(work, 'run', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const result = (h: string) => events.find((e) => e.host === h && e.event !== 'runner_start');
    expect(result('h1')).toMatchObject({ event: 'runner_ok', task: 'fleet-diag snapshot', res: { rc: 0 } });
    expect(result('h3')).toMatchObject({ event: 'runner_unreachable', task: 'fleet-diag snapshot' });
    expect(events.filter((e) => e.event === 'play_start')).toHaveLength(1);
    expect(events.at(-1).event).toBe('stats');
    expect(existsSync(path.join(work, 'run', 'playbook.yml'))).toBe(false);
    expect(stderr).toMatch(/h1: collected/);
    expect(stderr).toMatch(/h3: unreachable/);
    expect((await f.fleetDiag(['audit', 'verify', '--audit-log', path.join(work, 'audit.jsonl')], { fleet })).exitCode).toBe(0);
  });

  it('comes to the same per-host outcomes as the Ansible executor', async () => {
    const r = await f.fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '3', '--interval', '2s', '--max-concurrent', '100%', '--retries', '0', '--out', path.join(work, 'ansible'), '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    expect(r.exitCode).toBe(2);
    const viaAnsible = read('ansible');
    expect(viaAnsible.run.executor).toBe('ansible');
    const shape = (rep: Report) => rep.hosts.map((h) => ({ host: h.host, status: h.status, error: h.error, attempts: h.attempts, samples: h.samples.length,
      // Parser warnings depend on the dump's moment (a goroutine caught mid-creation), not on the executor.
      warnings: h.warnings.filter((w) => !/parse warnings/.test(w)) }));
    expect(shape(report)).toEqual(shape(viaAnsible));
  });

  it('refuses a host whose key does not match known_hosts, even with --accept-new-host-keys', async () => {
    // h1 pinned to h2's key in its own known_hosts file.
    const keyOf = (h: string) => readFileSync(fleet.knownHostsPath, 'utf8').split('\n').find((l) => l.startsWith(`${h},`))!.split(' ').slice(1).join(' ');
    const wrong = path.join(work, 'known_hosts_wrong');
    writeFileSync(wrong, `h1,${fleet.details[0].address} ${keyOf('h2')}\n`);
    const inventory = path.join(work, 'inventory-wrong.ini');
    writeFileSync(inventory, readFileSync(fleet.inventoryPath, 'utf8').replace(/^(h1 .*UserKnownHostsFile=)\S+/m, `$1${wrong}`));
    for (const extra of [[], ['--accept-new-host-keys']]) {
      const out = `mismatch${extra.length}`;
      const r = await run(out, ['--limit', 'h1', '--samples', '1', ...extra], inventory);
      expect(r.exitCode, r.stderr).toBe(2);
      const h1 = read(out).hosts[0];
      expect(h1).toMatchObject({ host: 'h1', status: 'unreachable' });
      expect(h1.error).toMatch(/host key/i);
      expect(h1.error).toMatch(/HOST IDENTIFICATION HAS CHANGED/);
      expect(h1.error).toContain(wrong);
    }
    expect(readFileSync(wrong, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('trusts an unknown host key only with --accept-new-host-keys, and pins it', async () => {
    const empty = path.join(work, 'known_hosts_empty');
    writeFileSync(empty, '');
    const inventory = path.join(work, 'inventory-new.ini');
    writeFileSync(inventory, readFileSync(fleet.inventoryPath, 'utf8').replace(/^(h1 .*UserKnownHostsFile=)\S+/m, `$1${empty}`));
    const strict = await run('new0', ['--limit', 'h1', '--samples', '1'], inventory);
    expect(strict.exitCode).toBe(2);
    expect(read('new0').hosts[0].error).toMatch(/host key .* is unknown.*--accept-new-host-keys/);
    const accepting = await run('new1', ['--limit', 'h1', '--samples', '1', '--accept-new-host-keys'], inventory);
    expect(accepting.exitCode, accepting.stderr).toBe(0);
    expect(read('new1').hosts[0]).toMatchObject({ host: 'h1', status: 'ok' });
    expect(readFileSync(empty, 'utf8')).toMatch(new RegExp(`^${fleet.details[0].address.replace(/\./g, '\\.')} ssh-ed25519 \\S+\\n$`));
  });

  it('stops cleanly on SIGINT: exit 130, the samples taken so far, no collector left on any node', async () => {
    const out = path.join(work, 'interrupted');
    const child = run('interrupted', ['--samples', '6', '--interval', '4s']);
    expect(await f.waitForFile(path.join(out, 'events.jsonl'), /"runner_start","host":"h2"/, 30_000)).toBe(true);
    await new Promise((res) => setTimeout(res, 2500)); // the first sample is taken at once, the next 4 s later
    const stoppedAt = Date.now();
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    const rep = read('interrupted');
    expect(rep.run.status).toBe('interrupted');
    for (const h of ['h1', 'h2']) {
      const got = rep.hosts.find((x) => x.host === h)!;
      expect(got.samples.length, h).toBeGreaterThanOrEqual(1);
      expect(got.samples.length, h).toBeLessThan(6);
      expect(got.error, h).toMatch(/stopped after \d of 6 samples/);
    }
    for (const h of ['h1', 'h2', 'h4']) expect(await fleet.exec(h, "pgrep -f 'fleet-diag-[c]ollector' || true"), h).toBe('');
    const records = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.at(-1)).toMatchObject({ type: 'end', outcome: 'interrupted' });
  });
});
