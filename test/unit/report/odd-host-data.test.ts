// One host's odd data must not sink the fleet report (issue 21): a socket table with an unknown
// state name, a fractional or negative count, an absurd sample timestamp from one node ended the
// whole run with "internal error: report.json does not match its schema" (or "Invalid time
// value"), exit 3, no report. Bad values are dropped with a warning on that host; the report is
// always written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/build.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { assembleReport } from '../../../src/report/assemble.js';
import { validateReport } from '../../../src/report/validate.js';
import type { CollectedHost } from '../../../src/collect/host-outcome.js';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/fleet-diag.js');

const d1 = (n: number) => `goroutine profile: total ${n}\n${n} @ 0x1\n#\t0x1\tmain.f+0x1\t/x/main.go:3\n`;
const file = (i: number, n: number) => [`@@fd file debug1 ${i} gz`, gzipSync(Buffer.from(d1(n))).toString('base64'), '@@fd end'];
const collector = (lines: string[]) => ['@@fd hello 1 samples=2 interval=1', ...lines, '@@fd done'].join('\n');
const T0 = 1_700_000_000_000;
const good = collector([`@@fd sample 0 ${T0}`, ...file(0, 3), '@@fd sockets 0 ss ESTAB=2', `@@fd sample 1 ${T0 + 5000}`, ...file(1, 4), '@@fd sockets 0 ss ESTAB=2']);

