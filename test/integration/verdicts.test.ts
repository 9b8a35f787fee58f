// Verdicts that hold in production, on the test fleet (real Go services, real ansible-playbook):
// an old pile that still grows slowly is leaking because its goroutines survive; a traffic ramp
// whose count climbs is healthy because its goroutines are all replaced; a stable pool of
// thousands is a pool; Go's goroutineleak profile, where served, is proof; a second run reads
// the first one as history; a host left undecided gets one more look with --extra-looks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetDiag, isRoot, leakSite, repoRoot, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';
import type { Report } from '../../src/report/types.js';

const where = { ns: 'fdv', net: 217 };

describe.skipIf(!isRoot)('verdicts on the test fleet', () => {
  let fleet: Fleet;
  let work: string;
  let first: Report;
  let second: Report;
  let looked: Report;

  const run = async (out: string, extra: string[] = []) => {
    const r = await fleetDiag(['run', '-i', fleet.inventoryPath, '--samples', '3', '--interval', '3s', '--timeout', '15s', '--retries', '0',
      '--max-concurrent', '100%', '--out', path.join(work, 'runs', out), '--audit-log', path.join(work, 'audit.jsonl'), ...extra], { fleet });
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    return JSON.parse(readFileSync(path.join(work, 'runs', out, 'report.json'), 'utf8')) as Report;
  };

  beforeAll(async () => {
    await execa('npm', ['run', 'build'], { cwd: repoRoot });
    fleet = await startFleet([
      { leak: 'mutex', initial: 1500, rate: 2, pool: 0, churn: 0 }, // an old pile, growing slowly
      { ramp: 30, 'ramp-from': 100, 'ramp-max': 3000, pool: 0, churn: 0 }, // a canary given more weight
      { pool: 3000, churn: 0 }, // a stable pool of thousands
      { leak: 'chan-send', rate: 5, pool: 0, churn: 0, goroutineleak: true }, // Go's leak profile served
      { leak: 'io-wait', initial: 300, rate: 1, pool: 0, churn: 0 }, // connections piling up slowly: undecided in one window
      { ramp: 20, 'ramp-from': 100, 'ramp-max': 3000, 'ramp-conns': 10, pool: 0, churn: 0 }, // a canary's kept-alive connections growing with its traffic
    ], where);
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-verdicts-'));
    first = await run('first');
    second = await run('second');
    looked = await run('looked', ['--limit', 'h5', '--no-history', '--extra-looks', '1']);
  }, 500_000);

  afterAll(async () => {
    await stopFleet(where);
  });

  const host = (r: Report, h: string) => r.hosts.find((x) => x.host === h)!;
  const site = (r: Report, h: string, fn: string) => host(r, h).groups.find((g) => g.function === fn)!;

  it('takes debug=2 at the first and the last sample of every host', () => {
    for (const h of first.hosts) {
      expect(h.status).toBe('ok');
      expect(h.samples.map((s) => Boolean(s.artifacts.debug2))).toEqual([true, false, true]);
    }
  });

  it('an old mutex pile growing 2/s is leaking at its line: all of the first sample stayed', () => {
    const mutex = leakSite('mutex');
    const g = site(first, 'h1', mutex.function);
    expect(g.location).toBe(mutex.location);
    expect(g.class).toBe('mutex');
    expect(g.survivors?.kind).toBe('accumulating');
    expect(g.survivors?.survived).toBe(g.survivors?.first);
    expect(g.verdict).toBe('leaking');
    expect(g.evidence[0]).toMatch(/^all 1,5\d\d goroutines of the first sample still blocked at the last, \+\d+ in \d+ s$/);
  });

  it('a traffic ramp whose count climbs is healthy: every goroutine was replaced', () => {
    const g = site(first, 'h2', 'main.rampHandler');
    expect(g.counts[2]).toBeGreaterThan(g.counts[0]);
    expect(g.survivors?.kind).toBe('churn');
    expect(g.verdict).toBe('healthy');
    expect(host(first, 'h2').verdict).not.toBe('leaking');
  });

  it("kept-alive connections that grow with a canary's traffic are not leaking: they follow the load", () => {
    for (const r of [first, second]) {
      const g = site(r, 'h6', 'main.keepAliveConn');
      expect(g.class).toBe('io-wait');
      expect(g.counts[2]).toBeGreaterThan(g.counts[0]);
      expect(g.verdict, g.evidence.join(' | ')).not.toBe('leaking');
      expect(host(r, 'h6').verdict).not.toBe('leaking');
      // Growth read as such is always read against the load (how much it grew depends on when the run fell in the ramp).
      for (const e of g.evidence.filter((x) => /^grew /.test(x))) expect(e).toMatch(/short-lived goroutines rose [\d,]+ → [\d,]+: io-wait that follows load/);
    }
    const said = [first, second].flatMap((r) => site(r, 'h6', 'main.keepAliveConn').evidence);
    expect(said.join('\n')).toMatch(/short-lived goroutines rose [\d,]+ → [\d,]+: io-wait that follows load/);
  });

  it('a stable pool of 3,000 is a pool, not a leak', () => {
    const g = site(first, 'h3', 'main.poolWorker');
    expect(g.count).toBe(3000);
    expect(g.survivors?.kind).toBe('pool');
    expect(g.verdict).toBe('healthy');
    expect(host(first, 'h3').verdict).not.toBe('leaking');
  });

  it("Go's goroutineleak profile, where served, is proof at the leak's line", () => {
    const send = leakSite('chan-send');
    const h = host(first, 'h4');
    expect(h.samples[2].artifacts.goroutineleak).toBe('hosts/h4/sample-2.goroutineleak-debug1.txt');
    const g = site(first, 'h4', send.function);
    expect(g.leaked).toBeGreaterThan(0);
    expect(g.evidence[0]).toMatch(/^goroutineleak profile proves \d+ leaked$/);
    expect(g.verdict).toBe('leaking');
    // The other hosts do not serve it: no artifact, no error, no note about it.
    for (const other of ['h1', 'h2', 'h3', 'h5', 'h6']) {
      expect(host(first, other).samples.some((s) => s.artifacts.goroutineleak)).toBe(false);
      expect(host(first, other).samples.flatMap((s) => [...s.errors, ...s.notes]).join('\n')).not.toMatch(/goroutineleak/);
    }
  });

  it('the second run reads the first as history (same runs root); --no-history would not', () => {
    expect(second.run.notes).toContain(`history: 1 earlier run under ${path.join(work, 'runs')}`);
    expect(first.run.notes.some((n) => n.startsWith('history:'))).toBe(false);
    expect(site(second, 'h1', leakSite('mutex').function).verdict).toBe('leaking');
    expect(site(second, 'h2', 'main.rampHandler').verdict).toBe('healthy');
  });

  it('a host left undecided by its planned samples gets one more look: its samples span both looks', () => {
    const h = host(looked, 'h5');
    const before = host(first, 'h5');
    const g = h.groups.find((x) => x.function === leakSite('io-wait').function || x.class === 'io-wait' && x.count >= 300)!;
    expect(before.verdict).toBe('suspect');
    expect(looked.run.notes).toContain('one more look (1): 1 host(s) whose suspect site was still undecided sampled again: h5');
    expect(h.samples).toHaveLength(6);
    expect(h.samples.map((s) => Boolean(s.artifacts.debug2))).toEqual([true, false, true, true, false, true]);
    expect(g.counts).toHaveLength(6);
    expect(g.survivors?.spanSeconds).toBeGreaterThan(12);
    expect(g.survivors?.survived).toBe(g.survivors?.first);
    expect(h.verdict).not.toBe('healthy');
  });
});
