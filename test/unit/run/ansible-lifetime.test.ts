// ansible-playbook never outlives fleet-diag: not when fleet-diag exits, not when reading its
// events fails half-way (real ansible-playbook, local connection).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ansibleExecutor } from '../../../src/executors/ansible/execute.js';
import { makePlan } from '../../../src/plan/plan.js';
import { targetFor } from '../../../src/plan/targets.js';
import { repoRoot } from '../helpers/build.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pgrep = async (pattern: string) => (await execa('pgrep', ['-f', pattern], { reject: false })).stdout.split('\n').filter(Boolean);

describe('ansible-playbook lifetime', () => {
  let server: http.Server;
  let hangUrl: string;
  beforeAll(async () => {
    server = http.createServer(() => {}); // answers nothing
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    hangUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  it('is killed with its whole process group when fleet-diag exits while it runs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-life-'));
    const seconds = `${100 + Math.floor(Math.random() * 800)}.25`;
    writeFileSync(path.join(dir, 'play.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep ${seconds}\n`);
    writeFileSync(path.join(dir, 'hosts.ini'), 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    writeFileSync(path.join(dir, 'extra.yml'), '{}\n');
    writeFileSync(path.join(dir, 'limit.txt'), 'localhost\n');
    const script = path.join(dir, 'cli.mts');
    writeFileSync(script, `import { startPlaybook } from ${JSON.stringify(path.join(repoRoot, 'src/executors/ansible/runner.ts'))};
const d = ${JSON.stringify(dir)};
startPlaybook({ cwd: d, inventory: d + '/hosts.ini', playbook: d + '/play.yml', extravarsFile: d + '/extra.yml', limitFile: d + '/limit.txt', forks: 1, env: {}, logFile: d + '/ansible.log' });
// The task is running on the "node" once its sleep is there; then this CLI exits.
const { execFileSync } = await import('node:child_process');
for (let i = 0; i < 600; i++) {
  try { execFileSync('pgrep', ['-f', 'sleep ${seconds}']); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
}
process.exit(0);
`);
    const r = await execa(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [script], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    await sleep(500);
    expect(await pgrep(`ansible-playbook.*${dir}`)).toEqual([]);
    expect(await pgrep(`sleep ${seconds}`)).toEqual([]);
  }, 120_000);

  it('is stopped when the pass fails while reading its events, before the failure is handed on', async () => {
    const runDir = mkdtempSync(path.join(os.tmpdir(), 'fd-life-'));
    mkdirSync(path.join(runDir, 'hosts'));
    const inv = path.join(runDir, 'hosts.ini');
    writeFileSync(inv, 'h1 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\nh2 ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
    // h1 fails at once (nothing listens on port 9); h2's pprof never answers, so its batch would run for ~25 s.
    const targets = [targetFor('h1', { fleet_diag_pprof_url: 'http://127.0.0.1:9' }), targetFor('h2', { fleet_diag_pprof_url: hangUrl })];
    const plan = makePlan({ runId: 'life-1', targets, serial: [1], retries: 0, maxFail: 1, collect: { samples: 1, intervalMs: 0, timeoutMs: 20_000, debug2Cap: 10_000, fullStacks: false } });
    const ex = await ansibleExecutor(plan, runDir, inv, { signal: new AbortController().signal });
    const err = await ex.runPass({
      pass: 1, hosts: ['h1', 'h2'], batches: plan.batches,
      stopAfterBatch: () => {
        throw new Error('progress printer failed');
      },
      mayStop: false,
    }).then(() => null, (e: Error) => e);
    await ex.close();
    expect(err?.message).toBe('progress printer failed');
    expect(await pgrep(`ansible-playbook.*${runDir}`)).toEqual([]);
    expect(await pgrep(`fleet-diag-[c]ollector:[^ ]* ${hangUrl}`)).toEqual([]);
  }, 120_000);
});
