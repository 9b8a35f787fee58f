// Issue 12: reading the inventory had no timeout and could not be cancelled; SIGTERM to
// fleet-diag waited for a hung dynamic inventory.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAnsibleTool } from '../../../src/inventory/ansible-cli.js';
import { bin, buildCli } from '../helpers/build.js';

const haveAnsible = spawnSync('ansible-inventory', ['--version'], { stdio: 'ignore' }).status === 0;
const alive = (pattern: string) => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim() !== '';
const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !ok(); ) await new Promise((r) => setTimeout(r, 100));
  return ok();
};

/** A tool that starts a grandchild (as ansible-inventory starts a script) and hangs. */
function hangingTool(): { tool: string; mark: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-hang-'));
  const mark = `fd-hang-${path.basename(dir)}`;
  const tool = path.join(dir, 'tool.sh');
  writeFileSync(tool, `#!/bin/sh\nsh -c 'sleep 60; echo ${mark}' &\nsleep 60\n`);
  chmodSync(tool, 0o755);
  return { tool, mark: dir };
}

describe('an Ansible tool, bounded', () => {
  it('is stopped with what it started when its time is up, naming the flag', async () => {
    const { tool, mark } = hangingTool();
    const t0 = Date.now();
    await expect(runAnsibleTool(tool, [], {}, { timeoutMs: 500, timeoutHint: '--inventory-timeout' })).rejects.toMatchObject({
      exitCode: 3, message: expect.stringMatching(/gave no answer in 0\.5 s: stopped .*--inventory-timeout to wait longer/),
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await until(() => !alive(mark), 5000)).toBe(true);
  });

  it('is stopped with what it started when the signal fires (exit 130)', async () => {
    const { tool, mark } = hangingTool();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await expect(runAnsibleTool(tool, [], {}, { signal: ac.signal })).rejects.toMatchObject({ exitCode: 130, message: expect.stringMatching(/interrupted/) });
    expect(await until(() => !alive(mark), 5000)).toBe(true);
  });

  it('answers as before when in time', async () => {
    await expect(runAnsibleTool('sh', ['-c', 'echo hi'], {}, { timeoutMs: 10_000 })).resolves.toEqual({ stdout: 'hi', stderr: '', exitCode: 0 });
  });
});

describe.runIf(haveAnsible)('run with a hung dynamic inventory', () => {
  beforeAll(buildCli, 180_000);

  /** The script marks that it runs (pgrep would also match fleet-diag's own command line). */
  function script(): { dir: string; file: string; started: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-hunginv-'));
    const file = path.join(dir, 'inventory-hung.sh');
    const started = path.join(dir, 'started');
    writeFileSync(file, `#!/bin/sh\ntouch '${started}'\nsleep 120\necho '{"_meta":{"hostvars":{}},"all":{"hosts":[]}}'\n`);
    chmodSync(file, 0o755);
    return { dir, file, started };
  }

  it('--inventory-timeout ends it: exit 3, one line, the script stopped', async () => {
    const s = script();
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [bin, 'run', '-i', s.file, '--inventory-timeout', '2s', '--audit-log', path.join(s.dir, 'a.jsonl')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toMatch(/^fleet-diag: ansible-inventory gave no answer in 2 s: stopped \(a hung dynamic inventory\?\); --inventory-timeout to wait longer\n$/m);
    expect(r.status).toBe(3);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(await until(() => !alive(s.file), 5000)).toBe(true);
  }, 60_000);

  for (const [when, settle] of [['as soon as the inventory script runs', 0], ['a little later', 2000]] as const) {
    it(`SIGTERM ${when} does not wait for it: exit 130 within seconds, the script stopped`, async () => {
      const s = script();
      const child = spawn(process.execPath, [bin, 'run', '-i', s.file, '--audit-log', path.join(s.dir, 'a.jsonl')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      expect(await until(() => existsSync(s.started), 15_000)).toBe(true);
      await new Promise((r) => setTimeout(r, settle));
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(code).toBe(130);
      expect(stderr).toMatch(/SIGTERM received/);
      expect(await until(() => !alive(s.file), 5000)).toBe(true);
    }, 60_000);
  }
});
