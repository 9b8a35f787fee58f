// `run` starts ansible-inventory before loading its own modules (main.ts). The early result is
// the one the run uses (the inventory is read once), and a run that stops early does not wait
// for a slow dynamic inventory, nor leave it running.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildCli } from '../helpers/build.js';

const haveAnsible = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;

beforeAll(buildCli, 180_000);

/** A dynamic inventory script that logs each run, sleeps, then lists no hosts. */
function script(sleepSeconds: number): { dir: string; file: string; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-early-'));
  const log = path.join(dir, 'runs.log');
  const file = path.join(dir, 'inventory-fd-early.sh');
  writeFileSync(file, `#!/bin/sh\necho run >> '${log}'\nsleep ${sleepSeconds}\necho '{"_meta":{"hostvars":{}},"all":{"hosts":[]}}'\n`);
  chmodSync(file, 0o755);
  return { dir, file, log };
}

const runs = (log: string) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

describe.runIf(haveAnsible)('early inventory read', () => {
  it('is the read the run uses: the inventory runs once', () => {
    const s = script(0);
    const r = spawnSync(process.execPath, [bin, 'run', '-i', s.file, '--out', path.join(s.dir, 'run'), '--audit-log', path.join(s.dir, 'audit.jsonl')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toMatch(/has no hosts/);
    expect(r.status).toBe(3);
    expect(runs(s.log)).toBe(1);
  });

  it('does not hold back a usage error, and is stopped', () => {
    const s = script(30);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [bin, 'run', '-i', s.file, '--samples', 'x'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe("fleet-diag: --samples: 'x' is not a whole number\n");
    expect(r.status).toBe(3);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const left = spawnSync('pgrep', ['-f', s.file], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
  });
});
