// Host names are tenant data: real ansible-playbook runs (local connection) through run, watch and
// gate, with a host whose name would run a command on the controller if Ansible templated it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { bin, buildCli } from '../helpers/build.js';
import { startPprofStub } from '../helpers/pprof-stub.js';
import { hostNameProblem } from '../../../src/plan/host-names.js';
import { parseHostListing } from '../../../src/inventory/read.js';
import type { Report } from '../../../src/report/types.js';

let work: string;
let stub: Awaited<ReturnType<typeof startPprofStub>>;
const canary = () => path.join(work, 'canary');
const EVIL = () => `web-1{{ lookup('pipe', 'id > ${canary()}') }}`;

function inventory(file: string, hosts: string[]): string {
  const inv = {
    all: {
      vars: { ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3', fleet_diag_pprof_url: stub.url },
      hosts: Object.fromEntries(hosts.map((h) => [h, {}])),
    },
  };
  writeFileSync(path.join(work, file), stringify(inv));
  return path.join(work, file);
}

const cli = (args: string[]) => execa(process.execPath, [bin, ...args], { cwd: work, reject: false, timeout: 120_000, env: { CI: '1' } });

beforeAll(async () => {
  buildCli();
  work = mkdtempSync(path.join(os.tmpdir(), 'fd-names-'));
  stub = await startPprofStub();
}, 180_000);
afterAll(async () => {
  await stub?.close();
});

describe('host names Ansible would template', () => {
  it('are refused by name, before Ansible starts', () => {
    expect(hostNameProblem("web-1{{ lookup('pipe','id') }}")).toMatch(/template syntax/);
    expect(hostNameProblem('web-{% if 1 %}x{% endif %}')).toMatch(/template syntax/);
    expect(hostNameProblem('web-{# c #}')).toMatch(/template syntax/);
    expect(hostNameProblem('web\n3')).toMatch(/control characters/);
    expect(hostNameProblem('web\u001b]0;x\u0007')).toMatch(/control characters/);
    expect(hostNameProblem('web\u0085')).toMatch(/control characters/);
    expect(hostNameProblem(' web-1')).toMatch(/whitespace/);
    for (const ok of ['web-1', 'web-1.example.com', '10.0.0.1', '[::1]', 'web_{1}', 'web-*', '~x', '!x', 'host{']) expect(hostNameProblem(ok), ok).toBeNull();
  });

  it('run: never evaluates the name, collects the other hosts, names the refused one', async () => {
    const inv = inventory('evil.yml', [EVIL(), 'web-2']);
    const r = await cli(['run', '-i', inv, '--samples', '1', '--retries', '0', '--max-concurrent', '100%', '--allow', 'web-*', '--out', 'run', '--audit-log', 'audit.jsonl']);
    expect(existsSync(canary())).toBe(false);
    expect(r.exitCode, r.stderr).toBe(2);
    const report: Report = JSON.parse(readFileSync(path.join(work, 'run', 'report.json'), 'utf8'));
    expect(report.hosts.find((h) => h.host === 'web-2')?.status).toBe('ok');
    const evil = report.hosts.find((h) => h.host === EVIL())!;
    expect(evil).toMatchObject({ status: 'failed', error: expect.stringMatching(/template syntax/) });
    // Nothing of it reached Ansible's files.
    for (const f of ['extravars.yml', 'limit-1.txt']) expect(readFileSync(path.join(work, 'run', f), 'utf8')).not.toContain('lookup');
  }, 120_000);

  it('watch: the same', async () => {
    const inv = inventory('evil-watch.yml', [EVIL(), 'web-2']);
    const r = await cli(['watch', '-i', inv, '--every', '1s', '--iterations', '1', '--samples', '1', '--retries', '0', '--max-concurrent', '100%', '--snapshots', 'snaps', '--audit-log', 'audit.jsonl']);
    expect(existsSync(canary())).toBe(false);
    expect(r.stderr).toMatch(/1\/2 host\(s\) collected/);
    const [snap] = readdirSync(path.join(work, 'snaps')).filter((d) => existsSync(path.join(work, 'snaps', d, 'report.json')));
    const report: Report = JSON.parse(readFileSync(path.join(work, 'snaps', snap, 'report.json'), 'utf8'));
    expect(report.hosts.map((h) => [h.host, h.status])).toEqual([[EVIL(), 'failed'], ['web-2', 'ok']]);
  }, 120_000);

  it('gate: the same', async () => {
    const inv = inventory('evil-gate.yml', [EVIL(), 'web-2']);
    const r = await cli(['gate', '-i', inv, '--count', '1', '--interval', '1s', '--samples', '1', '--retries', '0', '--max-concurrent', '100%', '--min-measured', '50%', '--out', 'gate', '--audit-log', 'audit.jsonl', '--json']);
    expect(existsSync(canary())).toBe(false);
    const out = JSON.parse(r.stdout);
    expect(out.measurements[0]).toMatchObject({ hostsTargeted: 2, hostsMeasured: 1 });
  }, 120_000);
});

describe('a newline in a host name', () => {
  it('fails that host only; the retry pass and the report go on', async () => {
    const inv = inventory('newline.yml', ['web\n3', 'web-2']);
    const r = await cli(['run', '-i', inv, '--limit', 'web*', '--samples', '1', '--retries', '1', '--max-concurrent', '100%', '--out', 'nl', '--audit-log', 'audit.jsonl']);
    expect(r.exitCode, r.stderr).toBe(2);
    const report: Report = JSON.parse(readFileSync(path.join(work, 'nl', 'report.json'), 'utf8'));
    expect(report.hosts.map((h) => [h.host, h.status])).toEqual([['web\n3', 'failed'], ['web-2', 'ok']]);
    expect(report.hosts[0].error).toMatch(/control characters/);
  }, 120_000);

  it('is read back whole from `ansible --list-hosts`', async () => {
    const inv = inventory('listing.yml', ['web\n    3', 'web\nx', 'web-2']);
    const { stdout } = await execa('ansible', ['-i', inv, '--list-hosts', 'all'], { env: { ANSIBLE_LOCALHOST_WARNING: 'False' } });
    expect(parseHostListing(stdout, new Set(['web\n    3', 'web\nx', 'web-2']))).toEqual(['web\n    3', 'web\nx', 'web-2']);
    expect(parseHostListing(stdout)).toEqual(['web', '3', 'web\nx', 'web-2']);
  });
});
