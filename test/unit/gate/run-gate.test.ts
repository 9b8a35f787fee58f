import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBaseline, observe } from '../../../src/gate/observe.js';
import { runGate, type GateOptions } from '../../../src/gate/run-gate.js';
import { serveGate, STATUS_FOR } from '../../../src/gate/serve.js';
import { DEFAULT_CRITERIA } from '../../../src/gate/types.js';
import { verifyAudit } from '../../../src/audit/log.js';
import { appendAudit } from '../../../src/audit/log.js';
import { down, group, host, report } from '../diff/reports.js';
import type { Report } from '../../../src/report/types.js';
import type { RunOptions } from '../../../src/pipeline/run.js';

const leak = (n: number) => group('leak00', n, { leaking: true, verdict: 'leaking', growthPerMinute: 300, location: 'leaky/main.go:40', function: 'main.leakChanReceive' });

describe('observe and the baseline', () => {
  const baseline = makeBaseline(report([host('h1', [group('pool00', 100)]), host('h2', [group('pool00', 60), group('cache0', 10)]), down('h3')], 'BASE'), 'runs/base/report.json');

  it('computes the baseline fleet’s per-host mean over collected hosts', () => {
    expect(baseline.hostsCollected).toBe(2);
    expect(baseline.mean.map((g) => [g.id, g.count])).toEqual([['pool00', 80], ['cache0', 5]]);
  });

  it('compares a host with itself in the baseline, and a new host with the mean', () => {
    const o = observe(1, report([host('h1', [group('pool00', 180)]), host('h9', [group('pool00', 80), group('new000', 30)]), down('h2')]), '/runs/x', baseline);
    const [h1, h9, h2] = o.hosts;
    expect(h1).toMatchObject({ baselineFrom: 'host', baseline: [{ id: 'pool00', before: 100, after: 180, delta: 80 }] });
    expect(h9).toMatchObject({ baselineFrom: 'fleet-mean', baseline: [{ id: 'new000', before: 0, after: 30, delta: 30 }] });
    expect(h2).toMatchObject({ status: 'unreachable', baseline: null, baselineFrom: null });
  });

  it('lists leaking groups as sites', () => {
    const o = observe(1, report([host('h1', [leak(500), group('pool00', 10)])]), '/r', null);
    expect(o.hosts[0]).toMatchObject({ verdict: 'leaking', leaking: [{ id: 'leak00', count: 500, location: 'leaky/main.go:40', growthPerMinute: 300 }], baseline: null });
  });
});

/** A fake fleet: each call returns the next report. */
function fakeFleet(reports: (Report | Error)[]) {
  const calls: RunOptions[] = [];
  const fn = async (o: RunOptions) => {
    calls.push(o);
    const r = reports[Math.min(calls.length - 1, reports.length - 1)];
    if (r instanceof Error) throw r;
    await appendAudit(o.auditLog, { type: 'start', runId: r.run.id });
    await appendAudit(o.auditLog, { type: 'end', runId: r.run.id, outcome: r.run.status });
    return { report: r, runDir: o.out ?? `/runs/${r.run.id}` };
  };
  return { fn, calls };
}

function options(work: string, reports: (Report | Error)[], over: Partial<GateOptions> = {}) {
  const fleet = fakeFleet(reports);
  const o: GateOptions = {
    run: {
      inventory: 'inv', limit: 'canary', serial: [], retries: 0, maxFail: 1, auditLog: path.join(work, 'audit.jsonl'), command: 'fleet-diag gate -i inv',
      collect: { samples: 2, intervalMs: 10, timeoutMs: 1000, debug2Cap: 10_000, fullStacks: false },
    },
    criteria: { ...DEFAULT_CRITERIA, count: 3 },
    intervalMs: 20,
    out: path.join(work, 'm'),
    baseline: null,
    signal: new AbortController().signal,
    runFleet: fleet.fn as never,
    listTargets: async () => ({ source: '/inv/hosts.ini', hosts: ['h1', 'h2'] }),
    ...over,
  };
  return { o, calls: fleet.calls };
}

