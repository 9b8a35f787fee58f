// Issue 20: ansible-playbook started ahead for a watch's next run (executors/ansible/launcher.ts).
// A run takes it only with the config and environment it started with; otherwise a cold start.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAUNCHER_MISMATCH, PreparedLauncher, playbookPython } from '../../../src/executors/ansible/launcher.js';
import { startPlaybook } from '../../../src/executors/ansible/runner.js';

const haveAnsible = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;
const exitOf = (l: PreparedLauncher) => new Promise<number | null>((r) => (l.child.exitCode !== null || l.child.signalCode !== null ? r(l.child.exitCode) : l.child.once('exit', (c) => r(c))));

function playDir() {
  const d = mkdtempSync(path.join(os.tmpdir(), 'fd-launch-'));
  writeFileSync(path.join(d, 'play.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: "launched {{ fd_word }}" }\n');
  writeFileSync(path.join(d, 'hosts.ini'), 'localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
  writeFileSync(path.join(d, 'extra.yml'), 'fd_word: hello\n');
  writeFileSync(path.join(d, 'limit.txt'), 'localhost\n');
  const cfgText = '[defaults]\nretry_files_enabled = False\nnocolor = True\n';
  writeFileSync(path.join(d, 'ansible.cfg'), cfgText);
  const env = { ANSIBLE_CONFIG: path.join(d, 'ansible.cfg'), FLEET_DIAG_EVENTS: path.join(d, 'events.jsonl') };
  const full = { ANSIBLE_NOCOLOR: '1', PYTHONUNBUFFERED: '1', ...env };
  const args = { cwd: d, inventory: path.join(d, 'hosts.ini'), playbook: path.join(d, 'play.yml'), extravarsFile: path.join(d, 'extra.yml'), limitFile: path.join(d, 'limit.txt'), forks: 1, logFile: path.join(d, 'ansible.log') };
  return { d, cfgText, env, full, args };
}

describe.skipIf(!haveAnsible)('ansible-playbook started ahead', () => {
  it("finds ansible-playbook's Python", () => {
    expect(playbookPython()).toMatch(/python3/);
  });

  it('runs the play when the config and environment are those it started with', async () => {
    const p = playDir();
    const l = PreparedLauncher.start(p.full, p.cfgText)!;
    expect(l).not.toBeNull();
    // Another events file is fine: read only when the run loads the callback.
    const env = { ...p.env, FLEET_DIAG_EVENTS: path.join(p.d, 'events-2.jsonl') };
    const run = startPlaybook({ ...p.args, env, launcher: l, cfgText: p.cfgText });
    const r = await run.done;
    expect(r.exitCode).toBe(0);
    expect(await exitOf(l)).toBe(0);
    expect(readFileSync(p.args.logFile, 'utf8')).toMatch(/launched hello/);
  }, 60_000);

  it('refuses (exit 86) when the config file changed under it: the run starts cold and still runs', async () => {
    const p = playDir();
    const l = PreparedLauncher.start(p.full, p.cfgText)!;
    await new Promise((r) => setTimeout(r, 1500)); // it has read the config by now
    appendFileSync(p.env.ANSIBLE_CONFIG, '# edited\n');
    const run = startPlaybook({ ...p.args, env: p.env, launcher: l, cfgText: p.cfgText });
    const r = await run.done;
    expect(await exitOf(l)).toBe(LAUNCHER_MISMATCH);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(p.args.logFile, 'utf8')).toMatch(/launched hello/);
  }, 60_000);

  it('is not taken with another environment: killed, and the run starts cold', async () => {
    const p = playDir();
    const l = PreparedLauncher.start(p.full, p.cfgText)!;
    const run = startPlaybook({ ...p.args, env: { ...p.env, ANSIBLE_FORKS: '3' }, launcher: l, cfgText: p.cfgText });
    expect((await run.done).exitCode).toBe(0);
    await exitOf(l);
    expect(l.child.signalCode).toBe('SIGKILL');
  }, 60_000);

  it('exits by itself when its stdin closes (its owner went away), and when killed', async () => {
    const p = playDir();
    const a = PreparedLauncher.start(p.full, p.cfgText)!;
    a.child.stdin!.end();
    expect(await exitOf(a)).toBe(0);
    const b = PreparedLauncher.start(p.full, p.cfgText)!;
    b.kill();
    await exitOf(b);
    expect(b.child.signalCode).toBe('SIGKILL');
  }, 60_000);
});