/** What each odd node sends, and what must be said about it. */
const ODD: Record<string, { lines: string[]; warning: RegExp }> = {
  'weird-state': { lines: [`@@fd sample 0 ${T0}`, ...file(0, 3), '@@fd sockets 0 ss ESTAB=3 WEIRD.STATE=2 x\u001b[2J=1'], warning: /socket counts dropped: "WEIRD\.STATE=2", "x\\u001b\[2J=1"/ },
  fraction: { lines: [`@@fd sample 0 ${T0}`, ...file(0, 3), '@@fd sockets 0 ss ESTAB=1.5 LISTEN=-2 CLOSE-WAIT=1e3 TIME-WAIT=4'], warning: /socket counts dropped: "ESTAB=1\.5", "LISTEN=-2", "CLOSE-WAIT=1e3"/ },
  'far-future': { lines: ['@@fd sample 0 99999999999999999999', ...file(0, 3), `@@fd sample 1 ${T0 + 5000}`, ...file(1, 5)], warning: /sample 0: the node's clock read "99999999999999999999" ms \(more than a day ahead of ours\): timestamp dropped/ },
  'past-range': { lines: [`@@fd sample 0 ${T0}`, ...file(0, 3), `@@fd sample 1 ${'9'.repeat(400)}`, ...file(1, 5)], warning: /sample 1: the node's clock read "9{40}…" ms \(more than a day ahead/ },
  '1970-clock': { lines: ['@@fd sample 0 5000', ...file(0, 3), '@@fd sample 1 8000000000000000', ...file(1, 5)], warning: /sample 0: the node's clock read "5000" ms \(before 2000\): timestamp dropped\nsample 1: the node's clock read "8000000000000000" ms \(more than a day ahead of ours\)/ },
  'huge-total': { lines: [`@@fd sample 0 ${T0}`, '@@fd total 0 123456789012345678901234567890', ...file(0, 3), '@@fd threads 0 -4'], warning: /sample 0: goroutine total "123456789012345678901234567890" is out of range: dropped\nsample 0: thread count "-4" is not a whole number: dropped/ },
};

describe('the collector reader drops odd numbers with a warning', () => {
  it('keeps the good socket counts, drops the rest, and says which', () => {
    const r = readCollectorOutput(collector(ODD.fraction.lines));
    expect(r.samples[0].sockets).toEqual({ TIME_WAIT: 4 });
    expect(r.warnings).toEqual([expect.stringMatching(ODD.fraction.warning)]);
    const w = readCollectorOutput(collector(ODD['weird-state'].lines));
    expect(w.samples[0].sockets).toEqual({ ESTABLISHED: 3 });
    expect(w.warnings.join('\n')).toMatch(ODD['weird-state'].warning);
  });

  it('drops an absurd clock (too many digits, before 2000, more than a day ahead) and a count that is no whole number', () => {
    const f = readCollectorOutput(collector(ODD['far-future'].lines));
    expect(f.samples.map((s) => s.takenAt)).toEqual([null, T0 + 5000]);
    const c = readCollectorOutput(collector(ODD['1970-clock'].lines));
    expect(c.samples.map((s) => s.takenAt)).toEqual([null, null]);
    expect(c.warnings.join('\n')).toMatch(ODD['1970-clock'].warning);
    const h = readCollectorOutput(collector(ODD['huge-total'].lines));
    expect(h.samples[0].total).toBeNull();
    expect(h.samples[0].threads).toBeNull();
    expect(h.warnings.join('\n')).toMatch(ODD['huge-total'].warning);
  });
});

describe('the report is written whatever one host sent', () => {
  let dir: string;
  beforeAll(() => {
    buildCli();
    dir = mkdtempSync(path.join(tmpdir(), 'fd-odd-'));
  }, 180_000);

  for (const [name, { lines, warning }] of Object.entries(ODD)) {
    it(`aggregate: ${name}`, () => {
      const results = path.join(dir, name);
      mkdirSync(results);
      writeFileSync(path.join(results, 'good.json'), JSON.stringify({ host: 'good', rc: 0, stdout: good }));
      writeFileSync(path.join(results, 'odd.json'), JSON.stringify({ host: name, rc: 0, stdout: collector(lines) }));
      const out = path.join(dir, `${name}-run`);
      const r = spawnSync(process.execPath, [bin, 'aggregate', results, '--out', out], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(path.join(out, 'report.json'))).toBe(true);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
      const odd = report.hosts.find((h: { host: string }) => h.host === name);
      expect(odd.status).toBe('ok');
      expect(odd.goroutines).toBeGreaterThan(0);
      expect(odd.warnings.join('\n')).toMatch(warning);
      expect(report.hosts.find((h: { host: string }) => h.host === 'good').status).toBe('ok');
    });
  }
});

describe('a value the reader did not foresee fails that host only', () => {
  it('drops the unfit host analysis with the reason and still assembles a valid report', async () => {
    const ok = readCollectorOutput(good);
    const odd = readCollectorOutput(good);
    // Reached past the reader: a state name and a count report.json cannot hold.
    odd.samples[1].sockets = { 'not a state': 1.5 };
    odd.samples[1].threads = Number.NaN;
    const hosts: CollectedHost[] = [
      { host: 'good', status: 'ok', error: null, raw: ok, warnings: [], attempts: 1 },
      { host: 'odd', status: 'ok', error: null, raw: odd, warnings: [], attempts: 1 },
    ];
    const report = await assembleReport(hosts.map((outcome) => ({ outcome, pprofUrl: 'http://127.0.0.1:6060' })), {
      id: 'r', startedAt: new Date().toISOString(), command: 'x', inventory: 'i', limit: null, executor: 'ansible', ansibleVersion: null,
      samples: 2, intervalSeconds: 5, timeoutSeconds: 20, serial: [], debug2Cap: null, passes: 1, notes: [],
    }, { interrupted: false });
    expect(await validateReport(report)).toEqual([]);
    const h = report.hosts[1];
    expect(h).toMatchObject({ host: 'odd', status: 'failed', verdict: 'unknown', groups: [], sockets: null, threads: null });
    expect(h.error).toMatch(/^its data did not fit the report \(.*sockets.*\): its analysis was dropped$/);
    expect(h.samples[1].sockets).toBeNull();
    expect(h.warnings.at(-1)).toMatch(/did not match the schema and was dropped/);
    expect(report.hosts[0].status).toBe('ok');
    expect(report.run).toMatchObject({ status: 'partial', hostsOk: 1, hostsFailed: 1 });
  });
});
