// Our secrets (FLEET_DIAG_* variables) never reach a child process (issue 21): ansible-inventory,
// ansible-playbook, their plugins and dynamic inventory scripts (which a tenant's cloud tags can
// feed) saw every FLEET_DIAG_* secret of a watch or gate. Checked with a dynamic inventory script
// that dumps its environment each time Ansible runs it.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, buildCli, repoRoot } from '../helpers/build.js';
import { childEnv } from '../../../src/core/child-env.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;

const SECRETS = {
  FLEET_DIAG_WEBHOOK_TOKEN: 'tok-SECRET-0001',
  FLEET_DIAG_DINGTALK_SECRET: 'SECdingSECRET0002',
  FLEET_DIAG_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/SECRET0003',
  FLEET_DIAG_GATE_TOKEN: 'gate-SECRET-0004',
};

describe('childEnv', () => {
  it('drops every FLEET_DIAG_* variable and keeps the rest, with what we set on top', () => {
    const env = childEnv({ FLEET_DIAG_EVENTS: '/run/events.jsonl', ANSIBLE_CONFIG: '/run/ansible.cfg' }, { PATH: '/bin', HOME: '/root', ...SECRETS, FLEET_DIAG_DEBUG: '1' });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root', FLEET_DIAG_EVENTS: '/run/events.jsonl', ANSIBLE_CONFIG: '/run/ansible.cfg' });
  });

  it('is what every child process of src/ gets: no execa or execFile call inherits our environment', () => {
    const src = path.join(repoRoot, 'src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    let calls = 0;
    for (const f of files) {
      const text = readFileSync(path.join(src, f), 'utf8');
      for (const m of text.matchAll(/\b(execa|execFile|spawn|execFileSync|spawnSync|execSync|fork)\(/g)) {
        if (text.slice(Math.max(0, m.index - 9), m.index).includes('function')) continue;
        calls++;
        const call = text.slice(m.index, m.index + 700);
        expect(call, `${f}: ${call.split('\n')[0]}`).toMatch(/env: childEnv\(/);
        if (m[1] === 'execa') expect(call, `${f}: ${call.split('\n')[0]}`).toMatch(/extendEnv: false/);
      }
    }
    expect(calls).toBeGreaterThanOrEqual(5);
  });
});

describe.runIf(haveAnsible)('a run', () => {
  let dir: string;
  beforeAll(() => {
    buildCli();
    dir = mkdtempSync(path.join(tmpdir(), 'fd-childenv-'));
  }, 180_000);

  it('hands no FLEET_DIAG_* secret to ansible-inventory, ansible-playbook or a dynamic inventory script', () => {
    const dumps = path.join(dir, 'env-dumps');
    const script = path.join(dir, 'inventory-dump-env.sh');
    writeFileSync(script, [
      '#!/bin/sh',
      `mkdir -p '${dumps}'`,
      `env > '${dumps}/'"$$-$(date +%s%N)"`,
      `echo '{"_meta":{"hostvars":{"localhost":{"ansible_connection":"local","ansible_python_interpreter":"/usr/bin/python3","fleet_diag_pprof_url":"http://127.0.0.1:9"}}},"all":{"hosts":["localhost"]}}'`,
      '',
    ].join('\n'));
    chmodSync(script, 0o755);
    const r = spawnSync(process.execPath, [bin, 'run', '-i', script, '--samples', '1', '--retries', '0', '--timeout', '5s', '--out', path.join(dir, 'run'), '--audit-log', path.join(dir, 'audit.jsonl')], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...SECRETS, CI: '1' },
    });
    expect(r.status, r.stderr).toBe(2); // nothing listens on the pprof port: the host fails, the run finishes
    expect(existsSync(dumps)).toBe(true);
    const files = readdirSync(dumps);
    // ansible-inventory (the run's read) and ansible-playbook (its own read) both ran the script.
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const env = readFileSync(path.join(dumps, f), 'utf8');
      for (const secret of Object.values(SECRETS)) expect(env).not.toContain(secret);
      const ours = env.split('\n').filter((l) => l.startsWith('FLEET_DIAG_')).map((l) => l.split('=')[0]);
      // Only what we set for our callback plugin: where to write events, how much output to keep, where --max-fail answers.
      expect(ours.filter((k) => !['FLEET_DIAG_EVENTS', 'FLEET_DIAG_MAX_OUTPUT', 'FLEET_DIAG_GATE'].includes(k))).toEqual([]);
    }
    // The run's own files carry none of them either.
    for (const f of readdirSync(path.join(dir, 'run'))) {
      if (!/\.(cfg|yml|jsonl|log|json|txt)$/.test(f)) continue;
      const text = readFileSync(path.join(dir, 'run', f), 'utf8');
      for (const secret of Object.values(SECRETS)) expect(text, f).not.toContain(secret);
    }
  }, 150_000);
});
