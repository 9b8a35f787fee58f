import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWatch, type WatchOptions } from '../../../src/watch/loop.js';
import { appendAudit, verifyAudit } from '../../../src/audit/log.js';
import { UserError } from '../../../src/core/exit-codes.js';
import type { Report } from '../../../src/report/types.js';
import type { RunOptions } from '../../../src/pipeline/run.js';
import { down, group, host, report } from '../diff/reports.js';
import { startReceiver, type Receiver } from '../alert/receiver.js';

const SECRET = 'SECwatch-secret-value';
const TOKEN = 'tok-in-url-123456';
const leak = (n: number) => group('leak00', n, { leaking: true, verdict: 'leaking', location: 'leaky/main.go:40', function: 'main.leakChanReceive', growthPerMinute: 300 });

function fleet(reports: (Report | Error)[]) {
  let i = 0;
  return async (o: RunOptions) => {
    const r = reports[Math.min(i++, reports.length - 1)];
    mkdirSync(o.out!, { recursive: true });
    if (r instanceof Error) throw r;
    await appendAudit(o.auditLog, { type: 'start', runId: r.run.id });
    await appendAudit(o.auditLog, { type: 'end', runId: r.run.id, outcome: r.run.status });
    return { report: { ...r, run: { ...r.run, finishedAt: new Date().toISOString() } }, runDir: o.out! };
  };
}

let rx: Receiver;
let work: string;
let logs: string[];
beforeEach(async () => {
  rx = await startReceiver();
  work = mkdtempSync(path.join(os.tmpdir(), 'fd-watch-'));
  logs = [];
});
afterEach(async () => {
  await rx.close();
});

function options(reports: (Report | Error)[], over: Partial<WatchOptions> = {}): WatchOptions {
  return {
    run: {
      inventory: 'inv', serial: [], retries: 0, maxFail: 1, auditLog: path.join(work, 'audit.jsonl'), command: 'fleet-diag watch',
      collect: { samples: 1, intervalMs: 10, timeoutMs: 1000, debug2Cap: 10_000, fullStacks: false },
    },
    everyMs: 30,
    iterations: 3,
    snapshots: path.join(work, 'snap'),
    retainMs: null,
    csv: path.join(work, 'series.csv'),
    prom: path.join(work, 'fleet.prom'),
    channels: [
      { kind: 'dingtalk', url: `${rx.url}/robot/send?access_token=${TOKEN}`, secret: SECRET },
      { kind: 'webhook', url: `${rx.url}/hook` },
    ],
    rules: { minVerdict: 'suspect', maxGoroutines: null, maxThreads: null, remindMs: null },
    alertState: path.join(work, 'snap', 'alert-state.json'),
    delivery: { attempts: 2, backoffMs: 5, timeoutMs: 2000 },
    signal: new AbortController().signal,
    log: (l) => logs.push(l),
    runFleet: fleet(reports) as never,
    listTargets: async () => ({ source: '/inv.ini', hosts: ['h1', 'h2'] }),
    ...over,
  };
}

