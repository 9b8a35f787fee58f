// playbooks/collect.yml as AWX and Semaphore run it: plain ansible-playbook on two slices of a
// test fleet (--limit, a new results directory each), then `fleet-diag aggregate` of both; and the
// same playbook under ansible-runner (AWX's engine): a private data dir with project/, inventory/
// and env/extravars, a successful status, and the set_stats summary on playbook_on_stats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDiag, isRoot, leakSite, repoRoot, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';
import { validateReport } from '../../src/report/validate.js';
import { verifyAudit, readAudit } from '../../src/audit/log.js';
import type { AuditRecord } from '../../src/audit/log.js';

/** Every record of an audit log (readAudit streams them). */
async function auditRecords(file: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const r of readAudit(file)) out.push(r);
  return out;
}
import type { Report } from '../../src/report/types.js';

const where = { ns: 'fdw', net: 222 };
const bin = path.join(repoRoot, 'bin', 'fleet-diag.js');
const hasRunner = existsSync('/usr/bin/ansible-runner');

describe.skipIf(!isRoot)('playbooks/collect.yml as AWX and Semaphore run it', () => {
  let fleet: Fleet;
  let work: string;
  const slice = (n: number) => path.join(work, 'results', `slice-${n}`);
  const playbook = (args: string[], env: Record<string, string> = {}) =>
    execa('ip', ['netns', 'exec', fleet.ctl, 'ansible-playbook', '-i', fleet.inventoryPath, path.join(repoRoot, 'playbooks', 'collect.yml'), ...args], {
      reject: false, env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', ...env }, timeout: 240_000,
    });
  let first: Awaited<ReturnType<typeof playbook>>;
  let second: Awaited<ReturnType<typeof playbook>>;

  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet([
      { leak: 'none', pool: 10, churn: 5 },
      { leak: 'chan-receive', rate: 20, initial: 50 },
      { leak: 'chan-receive', rate: 30, initial: 50 },
      { service: 'stopped' },
      { sshd: 'stopped' },
    ], where);
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-awx-'));
    // Slice 1: raw totals only (no fleet-diag on the controller); its custom stats shown in the recap.
    first = await playbook(['--limit', 'h1,h2', '-e', `fleet_diag_out=${slice(1)}`, '-e', 'fd_samples=3', '-e', 'fd_interval_s=3', '-e', 'fd_timeout_s=10',
      '-e', 'awx_job_id=101', '-e', 'awx_user_name=alice'], { ANSIBLE_SHOW_CUSTOM_STATS: 'true' });
    // Slice 2: with fleet_diag_bin, so its summary has verdicts; an unreachable host and a stopped service.
    second = await playbook(['--limit', 'h3,h4,h5', '-e', `fleet_diag_out=${slice(2)}`, '-e', 'fd_samples=3', '-e', 'fd_interval_s=3', '-e', 'fd_timeout_s=10',
      '-e', `fleet_diag_bin=${bin}`, '-e', 'awx_job_id=102', '-e', 'awx_user_name=alice']);
  }, 600_000);

  afterAll(async () => {
    await stopFleet(where);
  });

  it('creates its new results directories and leaves one result per host of its slice; findings and unreachable hosts do not fail the job', () => {
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(readdirSync(slice(1)).filter((f) => f.endsWith('.json')).sort()).toEqual(['h1.json', 'h2.json']);
    expect(readdirSync(slice(2)).filter((f) => f.endsWith('.json')).sort()).toEqual(['h3.json', 'h4.json', 'h5.json']);
    const h5 = JSON.parse(readFileSync(path.join(slice(2), 'h5.json'), 'utf8'));
    expect(h5.unreachable).toBe(true);
    expect(h5.job).toMatchObject({ awx_job_id: '102', awx_user_name: 'alice' });
    expect(h5.limit).toBe('h3,h4,h5');
  });

  it('prints a Markdown summary; without fleet_diag_bin it publishes the raw totals', () => {
    expect(first.stdout).toContain('## fleet-diag: ok, 2 of 2 hosts collected');
    expect(first.stdout).toMatch(/\| h2 \| ok \| - \| \d+ \|/);
    // ANSIBLE_SHOW_CUSTOM_STATS prints set_stats data in the recap.
    const custom = first.stdout.slice(first.stdout.indexOf('CUSTOM STATS'));
    expect(custom).toContain('"source": "raw"');
  });

  it('with fleet_diag_bin the summary carries verdicts, and the slice report sits in the results directory', () => {
    expect(second.stdout).toContain('## fleet-diag: partial, 1 of 3 hosts collected');
    expect(second.stdout).toMatch(/\| h5 \| unreachable \| unknown \| - \|/);
    expect(second.stdout).toMatch(/\| h3 \| ok \| (suspect|leaking) \| \d+ \|/);
    const stats = JSON.parse(readFileSync(path.join(slice(2), 'report', 'stats.json'), 'utf8'));
    expect(stats.hosts.h4.status).toBe('failed');
    expect(stats.suspects.find((x: { function: string }) => x.function === leakSite('chan-receive').function)).toMatchObject({ class: 'chan-receive', hosts: 1 });
    expect(stats.verdicts.suspect + stats.verdicts.leaking).toBe(1);
  });

  it('fleet_diag_fail_on fails the job when asked', async () => {
    const r = await playbook(['--limit', 'h4', '-e', `fleet_diag_out=${path.join(work, 'results', 'fail-on')}`, '-e', 'fd_timeout_s=5', '-e', 'fleet_diag_fail_on=incomplete']);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toContain('fleet_diag_fail_on=incomplete: 1 host(s) not collected');
  }, 120_000);

  it('aggregate merges both slices into one report shaped like run\'s, with verdicts, history and an audit record naming the AWX jobs', async () => {
    const runs = path.join(work, 'runs');
    const r = await fleetDiag(['aggregate', slice(1), slice(2), '--out', path.join(runs, 'agg-1'), '--json'], { fleet });
    expect(r.exitCode, r.stderr).toBe(2); // h4 and h5 not collected
    const report: Report = JSON.parse(r.stdout);
    expect(await validateReport(report)).toEqual([]);
    expect(report.hosts.map((h) => h.host).sort()).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(report.run).toMatchObject({ status: 'partial', hostsOk: 3, hostsTargeted: 5, samples: 3, intervalSeconds: 3, timeoutSeconds: 10, limit: 'h1,h2,h3,h4,h5' });
    const host = (h: string) => report.hosts.find((x) => x.host === h)!;
    expect(host('h1').verdict).toBe('healthy');
    expect(host('h2').verdict).toBe('leaking');
    expect(['suspect', 'leaking']).toContain(host('h3').verdict);
    expect(host('h2').samples).toHaveLength(3);
    expect(host('h5').status).toBe('unreachable');
    expect(report.suspects.find((x) => x.function === leakSite('chan-receive').function)?.hosts.sort()).toEqual(['h2', 'h3']);
    expect(existsSync(path.join(runs, 'agg-1', host('h2').samples[2].artifacts.debug1))).toBe(true);

    // The audit log beside the runs: verifiable, naming both slice jobs and who launched them.
    const audit = path.join(runs, 'audit.jsonl');
    expect((await verifyAudit(audit)).ok).toBe(true);
    const start = (await auditRecords(audit)).find((x) => x.type === 'start')!;
    expect(start).toMatchObject({ kind: 'aggregate', scheduler: 'awx', job: '101', jobUser: 'alice' });
    expect((start.jobs as { job: string }[]).map((j) => j.job).sort()).toEqual(['101', '102']);

  }, 120_000);

  it.skipIf(!hasRunner)('runs under ansible-runner: status successful, set_stats summary on playbook_on_stats', async () => {
    const pdd = path.join(work, 'runner');
    mkdirSync(path.join(pdd, 'inventory'), { recursive: true });
    mkdirSync(path.join(pdd, 'env'));
    cpSync(path.join(repoRoot, 'playbooks'), path.join(pdd, 'project'), { recursive: true, dereference: true });
    cpSync(fleet.inventoryPath, path.join(pdd, 'inventory', 'hosts'));
    const out = path.join(work, 'results', 'runner');
    writeFileSync(path.join(pdd, 'env', 'extravars'), [
      `fleet_diag_out: ${out}`, `fleet_diag_bin: ${bin}`, 'fd_timeout_s: 10', 'fd_samples: 3', 'fd_interval_s: 3', 'awx_job_id: 201', 'awx_user_name: bob', '',
    ].join('\n'));
    const r = await execa('ip', ['netns', 'exec', fleet.ctl, 'ansible-runner', 'run', pdd, '-p', 'collect.yml', '--limit', 'h1,h3,h5', '--ident', 'job-201'], { reject: false, timeout: 240_000 });
    const artifacts = path.join(pdd, 'artifacts', 'job-201');
    expect(readFileSync(path.join(artifacts, 'status'), 'utf8').trim(), r.stdout + r.stderr).toBe('successful');
    expect(readFileSync(path.join(artifacts, 'rc'), 'utf8').trim()).toBe('0');
    const events = readdirSync(path.join(artifacts, 'job_events')).map((f) => JSON.parse(readFileSync(path.join(artifacts, 'job_events', f), 'utf8')));
    const stats = events.find((e) => e.event === 'playbook_on_stats');
    const summary = stats.event_data.artifact_data.fleet_diag;
    expect(summary).toMatchObject({ source: 'fleet-diag', hostsTargeted: 3, hostsOk: 2, status: 'partial' });
    expect(summary.hosts.h1).toMatchObject({ status: 'ok', verdict: 'healthy' });
    expect(summary.hosts.h5.status).toBe('unreachable');
    // The published verdicts are report.json's.
    const runnerReport: Report = JSON.parse(readFileSync(path.join(out, 'report', 'report.json'), 'utf8'));
    for (const h of runnerReport.hosts) expect(summary.hosts[h.host]).toEqual({ status: h.status, verdict: h.verdict, goroutines: h.goroutines });
    expect(summary.suspects[0]?.function).toBe(leakSite('chan-receive').function);
    const audit = await auditRecords(path.join(out, 'audit.jsonl'));
    expect(audit[0]).toMatchObject({ kind: 'aggregate', job: '201', jobUser: 'bob', scheduler: 'awx' });

    // Aggregated under the runs root of the two slices, it has them as history (`report --html`).
    const runs = path.join(work, 'runs');
    const again = await fleetDiag(['aggregate', out, '--out', path.join(runs, 'agg-2')], { fleet });
    expect(again.exitCode, again.stderr).toBe(2);
    const html = await fleetDiag(['report', path.join(runs, 'agg-2'), '--html', path.join(work, 'agg.html')], { fleet });
    expect(html.exitCode, html.stderr).toBe(0);
    expect(html.stderr).toMatch(/history: 1 earlier run/);
  }, 300_000);
});
