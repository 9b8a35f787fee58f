// One run over a fleet where hosts misbehave, each in its own way. The run must end within a
// bound set by --timeout and --retries, keep healthy hosts' data complete, and say in words what
// happened to every other host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDiag, isRoot, waitForFile, leakSite, repoRoot, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';


describe.skipIf(!isRoot)('faults on the fleet', () => {
  let fleet: Fleet;
  let work: string;
  let report: Report;
  let exitCode: number;
  let elapsed: number;
  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet(10, {
      h1: { leak: 'chan-receive', rate: 20, initial: 40 },
      h2: { sshd: 'stopped' },
      h3: { service: 'stopped' },
      h4: { fault: 'hang' },
      h5: { fault: 'html' },
      h6: { fault: 'garbage' },
      h7: { fault: 'slow', delay: '2s' },
      h8: { fault: 'flaky', fail: 1 },
      h9: { leak: 'none' },
      h10: { python: 'none', leak: 'chan-send', rate: 60 },
    });
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-faults-'));
    const out = path.join(work, 'run');
    const started = Date.now();
    const child = fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '3', '--interval', '2s', '--timeout', '4s', '--retries', '1', '--max-concurrent', '100%', '--max-fail', '100%', '--out', out, '--audit-log', path.join(work, 'audit.jsonl')]);
    // h9 dies in the middle of its sampling window (a 4 s window: one raw command per host).
    if (await waitForFile(path.join(out, 'events.jsonl'), /"host": "h9", "task": "[^"]*fleet-diag snapshot", "event": "runner_start"/, 60_000)) {
      await execa('kill', ['-KILL', readFileSync(path.join(fleet.stateDir, 'h9', 'init.pid'), 'utf8').trim()]);
    }
    const r = await child;
    elapsed = Date.now() - started;
    exitCode = r.exitCode ?? -1;
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  }, 240_000);
  afterAll(async () => {
    await stopFleet();
  });

  const host = (h: string) => report.hosts.find((x) => x.host === h)!;

  it('ends within its bound with exit 2, a report and an audit end record', () => {
    expect(exitCode).toBe(2);
    // Two passes: each at most a window (4 s) plus three fetches of at most 4 s, plus Ansible's overhead.
    expect(elapsed).toBeLessThan(120_000);
    expect(report.run.status).toBe('partial');
    const records = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.at(-1)).toMatchObject({ type: 'end', outcome: 'partial', hostsTargeted: 10 });
  });

  it('keeps healthy hosts complete and correct', () => {
    const h1 = host('h1');
    expect(h1.status).toBe('ok');
    expect(h1.samples).toHaveLength(3);
    expect(h1.verdict).toBe('leaking');
    expect(h1.groups[0].location).toMatch(new RegExp(`${leakSite('chan-receive').location.replace(/[.]/g, '\\.')}$`));
    expect(host('h7').status).toBe('ok'); // slow, but within --timeout
    expect(host('h7').samples).toHaveLength(3);
  });

  it('recovers a host that fails once and then works, on the retry pass', () => {
    expect(host('h8')).toMatchObject({ status: 'ok', attempts: 2, error: null });
  });

  it('samples a node without Python like any other: a short window is one raw command', () => {
    const h10 = host('h10');
    expect(h10.status).toBe('ok');
    expect(h10.samples).toHaveLength(3);
    // No async job was tried, so there is nothing to fall back from.
    expect(h10.warnings.join(' ')).not.toMatch(/async job could not start/);
    expect(h10.verdict).toBe('leaking');
  });

  it('says what happened to each failed host, in words a person can act on', () => {
    expect(host('h2')).toMatchObject({ status: 'unreachable' });
    expect(host('h2').error).toMatch(/SSH connection refused/);
    expect(host('h3')).toMatchObject({ status: 'failed' });
    expect(host('h3').error).toMatch(/refused the connection/);
    expect(host('h4')).toMatchObject({ status: 'timeout' });
    expect(host('h4').error).toMatch(/did not answer within 4s/);
    for (const h of ['h5', 'h6']) {
      expect(host(h).status, h).toBe('failed');
      expect(host(h).error, h).toMatch(/not with a goroutine profile/);
    }
    expect(['unreachable', 'failed']).toContain(host('h9').status);
    expect(host('h9').error).toBeTruthy();
    for (const h of report.hosts) if (h.status !== 'ok') expect(h.verdict, h.host).toBe('unknown');
  });
});
