// The role (roles/goroutine_snapshot, which AWX runs through playbooks/collect.yml) and the driver
// (`fleet-diag run`) must not drift apart: the task names the driver reads events by, and the
// collector command Ansible renders from the role's own variables, checked against the driver's.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { TASKS } from '../../../src/collect/run-events.js';
import { collectorArgv, collectorSettings, collectorTag, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { extravarsYaml } from '../../../src/executors/ansible/playbook.js';
import { RAW_WINDOW_MAX_S, roleTasksFor } from '../../../src/executors/ansible/window-mode.js';
import { makePlan, type CollectSettings } from '../../../src/plan/plan.js';
import { targetFor } from '../../../src/plan/targets.js';
import { repoRoot } from '../helpers/build.js';

const role = path.join(repoRoot, 'roles', 'goroutine_snapshot');
const tasksOf = (file: string): { name: string; register?: string; [k: string]: unknown }[] => parse(readFileSync(path.join(role, 'tasks', file), 'utf8'));

describe('role task names and registers, as the driver reads them', () => {
  it('every task name the driver knows is a task of the role, in the file it runs', () => {
    expect(tasksOf('oneshot.yml').map((t) => t.name)).toEqual([TASKS.snapshot]);
    expect(tasksOf('window.yml').map((t) => t.name)).toEqual([TASKS.windowStart, TASKS.windowWait, TASKS.windowRaw]);
    const all = readdirSync(path.join(role, 'tasks')).flatMap((f) => tasksOf(f).map((t) => t.name));
    for (const name of Object.values(TASKS)) expect(all.filter((n) => n === name), name).toHaveLength(1);
  });
  it('the results AWX stores come from the registers the role sets', () => {
    const registers = [...tasksOf('oneshot.yml'), ...tasksOf('window.yml')].map((t) => t.register);
    expect(registers).toEqual(['fd_snapshot', 'fd_job', 'fd_snapshot', 'fd_snapshot_raw']);
    const collect = readFileSync(path.join(repoRoot, 'playbooks', 'collect.yml'), 'utf8');
    for (const r of ['fd_snapshot_raw', 'fd_snapshot', 'fd_job']) expect(collect).toContain(r);
  });
  it('the driver runs the role with the task files it has', () => {
    for (const f of ['oneshot', 'window']) expect(readdirSync(path.join(role, 'tasks'))).toContain(`${f}.yml`);
  });
});

/** The argv a POSIX shell makes of a command line. */
async function words(commandLine: string): Promise<string[]> {
  const r = await execa('sh', ['-c', 'eval "set -- $1"; printf "%s\\0" "$@"', 'sh', commandLine]);
  return r.stdout.split('\0').slice(0, -1);
}

/** fd_command as Ansible renders it from the role's defaults and vars, for each host. */
async function renderRoleCommand(hosts: string[], extravars: string): Promise<Map<string, string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-role-'));
  mkdirSync(path.join(dir, 'files'));
  symlinkSync(path.join(role, 'files', 'collect.sh'), path.join(dir, 'files', 'collect.sh'));
  const out = path.join(dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(dir, 'extravars.yml'), extravars);
  writeFileSync(path.join(dir, 'play.yml'), [
    '- hosts: all',
    '  gather_facts: false',
    `  vars_files: [${JSON.stringify(path.join(role, 'defaults', 'main.yml'))}, ${JSON.stringify(path.join(role, 'vars', 'main.yml'))}]`,
    '  tasks:',
    '    - copy:',
    '        content: "{{ fd_command }}"',
    `        dest: "${out}/{{ inventory_hostname }}.txt"`,
    '',
  ].join('\n'));
  const inv = path.join(dir, 'hosts.ini');
  writeFileSync(inv, hosts.map((h) => `${h} ansible_connection=local ansible_python_interpreter=/usr/bin/python3`).join('\n') + '\n');
  const r = await execa('ansible-playbook', ['-i', inv, path.join(dir, 'play.yml'), '-e', `@${path.join(dir, 'extravars.yml')}`], {
    reject: false, env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' },
  });
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  return new Map(hosts.map((h) => [h, readFileSync(path.join(out, `${h}.txt`), 'utf8')]));
}