describe('runWatch', () => {
  it('writes the series and the textfile each run, alerts once, then resolves', async () => {
    const leaking = report([host('h1', [group('pool00', 10)]), host('h2', [leak(500)])], 'r1');
    const healed = report([host('h1', [group('pool00', 10)]), host('h2', [group('pool00', 10)])], 'r3');
    const s = await runWatch(options([leaking, leaking, healed]));
    expect(s).toMatchObject({ iterations: 3, interrupted: false, exitCode: 0, alertsSent: 2, deliveriesFailed: 0 });
    const csv = readFileSync(path.join(work, 'series.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 6);
    expect(readFileSync(path.join(work, 'fleet.prom'), 'utf8')).toContain('fleet_diag_leaking_groups{host="h2"} 0');
    // Run 1: firing (both channels); run 2: nothing new; run 3: resolved.
    expect(rx.requests.map((r) => `${r.path}:${r.json.msgtype ?? r.json.status}`).sort()).toEqual(['/hook:firing', '/hook:resolved', '/robot/send:markdown', '/robot/send:markdown']);
    const hooks = rx.requests.filter((r) => r.path === '/hook');
    expect(hooks.map((r) => r.json.alerts.map((a: { status: string; host: string }) => `${a.status}:${a.host}`))).toEqual([['firing:h2'], ['resolved:h2']]);
    expect(rx.requests.filter((r) => r.path === '/robot/send').every((r) => r.query.has('sign'))).toBe(true);
    // Snapshots are marked, and the audit chain is valid with the watch's own start and end.
    expect(s.runDirs).toHaveLength(3);
    for (const d of s.runDirs) expect(existsSync(path.join(d, '.fleet-diag-watch'))).toBe(true);
    const audit = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit[0]).toMatchObject({ type: 'start', kind: 'watch', hosts: ['h1', 'h2'], channels: ['dingtalk', 'webhook'] });
    expect(audit.at(-1)).toMatchObject({ type: 'end', kind: 'watch', outcome: 'ok', iterations: 3, alertsSent: 2 });
    expect((await verifyAudit(path.join(work, 'audit.jsonl'))).ok).toBe(true);
    const everything = readFileSync(path.join(work, 'audit.jsonl'), 'utf8') + logs.join('\n') + readFileSync(path.join(work, 'snap', 'alert-state.json'), 'utf8');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
  });

  it('keeps an undelivered alert pending and sends it after the next run; delivery failures are never fatal', async () => {
    const leaking = report([host('h2', [leak(500)])], 'r1');
    rx.script.push({ status: 500 }, { status: 500 });
    const s = await runWatch(options([leaking], { iterations: 2, channels: [{ kind: 'webhook', url: `${rx.url}/hook` }] }));
    expect(s).toMatchObject({ exitCode: 0, deliveriesFailed: 1, alertsSent: 1 });
    expect(rx.requests).toHaveLength(3); // two failed attempts, then delivered after run 2
    expect(logs.some((l) => /not delivered: sent again after the next run/.test(l))).toBe(true);
  });

  it('writes error rows for a host that could not be read, and for every known host when a later run fails', async () => {
    const partial = report([host('h1', [group('pool00', 10)]), down('h2')], 'r1');
    const s = await runWatch(options([partial, new Error('ansible-playbook crashed')], { iterations: 2, channels: [] }));
    expect(s.exitCode).toBe(2);
    const rows = readFileSync(path.join(work, 'series.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',').slice(1, 3).join(','))).toEqual(['h1,ok', 'h2,error', 'h1,error', 'h2,error']);
    expect(rows[3]).toMatch(/run failed: ansible-playbook crashed$/);
    expect(readFileSync(path.join(work, 'fleet.prom'), 'utf8')).toContain('fleet_diag_collect_success{host="h1"} 0');
  });

  it('stops on a usage error in the first run, recording the end in the audit', async () => {
    await expect(runWatch(options([new UserError('--limit x matched no hosts')]))).rejects.toThrow(/matched no hosts/);
    const audit = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.at(-1)).toMatchObject({ type: 'end', kind: 'watch', outcome: 'failed' });
  });

  it('prunes its old snapshots and stops on a signal with 130', async () => {
    const ac = new AbortController();
    const ok = report([host('h1', [group('pool00', 10)])], 'r');
    const p = runWatch(options([ok], { iterations: null, everyMs: 60, retainMs: 0, channels: [], signal: ac.signal }));
    setTimeout(() => ac.abort(), 250);
    const s = await p;
    expect(s).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(s.iterations).toBeGreaterThanOrEqual(2);
    expect(s.pruned.length).toBeGreaterThanOrEqual(1);
    expect(existsSync(s.runDirs.at(-1)!)).toBe(true);
  });
});
