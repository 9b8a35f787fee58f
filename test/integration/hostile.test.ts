// Inventory values are data: they never run on the controller or the nodes, and host names
// never escape the run directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { fleetDiag, isRoot, repoRoot, startFleet, stopFleet, stateDir, type Fleet } from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';

const MARKERS = ['fd-pwned-url', 'fd-pwned-jinja', 'fd-pwned-shell', 'fd-pwned-name', 'fd-pwned-backtick'];

describe.skipIf(!isRoot)('hostile inventory values', () => {
  let fleet: Fleet;
  let work: string;
  let report: Report;
  let exitCode: number;
  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet(3);
    for (const m of MARKERS) rmSync(path.join('/tmp', m), { force: true });
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-hostile-'));
    const conn = {
      ansible_user: 'root',
      ansible_ssh_private_key_file: path.join(stateDir, 'id_ed25519'),
      ansible_ssh_common_args: `-o UserKnownHostsFile=${path.join(stateDir, 'known_hosts')} -o StrictHostKeyChecking=yes`,
      ansible_python_interpreter: '/usr/bin/python3',
    };
    const inventory = {
      all: {
        vars: conn,
        hosts: {
          h1: { ansible_host: '10.213.0.11' },
          '../../../tmp/fd-pwned-name': { ansible_host: '10.213.0.12' },
          h3: { ansible_host: '10.213.0.13', fleet_diag_pprof_url: 'http://127.0.0.1:6060/$(touch /tmp/fd-pwned-url)' },
          h3b: { ansible_host: '10.213.0.13', fleet_diag_process: "{{ lookup('pipe', 'touch /tmp/fd-pwned-jinja') }}" },
          h3c: { ansible_host: '10.213.0.13', fleet_diag_process: "x'; touch /tmp/fd-pwned-shell; echo '" },
          h3d: { ansible_host: '10.213.0.13', fleet_diag_process: '`touch /tmp/fd-pwned-backtick`$(touch /tmp/fd-pwned-shell)' },
        },
      },
    };
    writeFileSync(path.join(work, 'inventory.yml'), stringify(inventory));
    const r = await fleetDiag(['run', '-i', path.join(work, 'inventory.yml'), '--samples', '1', '--max-concurrent', '100%', '--retries', '0', '--out', path.join(work, 'run'), '--audit-log', path.join(work, 'audit.jsonl')]);
    exitCode = r.exitCode ?? -1;
    report = JSON.parse(readFileSync(path.join(work, 'run', 'report.json'), 'utf8'));
  }, 180_000);
  afterAll(async () => {
    await stopFleet();
  });

  it('runs nothing from inventory values, on the controller or on any node', async () => {
    for (const m of MARKERS) expect(existsSync(path.join('/tmp', m)), m).toBe(false);
    for (const h of fleet.hosts) expect(await fleet.exec(h, 'ls /tmp | grep fd-pwned || true'), h).toBe('');
  });

  it('fails only the host with a malformed URL, with a clear error', () => {
    expect(exitCode).toBe(2);
    const h3 = report.hosts.find((h) => h.host === 'h3')!;
    expect(h3.status).toBe('failed');
    expect(h3.error).toMatch(/fleet_diag_pprof_url/);
    for (const h of ['h1', '../../../tmp/fd-pwned-name', 'h3b', 'h3c', 'h3d']) {
      expect(report.hosts.find((x) => x.host === h)?.status, h).toBe('ok');
    }
  });

  it('keeps artifacts of a host named ../../.. inside the run directory', () => {
    const evil = report.hosts.find((h) => h.host.includes('fd-pwned-name'))!;
    const artifact = evil.samples[0].artifacts.debug1;
    expect(path.resolve(work, 'run', artifact).startsWith(path.join(work, 'run', 'hosts') + path.sep)).toBe(true);
    expect(readdirSync(path.join(work, 'run', 'hosts')).every((d) => !d.includes('/') && !d.startsWith('.'))).toBe(true);
  });
});
