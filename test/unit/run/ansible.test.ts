import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { extravarsYaml, playbookYaml } from '../../../src/executors/ansible/playbook.js';
import { shellQuote } from '../../../src/collect/shell-quote.js';
import { judgeHosts } from '../../../src/executors/ansible/judge.js';
import { explainFetchError } from '../../../src/collect/judge-result.js';
import type { RunEvent as AnsibleEvent } from '../../../src/collect/run-events.js';
import { makePlan } from '../../../src/plan/plan.js';
import { targetFor } from '../../../src/plan/targets.js';

const collect = { samples: 3, intervalMs: 5000, timeoutMs: 20000, debug2Cap: 10000, fullStacks: false };

describe('generated playbook', () => {
  it('uses the role without facts, with serial batches', () => {
    const targets = Array.from({ length: 10 }, (_, i) => targetFor(`h${i}`, {}));
    const plan = makePlan({ targets, serial: [1, '30%'], retries: 0, maxFail: 0.3, collect });
    const [play] = parse(playbookYaml(plan));
    expect(play.gather_facts).toBe(false);
    // Ansible gets the exact planned batch sizes.
    expect(play.serial).toEqual([1, 3, 3, 3]);
    expect(plan.batches.map((b) => b.length)).toEqual([1, 3, 3, 3]);
    // --max-concurrent caps every batch.
    const capped = makePlan({ targets, serial: [1, '30%'], retries: 0, maxFail: 0.3, maxConcurrent: 0.2, collect });
    expect(parse(playbookYaml(capped))[0].serial).toEqual([1, 2, 1, 2, 1, 2, 1]);
    // A 10 s window (3 samples 5 s apart) runs as one raw command, a longer one as an async job.
    expect(play.tasks[0].import_role).toEqual({ name: 'goroutine_snapshot', tasks_from: 'oneshot' });
    const long = makePlan({ targets, serial: [], retries: 0, maxFail: 0.3, collect: { ...collect, intervalMs: 31_000 } });
    expect(parse(playbookYaml(long))[0].tasks[0].import_role.tasks_from).toBe('window');
    const one = makePlan({ targets: [targetFor('h1', {})], serial: [], retries: 0, maxFail: 0.3, collect: { ...collect, samples: 1 } });
    expect(parse(playbookYaml(one))[0].tasks[0].import_role.tasks_from).toBe('oneshot');
  });
  it('marks every inventory value !unsafe so Jinja never evaluates it', () => {
    const evil = "{{ lookup('pipe', 'touch /tmp/pwned') }}";
    const plan = makePlan({ targets: [{ host: 'h1', pprofUrl: 'http://127.0.0.1:6060', process: evil, configError: null }], serial: [], retries: 0, maxFail: 0.3, collect });
    const text = extravarsYaml(plan, 'echo collector');
    expect(text).toContain('process: !unsafe');
    expect(text).toContain('url: !unsafe');
    const data = parse(text, { customTags: [{ tag: '!unsafe', resolve: (s: string) => `UNSAFE:${s}` }] });
    expect(data.fd_hosts.h1.process).toBe(`UNSAFE:${evil}`);
    expect(data.fd_samples).toBe(3);
    // The whole command is rendered by the driver: every word single-quoted, and itself !unsafe.
    const spool = data.fd_hosts.h1.spool.replace('UNSAFE:', '');
    // The run's tag names the collector (first line of its script, $0) and its spool file.
    expect(data.fd_cmd.h1).toBe(`UNSAFE:'timeout' '-k' '5' '${data.fd_budget}' 'sh' '-c' '# fleet-diag-collector:${spool}\necho collector' 'fleet-diag-collector:${spool}' 'http://127.0.0.1:6060' '3' '5' '20' '10000' '0' ${shellQuote(evil)} '${spool}'`);
    expect(spool).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('judging hosts from events', () => {
  const ctx = { urlOf: () => 'http://127.0.0.1:6060', timeoutS: 20 };
  it('reads a recorded async window run as ok with three samples', () => {
    const events = readFileSync(new URL('../../fixtures/events-window-local.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AnsibleEvent);
    const o = judgeHosts(events, ['localhost'], ctx).get('localhost')!;
    expect(o.status).toBe('ok');
    expect(o.raw?.samples).toHaveLength(3);
    expect(o.raw?.samples[2].files.debug2?.length).toBeGreaterThan(100);
  });
  it('a long window on a node without Python: the async start fails, the raw fallback collects, with a warning', () => {
    const recorded = readFileSync(new URL('../../fixtures/events-window-local.jsonl', import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AnsibleEvent);
    const done = [...recorded].reverse().find((e) => e.event === 'runner_ok' && e.task?.endsWith('fleet-diag wait for window'))!;
    const events: AnsibleEvent[] = [
      { event: 'runner_failed', ts: 1, host: 'n1', task: 'goroutine_snapshot : fleet-diag sampling window', res: { msg: '/usr/bin/python3: not found' } },
      { event: 'runner_skipped', ts: 2, host: 'n1', task: 'goroutine_snapshot : fleet-diag wait for window' },
      { event: 'runner_ok', ts: 3, host: 'n1', task: 'goroutine_snapshot : fleet-diag sampling window (raw, no python)', res: { rc: 0, stdout: done.res!.stdout } },
    ];
    const o = judgeHosts(events, ['n1'], ctx).get('n1')!;
    expect(o.status).toBe('ok');
    expect(o.raw?.samples).toHaveLength(3);
    expect(o.warnings.join(' ')).toMatch(/async job could not start.*sampled through raw/);
  });
  it('tells unreachable, timeout, refused and crashed runs apart', () => {
    const ev = (e: Partial<AnsibleEvent>): AnsibleEvent => ({ event: 'runner_ok', ts: 0, task: 'goroutine_snapshot : fleet-diag snapshot', ...e }) as AnsibleEvent;
    const events = [
      ev({ event: 'runner_unreachable', host: 'a', res: { msg: 'Failed to connect to the host via ssh: ssh: connect to host 10.0.0.1 port 22: Connection refused' } }),
      ev({ event: 'runner_failed', host: 'b', res: { rc: 124, stdout: '@@fd hello 1\n@@fd sample 0 1\n' } }),
      ev({ host: 'c', res: { rc: 0, stdout: '@@fd hello 1\n@@fd sample 0 1\n@@fd error 0 fetch http://127.0.0.1:6060/debug/pprof/goroutine failed: curl: (7) Failed to connect to 127.0.0.1 port 6060\n@@fd done\n' } }),
      { event: 'stats', ts: 0, hosts: {} } as AnsibleEvent,
    ];
    const j = judgeHosts(events, ['a', 'b', 'c', 'd'], ctx);
    expect(j.get('a')!.status).toBe('unreachable');
    expect(j.get('a')!.error).toMatch(/sshd running/);
    expect(j.get('b')!.status).toBe('timeout');
    expect(j.get('c')!.status).toBe('failed');
    expect(j.get('c')!.error).toMatch(/refused the connection/);
    expect(j.get('d')!.status).toBe('failed');
    expect(j.get('d')!.error).toMatch(/no result/);
    const noStats = judgeHosts(events.slice(0, 3), ['d'], ctx);
    expect(noStats.get('d')!.error).toMatch(/no stats/);
  });
  it('explains fetch errors in words', () => {
    expect(explainFetchError('curl: (28) Operation timed out after 2000 ms', 'http://x', 2)).toMatch(/did not answer within 2s/);
    expect(explainFetchError('curl: (22) The requested URL returned error: 404', 'http://x', 2)).toMatch(/404/);
  });
});

describe('Ansible error lines', () => {
  it('names the inventory parse failure, not the generic warning after it', async () => {
    const { ansibleErrorLine } = await import('../../../src/inventory/ansible-cli.js');
    const stderr = '[WARNING]:  * Failed to parse /tmp/bad.ini with ini plugin: not enough values\nto unpack (expected 3, got 2)\n[WARNING]: Unable to parse /tmp/bad.ini as an inventory source\n[WARNING]: No inventory was parsed, only implicit localhost is available\nERROR! No inventory was parsed, please check your configuration and options.\n';
    expect(ansibleErrorLine(stderr)).toBe('failed to parse /tmp/bad.ini with ini plugin: not enough values to unpack (expected 3, got 2)');
    expect(ansibleErrorLine('[WARNING]: x\nERROR! the playbook: p.yml could not be found\n')).toBe('the playbook: p.yml could not be found');
  });
});
