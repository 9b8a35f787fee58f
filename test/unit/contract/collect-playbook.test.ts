// playbooks/collect.yml and `fleet-diag aggregate` must not drift apart: the fields the store task
// writes are the ones the reader takes, the aggregate task's flags exist, and the summary's
// templates are where the playbook looks for them.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/build.js';

const playbook = path.join(repoRoot, 'playbooks', 'collect.yml');
const plays = parse(readFileSync(playbook, 'utf8')) as { name: string; post_tasks: Record<string, any>[]; pre_tasks: Record<string, any>[] }[];
const play = plays[0];
const task = (name: string): Record<string, any> => {
  const all = [...play.pre_tasks, ...play.post_tasks.flatMap((t) => [t, ...(t.block ?? [])])];
  const found = all.find((t) => t.name === name);
  if (!found) throw new Error(`no task ${name}`);
  return found;
};

describe('collect.yml and aggregate', () => {
  it('is one play (an implicit localhost play would be cut off by --limit): the summary runs once, after the last batch, on the controller', () => {
    expect(plays).toHaveLength(1);
    const summary = task('fleet-diag summary');
    expect(summary).toMatchObject({ run_once: true, delegate_to: 'localhost', when: '(ansible_play_hosts_all | last) in ansible_play_batch' });
    expect(task('fleet-diag results directory')).toMatchObject({ run_once: true, delegate_to: 'localhost', 'ansible.builtin.file': { state: 'directory' } });
  });

  it('stores every field the aggregate reader takes', () => {
    const content: string = task('fleet-diag store result')['ansible.builtin.copy'].content;
    for (const key of ['host', 'unreachable', 'failed', 'rc', 'msg', 'stdout', 'storedAt', 'limit', 'settings', 'job']) expect(content, key).toContain(`'${key}':`);
    const src = readFileSync(path.join(repoRoot, 'src', 'collect', 'stored-result.ts'), 'utf8');
    for (const key of ['storedAt', 'limit', 'settings', 'job', 'stdout', 'unreachable']) expect(src, key).toContain(`r.${key}`);
  });

  it("calls aggregate with flags it has, and treats its exit codes 1 and 2 as answers", () => {
    const t = task('fleet-diag aggregate');
    const argv: string[] = t['ansible.builtin.command'].argv;
    expect(argv[1]).toBe('aggregate');
    // The aggregate command's own block in main.ts (read, not run: importing main.ts parses argv).
    const main = readFileSync(path.join(repoRoot, 'src', 'cli', 'main.ts'), 'utf8');
    const block = main.slice(main.indexOf(".command('aggregate')"), main.indexOf(".command('audit')"));
    for (const flag of argv.filter((a) => a.startsWith('--'))) expect(block, flag).toContain(`.option('${flag} <`);
    expect(t.failed_when).toContain('not in [0, 1, 2]');
  });

  it('finds its templates beside it', () => {
    const text = readFileSync(playbook, 'utf8');
    const templates = [...text.matchAll(/'templates\/([^']+)'/g)].map((m) => m[1]);
    expect(templates.length).toBeGreaterThanOrEqual(3);
    for (const t of templates) expect(existsSync(path.join(repoRoot, 'playbooks', 'templates', t)), t).toBe(true);
  });
});
