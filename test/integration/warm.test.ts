// watch keeps its SSH connections across iterations (issue 20): one login per host for a whole
// watch, counted in each node's own sshd log; nothing of them is left when the watch ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as F from '../fleet/fleet.js';

const opts = { ns: 'fdw', net: 221 };
/** Launchers (ansible-playbook started ahead, issue 20) of this checkout, alive now. */
const launchers = async () => (await execa('pgrep', ['-f', path.join(F.repoRoot, 'src', 'executors', 'ansible', 'launcher')], { reject: false })).stdout.split('\n').filter(Boolean);
/** Polls for a launcher until `stop` resolves; whether one was seen. */
async function sawLauncher(stop: Promise<unknown>): Promise<boolean> {
  let done = false;
  void stop.finally(() => (done = true));
  while (!done) {
    if ((await launchers()).length > 0) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
const logins = (f: F.Fleet) => f.details.map((h) => readFileSync(path.join(h.dir, 'sshd.log'), 'utf8').split('\n').filter((l) => l.includes('Accepted publickey')).length);

describe.skipIf(!F.isRoot)('warm connections on a test fleet', () => {
  let fleet: F.Fleet;
  let work: string;
  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: F.repoRoot });
    fleet = await F.startFleet([{}, { leak: 'chan-receive', rate: 5 }], opts);
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-warm-'));
  }, 120_000);
  afterAll(async () => {
    await F.stopFleet(opts);
  });

  it('watch logs in once per host for all its iterations, and closes its connections at the end', async () => {
    const before = logins(fleet);
    const watch = F.fleetDiag(['watch', '-i', fleet.inventoryPath, '--every', '1s', '--iterations', '3', '--samples', '1', '--retries', '0',
      '--snapshots', path.join(work, 'snaps'), '--retain', 'off', '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    // ansible-playbook is started ahead for the next iteration, and none is left after the watch.
    expect(await sawLauncher(watch)).toBe(true);
    const r = await watch;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await launchers()).toEqual([]);
    expect(readdirSync(path.join(work, 'snaps')).length).toBe(3);
    const after = logins(fleet);
    expect(after.map((n, i) => n - before[i])).toEqual([1, 1]);
    // No ControlPersist master of ours outlives the watch.
    const masters = await execa('pgrep', ['-f', 'ssh: .*fdcp-'], { reject: false });
    expect(masters.stdout.trim()).toBe('');
  }, 180_000);

  it('ssh executor: one login per host too; a connection that died between iterations is made again, the host not failed', async () => {
    const before = logins(fleet);
    const snaps = path.join(work, 'snaps-ssh');
    // A gap long enough that the cut below lands between iterations even when the first one is
    // slow (since the inventory is read once per watch, the next iteration uses the kept
    // connection at once: a cut then would land during its collection, a different case).
    const watch = F.fleetDiag(['watch', '-i', fleet.inventoryPath, '--executor', 'ssh', '--every', '10s', '--iterations', '3', '--samples', '1', '--retries', '0',
      '--snapshots', snaps, '--retain', 'off', '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    // Once the first iteration is written, cut h1's kept connection on the node's side.
    const first = await (async () => {
      for (let i = 0; i < 600; i++) {
        const done = existsSync(snaps) && readdirSync(snaps).some((d) => existsSync(path.join(snaps, d, 'report.json')));
        if (done) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    })();
    expect(first).toBe(true);
    await fleet.exec(fleet.hosts[0], "pkill -f '^sshd: root' || true");
    const r = await watch;
    expect(r.exitCode, r.stderr).toBe(0);
    const reports = readdirSync(snaps).sort().map((d) => JSON.parse(readFileSync(path.join(snaps, d, 'report.json'), 'utf8')));
    expect(reports.map((x) => x.run.hostsOk)).toEqual([2, 2, 2]);
    expect(logins(fleet).map((n, i) => n - before[i])).toEqual([2, 1]);
  }, 180_000);

  it('a launcher waiting between iterations ends with the watch: on SIGINT, and by itself when fleet-diag is killed', async () => {
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const snaps = path.join(work, `snaps-${signal}`);
      const watch = F.fleetDiag(['watch', '-i', fleet.inventoryPath, '--every', '60s', '--iterations', '3', '--samples', '1', '--retries', '0',
        '--snapshots', snaps, '--retain', 'off', '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
      expect(await sawLauncher(watch), signal).toBe(true);
      // In the idle gap after the first iteration.
      expect(await F.waitForFile(path.join(snaps, readdirSync(snaps)[0] ?? 'x', 'report.json'), /"run"/, 60_000)).toBe(true);
      watch.kill(signal);
      const r = await watch;
      if (signal === 'SIGINT') expect(r.exitCode, r.stderr).toBe(130);
      // Killed outright, fleet-diag closes nothing: the launcher sees its stdin close and exits.
      let left = await launchers();
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await new Promise((res) => setTimeout(res, 100));
        left = await launchers();
      }
      expect(left, signal).toEqual([]);
    }
    // The killed watch's ControlPersist masters (bounded by their idle time) are ended here.
    const masters = (await execa('pgrep', ['-f', 'ssh: .*fdcp-'], { reject: false })).stdout.split('\n').filter(Boolean);
    for (const pid of masters) process.kill(Number(pid), 'SIGTERM');
  }, 240_000);

  it('a single run still logs in for itself and keeps nothing', async () => {
    const before = logins(fleet);
    const r = await F.fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '1', '--retries', '0', '--out', path.join(work, 'run'), '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(logins(fleet).map((n, i) => n - before[i])).toEqual([1, 1]);
  }, 120_000);
});
