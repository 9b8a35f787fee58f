// SIGINT / SIGTERM in the middle of a run, as AWX does when a job is cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDiag, isRoot, waitForFile, repoRoot, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';


describe.skipIf(!isRoot)('interrupting a run', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet(3, { h1: { leak: 'chan-receive', rate: 10 } });
  }, 120_000);
  afterAll(async () => {
    await stopFleet();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: stops Ansible in stages, leaves nothing running, writes a partial report and an interrupted audit record`, async () => {
      const work = mkdtempSync(path.join(os.tmpdir(), 'fd-int-'));
      const out = path.join(work, 'run');
      const audit = path.join(work, 'audit.jsonl');
      const started = Date.now();
      const child = fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '6', '--interval', '4s', '--max-concurrent', '100%', '--out', out, '--audit-log', audit]);
      // Interrupt once every sampling window is running on the nodes (a 20 s window: one raw
      // command per host, holding its SSH session; the last host's starts last).
      expect(await waitForFile(path.join(out, 'events.jsonl'), /"host": "h3", "task": "[^"]*fleet-diag snapshot", "event": "runner_start"/, 60_000)).toBe(true);
      await new Promise((res) => setTimeout(res, 2500)); // the first sample is taken at once, the next 4 s later
      child.kill(signal);
      const r = await child;
      expect(r.exitCode).toBe(130);
      expect(Date.now() - started).toBeLessThan(60_000);

      const report: Report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
      expect(report.run.status).toBe('interrupted');
      expect(report.hosts).toHaveLength(3);
      // What the nodes had collected before the stop is in the report.
      for (const h of report.hosts) {
        expect(h.samples.length, h.host).toBeGreaterThanOrEqual(1);
        expect(h.samples.length, h.host).toBeLessThan(6);
        expect(h.error, h.host).toMatch(/stopped after \d of 6 samples/);
        expect(h.goroutines, h.host).toBeGreaterThan(0);
      }
      const records = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(records.at(-1)).toMatchObject({ type: 'end', outcome: 'interrupted' });
      expect((await fleetDiag(['audit', 'verify', '--audit-log', audit])).exitCode).toBe(0);

      // Nothing of the run survives: no ansible-playbook, no ssh, no collector on any node.
      await new Promise((res) => setTimeout(res, 1000));
      // This run's processes: its run dir and its own SSH ControlPersist directory (from its ansible.cfg).
      const controlDir = /control_path_dir = (\S+)/.exec(readFileSync(path.join(out, 'ansible.cfg'), 'utf8'))![1];
      const local = await execa('pgrep', ['-af', `${out}|${controlDir}`], { reject: false });
      expect(local.stdout.split('\n').filter((l) => l && !l.includes('pgrep')), local.stdout).toEqual([]);
      for (const h of fleet.hosts) {
        expect(await fleet.exec(h, "pgrep -f 'fleet-diag-[c]ollector' || true"), h).toBe('');
      }
    }, 120_000);
  }
});