describe('collector command: the role renders what the driver runs', () => {
  const collect: CollectSettings = { samples: 3, intervalMs: 5000, timeoutMs: 20_000, debug2Cap: 10_000, fullStacks: false };

  it("with fleet-diag's extra vars: the same argv as the driver's own command, tag and spool included", async () => {
    const targets = [
      targetFor('web-1', { fleet_diag_pprof_url: 'http://127.0.0.1:6061' }),
      targetFor('db-1', { fleet_diag_process: "postgres'; id; '" }),
    ];
    const plan = makePlan({ runId: '20260101T000000Z-ab12cd34', targets, serial: [], retries: 0, maxFail: 1, collect });
    const script = await loadCollectorScript();
    const extravars = extravarsYaml(plan, script);
    // fleet-diag's runs use fd_cmd and set the role's own fd_command empty (nothing renders it);
    // the role's rendering from the same per-host values is what is compared here.
    expect(extravars).toMatch(/^fd_command: ""$/m);
    const rendered = await renderRoleCommand(targets.map((t) => t.host), extravars.replace(/^fd_command: .*\n/m, ''));
    const settings = collectorSettings(collect);
    for (const t of targets) {
      const want = collectorArgv(script, t, settings, { tag: collectorTag(plan.runId, t.host), spool: true });
      expect(await words(rendered.get(t.host)!), t.host).toEqual(want);
    }
  }, 60_000);

  it('from AWX (static extra vars, no fleet-diag): the same argv, budget included, with no tag', async () => {
    const extravars = 'fd_samples: 4\nfd_interval_s: 7\nfd_timeout_s: 9\nfd_url: http://10.1.2.3:6060\nfd_process: myservice\n';
    const rendered = await renderRoleCommand(['h1'], extravars);
    const settings = collectorSettings({ samples: 4, intervalMs: 7000, timeoutMs: 9000, debug2Cap: 10_000, fullStacks: false });
    const want = collectorArgv(await loadCollectorScript(), { pprofUrl: 'http://10.1.2.3:6060', process: 'myservice' }, settings);
    expect(await words(rendered.get('h1')!)).toEqual(want);
  }, 60_000);
});

describe('raw or async window: the role chooses as the driver does', () => {
  it('has the same bound in its defaults, and its main.yml picks the same task file for every window', async () => {
    const defaults = parse(readFileSync(path.join(role, 'defaults', 'main.yml'), 'utf8'));
    expect(defaults.fd_raw_window_max_s).toBe(RAW_WINDOW_MAX_S);
    const [entry] = tasksOf('main.yml') as unknown as { include_tasks: { file: string } }[];
    // One host per (samples, interval), the expression of main.yml rendered by Ansible itself.
    const cases = [[1, 5], [3, 5], [2, 60], [2, 61], [4, 20], [4, 21], [61, 1], [62, 1]] as const;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-role-main-'));
    // The bound alone from the defaults (play vars would override the hosts' fd_samples).
    writeFileSync(path.join(dir, 'bound.yml'), `fd_raw_window_max_s: ${defaults.fd_raw_window_max_s}\n`);
    writeFileSync(path.join(dir, 'play.yml'), [
      '- hosts: all',
      '  gather_facts: false',
      `  vars_files: [${JSON.stringify(path.join(dir, 'bound.yml'))}]`,
      '  tasks:',
      '    - copy:',
      `        content: ${JSON.stringify(entry.include_tasks.file)}`,
      `        dest: "${dir}/{{ inventory_hostname }}.txt"`,
      '',
    ].join('\n'));
    const inv = path.join(dir, 'hosts.ini');
    writeFileSync(inv, cases.map(([n, i], k) => `c${k} ansible_connection=local ansible_python_interpreter=/usr/bin/python3 fd_samples=${n} fd_interval_s=${i}`).join('\n') + '\n');
    const r = await execa('ansible-playbook', ['-i', inv, path.join(dir, 'play.yml')], { reject: false, env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' } });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    cases.forEach(([samples, intervalS], k) => {
      expect(readFileSync(path.join(dir, `c${k}.txt`), 'utf8'), `${samples} samples ${intervalS} s apart`).toBe(`${roleTasksFor({ samples, intervalS })}.yml`);
    });
  }, 60_000);
});
