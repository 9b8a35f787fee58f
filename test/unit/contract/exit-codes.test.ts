// Exit codes are a contract (DESIGN.md, README's table): AWX jobs and rollout gates read them.
// Precedence 130 > 3 > 2 > 1 > 0; 4 when Ansible is missing or broken; --max-fail stops a run.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../src/pipeline/outcome.js';
import { EXIT } from '../../../src/core/exit-codes.js';
import { down, group, host, report } from '../diff/reports.js';
import { bin, buildCli } from '../helpers/build.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const leaking = host('h1', [group('leak00', 500, { leaking: true, verdict: 'leaking' })]);

describe('exit-code precedence (run, analyze, aggregate)', () => {
  it('interrupted beats incomplete beats findings beats ok; findings fail only with --fail-on', () => {
    const incompleteWithLeak = report([leaking, down('h2')]);
    const interrupted = { ...incompleteWithLeak, run: { ...incompleteWithLeak.run, status: 'interrupted' as const } };
    expect(exitCodeFor(interrupted, 'suspect')).toBe(EXIT.interrupted);
    expect(exitCodeFor(incompleteWithLeak, 'suspect')).toBe(EXIT.incomplete);
    expect(exitCodeFor(report([leaking]), 'suspect')).toBe(EXIT.findings);
    expect(exitCodeFor(report([leaking]), 'leaking')).toBe(EXIT.findings);
    expect(exitCodeFor(report([leaking]), null)).toBe(EXIT.ok);
    expect(exitCodeFor(report([host('h1', [group('pool00', 5)])]), 'suspect')).toBe(EXIT.ok);
    expect([EXIT.ok, EXIT.findings, EXIT.incomplete, EXIT.usage, EXIT.ansible, EXIT.internal, EXIT.interrupted]).toEqual([0, 1, 2, 3, 4, 5, 130]);
  });
});

describe('the built CLI', () => {
  beforeAll(buildCli, 180_000);

  /** A directory of stand-in tools first on PATH. */
  function tools(scripts: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-tools-'));
    for (const [name, body] of Object.entries(scripts)) {
      writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(path.join(dir, name), 0o755);
    }
    return { dir, env: { ...process.env, PATH: `${dir}:/usr/bin:/bin` } };
  }
  const run = (args: string[], env: NodeJS.ProcessEnv, cwd: string) => spawnSync(process.execPath, [bin, 'run', ...args], { encoding: 'utf8', env, cwd, timeout: 120_000 });

  it('exit 4 with one line when Ansible is missing', () => {
    const t = tools({});
    const env = { ...t.env, PATH: t.dir }; // nothing else: no ansible-inventory anywhere
    writeFileSync(path.join(t.dir, 'hosts.ini'), 'h1\n');
    const r = spawnSync(process.execPath, [bin, 'run', '-i', path.join(t.dir, 'hosts.ini'), '--audit-log', path.join(t.dir, 'a.jsonl')], { encoding: 'utf8', env, cwd: t.dir, timeout: 60_000 });
    expect(r.stderr).toMatch(/^fleet-diag: ansible-inventory not found: install Ansible \(Debian: apt-get install ansible-core\)\n$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.status).toBe(EXIT.ansible);
  });

  it('exit 4 when ansible-playbook is broken (it fails before running anything)', () => {
    const inv = JSON.stringify({ _meta: { hostvars: { h1: {} } }, all: { hosts: ['h1'] } });
    const t = tools({
      'ansible-inventory': `echo '${inv}'`,
      'ansible-playbook': 'echo "ERROR! Unexpected Exception, this is probably a bug: No module named \'ansible.module_utils\'" >&2; exit 250',
    });
    writeFileSync(path.join(t.dir, 'hosts.ini'), 'h1\n');
    const r = run(['-i', path.join(t.dir, 'hosts.ini'), '--out', path.join(t.dir, 'run'), '--audit-log', path.join(t.dir, 'a.jsonl')], t.env, t.dir);
    expect(r.stderr).toMatch(/^fleet-diag: ansible-playbook failed before running \(exit 250\): Unexpected Exception, this is probably a bug/m);
    expect(r.status).toBe(EXIT.ansible);
    // The run's audit start still gets its end.
    const records = readFileSync(path.join(t.dir, 'a.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((x) => `${x.type}:${x.outcome ?? ''}`)).toEqual(['start:', 'end:failed']);
  });

  it.runIf(haveAnsible)('--max-fail stops a real run between batches: the rest are not collected, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-maxfail-'));
    // Four local hosts whose pprof port refuses: every one that runs fails.
    const line = (h: string) => `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3 fleet_diag_pprof_url=http://127.0.0.1:9`;
    writeFileSync(path.join(dir, 'hosts.ini'), `${['h1', 'h2', 'h3', 'h4'].map(line).join('\n')}\n`);
    const r = run(['-i', path.join(dir, 'hosts.ini'), '--serial', '1', '--max-fail', '25%', '--retries', '0', '--samples', '1', '--out', path.join(dir, 'run'), '--audit-log', path.join(dir, 'a.jsonl'), '--json'], process.env, dir);
    expect(r.status, r.stderr).toBe(EXIT.incomplete);
    const rep = JSON.parse(readFileSync(path.join(dir, 'run', 'report.json'), 'utf8'));
    expect(rep.run.notes).toContain('run stopped after 2 hosts failed (more than --max-fail 25% of 4)');
    const notCollected = rep.hosts.filter((h: { error: string }) => /^not collected: run stopped after 2 hosts failed/.test(h.error));
    expect(notCollected.map((h: { host: string }) => h.host)).toEqual(['h3', 'h4']);
    expect(readdirSync(path.join(dir, 'run'))).toContain('events.jsonl');
    // Held at its start until the threshold was asked (however slow the machine): never started.
    const started = readFileSync(path.join(dir, 'run', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.event === 'runner_start').map((e) => e.host);
    expect(started).toEqual(['h1', 'h2']);
    expect(readFileSync(path.join(dir, 'run', 'gate-1', 'play-3'), 'utf8')).toBe('stop\n');
  }, 120_000);
});