describe('runGate', () => {
  const ok = (id: string) => report([host('h1', [group('pool00', 10)]), host('h2', [group('pool00', 10)])], id);

  it('takes count measurements interval apart and is Successful; audit chain stays valid', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const { o, calls } = options(work, [ok('r1'), ok('r2'), ok('r3')]);
    const t0 = Date.now();
    const g = await runGate(o);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(40);
    expect(g).toMatchObject({ kind: 'gate', phase: 'Successful', exitCode: 0, hosts: ['h1', 'h2'], inventory: '/inv/hosts.ini', limit: 'canary', count: 3 });
    expect(calls.map((c) => c.out)).toEqual([1, 2, 3].map((i) => path.join(work, 'm', `m${i}`)));
    expect(g.measurements.map((m) => m.runId)).toEqual(['r1', 'r2', 'r3']);
    const lines = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.type}:${l.kind ?? l.runId}`)).toEqual(['start:gate', 'start:r1', 'end:r1', 'start:r2', 'end:r2', 'start:r3', 'end:r3', 'end:gate']);
    expect(lines[0]).toMatchObject({ runId: g.id, hosts: ['h1', 'h2'], hostsTargeted: 2, command: 'fleet-diag gate -i inv' });
    expect(lines.at(-1)).toMatchObject({ runId: g.id, outcome: 'Successful', exitCode: 0, hostsOk: 2, hostsFailed: 0, measurements: [{ index: 1, runId: 'r1', phase: 'Successful' }, expect.anything(), expect.anything()] });
    expect((await verifyAudit(path.join(work, 'audit.jsonl'))).ok).toBe(true);
  });

  it('with outPerGate (gate --serve) each gate writes under OUT/<gate id>/: a second request keeps the first one\'s measurements', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const first = options(work, [ok('r1')], { criteria: { ...DEFAULT_CRITERIA, count: 1 }, outPerGate: true });
    const second = options(work, [ok('r2')], { criteria: { ...DEFAULT_CRITERIA, count: 1 }, outPerGate: true });
    const g1 = await runGate(first.o);
    const g2 = await runGate(second.o);
    expect(first.calls[0].out).toBe(path.join(work, 'm', g1.id, 'm1'));
    expect(second.calls[0].out).toBe(path.join(work, 'm', g2.id, 'm1'));
    expect(g1.id).not.toBe(g2.id);
    const starts = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.kind === 'gate' && l.type === 'start');
    expect(starts.map((s) => s.out)).toEqual([path.join(work, 'm', g1.id), path.join(work, 'm', g2.id)]);
  });

  it('stops at the first failed measurement', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const { o, calls } = options(work, [ok('r1'), report([host('h1', [group('pool00', 10)]), host('h2', [leak(400)])], 'r2'), ok('r3')]);
    const g = await runGate(o);
    expect(calls).toHaveLength(2);
    expect(g).toMatchObject({ phase: 'Failed', exitCode: 1 });
    expect(g.reasons[0]).toMatch(/^measurement 2: h2: leaking: 400 goroutines at leaky\/main\.go:40/);
  });

  it('is Inconclusive when a host cannot be measured', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const { o } = options(work, [report([host('h1', [group('pool00', 10)]), down('h2')], 'r1')]);
    const g = await runGate(o);
    expect(g).toMatchObject({ phase: 'Inconclusive', exitCode: 2 });
    expect(g.reasons[0]).toMatch(/measured 1\/2 hosts \(50%\), below --min-measured 80%/);
  });

  it('records measurement errors and ends in Error when none succeeded', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const { o } = options(work, [new Error('ansible-playbook: command not found')], { criteria: { ...DEFAULT_CRITERIA, count: 2 } });
    const g = await runGate(o);
    expect(g).toMatchObject({ phase: 'Error', exitCode: 3 });
    expect(g.measurements.map((m) => m.phase)).toEqual(['Error', 'Error']);
    expect((await verifyAudit(path.join(work, 'audit.jsonl'))).ok).toBe(true);
  });

  it('fails groups that grew versus the baseline', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const baseline = makeBaseline(ok('base'), 'base');
    const grown = report([host('h1', [group('pool00', 10)]), host('h2', [group('pool00', 90)])], 'r1');
    const g = await runGate(options(work, [grown], { baseline }).o);
    expect(g.phase).toBe('Failed');
    expect(g.reasons).toEqual(['measurement 1: h2: grew versus the baseline: 10 → 90 (+80, +800%) at app/pool00.go:10 (main.pool00, chan-receive)']);
    expect(g.baseline).toEqual({ source: 'base', runId: 'base', hostsCollected: 2 });
  });

  it('an interrupt makes it Inconclusive, with the gate end record written', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'fd-gate-'));
    const ac = new AbortController();
    const { o, calls } = options(work, [ok('r1'), ok('r2')], { signal: ac.signal, intervalMs: 5000 });
    setTimeout(() => ac.abort(), 100);
    const g = await runGate(o);
    expect(calls).toHaveLength(1);
    expect(g).toMatchObject({ phase: 'Inconclusive', exitCode: 2, message: 'Inconclusive: interrupted after 1 measurement(s)' });
    const last = JSON.parse(readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ type: 'end', kind: 'gate', outcome: 'Inconclusive' });
  });
});

describe('serveGate (Flagger webhook)', () => {
  it('answers 200 on Successful and 4xx otherwise; concurrent calls share one gate', async () => {
    const phases = ['Successful', 'Failed', 'Inconclusive', 'Error'] as const;
    let runs = 0;
    const logs: string[] = [];
    const server = await serveGate({
      port: 0,
      evaluate: async () => {
        const phase = phases[runs++ % phases.length];
        await new Promise((r) => setTimeout(r, 50));
        return { phase, message: `${phase}: test` };
      },
      log: (l) => logs.push(l),
    });
    const url = `http://127.0.0.1:${server.port}/gate`;
    const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'podinfo', namespace: 'test', phase: 'Progressing' }) });
    try {
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      expect((await fetch(url)).status).toBe(404); // nothing run yet
      const [a, b] = await Promise.all([post(), post()]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(runs).toBe(1);
      expect(await a.json()).toEqual({ phase: 'Successful', message: 'Successful: test' });
      expect((await post()).status).toBe(412);
      expect((await post()).status).toBe(409);
      expect((await post()).status).toBe(424);
      expect((await fetch(url)).status).toBe(424); // GET: the last outcome
      expect((await fetch(url, { method: 'PUT' })).status).toBe(405);
      expect(logs.some((l) => l.includes('webhook from test/podinfo (Progressing)'))).toBe(true);
      expect(Object.values(STATUS_FOR).filter((s) => s !== 200).every((s) => s >= 400 && s < 500)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('answers 424 when the gate cannot run, and listens on loopback only', async () => {
    const server = await serveGate({ port: 0, evaluate: async () => { throw new Error('inventory missing'); } });
    try {
      const r = await fetch(`http://127.0.0.1:${server.port}/`, { method: 'POST', body: '' });
      expect(r.status).toBe(424);
      expect(await r.json()).toEqual({ phase: 'Error', message: 'inventory missing' });
    } finally {
      await server.close();
    }
  });
});
