// Runs the built CLI (`npm run build`, then `node bin/fleet-diag.js analyze …`) on the dumps in
// test/fixtures/dumps, on the corpus dumps we may not copy when ../shared/corpus/dumps is there,
// and on small generated sample series.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/build.js';
import { FIXTURE_DUMPS, HAVE_SHARED, NEEDS_SHARED, NOT_COPIED_FILES, SHARED_DUMPS, sayIfSkipped, sourceRows } from '../helpers/dumps.js';
import type { Row } from '../helpers/dumps.js';

sayIfSkipped(`cli-analyze.test: analyze on the ${NOT_COPIED_FILES.length} corpus dumps not copied to test/fixtures/dumps`);

const root = path.resolve(import.meta.dirname, '../../..');
const fixtures = path.resolve(FIXTURE_DUMPS);
const bin = path.join(root, 'bin/fleet-diag.js');

function cli(args: string[], input?: Buffer | string) {
  const r = spawnSync(process.execPath, [bin, 'analyze', ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(buildCli, 180_000);

/** `analyze --json` on one dump: one host object with `want` goroutines (`expect` is empty where a file holds several dumps). */
function analyzesTo(file: string, want: number | null): void {
  const r = cli(['--json', file]);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout);
  const total = want ?? j.goroutines;
  expect(j.goroutines).toBe(total);
  expect(total).toBeGreaterThan(0);
  expect(j.groups.reduce((a: number, g: { count: number }) => a + g.count, 0)).toBe(total);
  expect(['healthy', 'suspect', 'leaking']).toContain(j.verdict);
  expect(j.inputs).toEqual([expect.objectContaining({ file, total })]);
  for (const g of j.groups) expect(g.id).toMatch(/^[0-9a-f]{12}$/);
}

const expected: Row[] = sourceRows(FIXTURE_DUMPS);

describe('fleet-diag analyze on test/fixtures/dumps', () => {
  it('has the 26 dumps', () => {
    expect(expected).toHaveLength(26);
  });

  it.each(expected)('$file → --json host object with $expect goroutines', ({ file, expect: want }) => analyzesTo(path.join(fixtures, file), want));

  it('Go 1.25 [sync.Mutex.Lock] and Go 1.21 [semacquire] in WaitGroup.Wait classify by frames', () => {
    const mutex = JSON.parse(cli(['--json', path.join(fixtures, 'go125-debug2-windows-mutexlock-fleetdiag.txt')]).stdout);
    expect(mutex.groups.some((g: { class: string }) => g.class === 'mutex')).toBe(true);
    expect(mutex.groups.find((g: { class: string }) => g.class === 'mutex')).toMatchObject({ count: 2, function: 'example.com/fleetdiag/fixture/tally/ledger.(*Book).Post', location: 'fleetdiag-fixture/tally/ledger/book.go:58' });
    const wg = JSON.parse(cli(['--json', path.join(fixtures, 'go121-createdby-gostackparse.txt')]).stdout);
    expect(wg.groups.find((g: { state: string }) => g.state === 'semacquire')?.class).toBe('waitgroup');
  });

  it('a 20,510-goroutine debug=1 dump is a suspect (host total, LeakProf sites), not a leak; --fail-on decides the exit code', () => {
    const file = path.join(fixtures, 'go121-debug1-trimpath-modver-generics-fleetdiag.txt');
    const r = cli([file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verdict: SUSPECT — 20,510 goroutines/);
    expect(r.stdout).toContain('host: 20,510 goroutines on the host, above the alert threshold of 5,000');
    expect(r.stdout).toContain('2,048 goroutines blocked on one channel operation or select (debug=1 hides which) at example.com/fleetdiag/workpool@v1.4.0/pool.go:77');
    expect(cli([file, '--fail-on', 'suspect']).code).toBe(1);
    expect(cli([file, '--fail-on', 'leaking']).code).toBe(0);
  });

  it("reads gzip from stdin with '-'", () => {
    const gz = gzipSync(readFileSync(path.join(fixtures, 'go121-http-tracebackancestors-goleak.txt')));
    const r = cli(['--json', '-'], gz);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ goroutines: 5, inputs: [{ file: '-', format: 'debug2', total: 5 }] });
  });

  it('the same dump three times is three flat samples: healthy', () => {
    const f = path.join(fixtures, 'go121-debug2-waitminutes-lockedthread-fleetdiag.txt');
    const j = JSON.parse(cli(['--json', f, f, f]).stdout);
    expect(j.verdict).toBe('healthy');
    expect(j.groups[0].counts).toHaveLength(3);
    expect(j.groups.every((g: { counts: number[] }) => g.counts[0] === g.counts[2])).toBe(true);
  });
});

describe.skipIf(!HAVE_SHARED)(`fleet-diag analyze on the corpus dumps not copied to test/fixtures/dumps: ${NEEDS_SHARED}`, () => {
  const corpus = path.resolve(SHARED_DUMPS);
  const want = (file: string): number | null => sourceRows(SHARED_DUMPS).find((r) => r.file === file)!.expect;

  it.each(NOT_COPIED_FILES)('%s → --json host object with the corpus SOURCES.tsv count', (file) => analyzesTo(path.join(corpus, file), want(file)));

  it('the 7,046-goroutine nats dump is a suspect (host total, LeakProf sites), not a leak; --fail-on decides the exit code', () => {
    const file = path.join(corpus, 'go117-debug1-7046-nats-windows-gopath.txt');
    const r = cli([file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verdict: SUSPECT — 7,046 goroutines/);
    expect(r.stdout).toContain('host: 7,046 goroutines on the host, above the alert threshold of 5,000');
    expect(cli([file, '--fail-on', 'suspect']).code).toBe(1);
    expect(cli([file, '--fail-on', 'leaking']).code).toBe(0);
  });

  it('the same dump three times is three flat samples: healthy', () => {
    const f = path.join(corpus, 'go121-debug2-erigon-waitminutes-lockedthread-transferfile.txt');
    const j = JSON.parse(cli(['--json', f, f, f]).stdout);
    expect(j.verdict).toBe('healthy');
    expect(j.groups[0].counts).toHaveLength(3);
    expect(j.groups.every((g: { counts: number[] }) => g.counts[0] === g.counts[2])).toBe(true);
  });
});

describe('fleet-diag analyze on a growing series', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-analyze-'));
  const debug1 = (leak: number, pool: number) =>
    `goroutine profile: total ${leak + pool}\n` +
    `${leak} @ 0x43e2ae 0x44e6f1 0x6b7a45 0x471d81\n#\t0x6b7a44\tmain.fanOut.func1+0x64\t/build/svc/main.go:88\n\n` +
    `${pool} @ 0x43e2ae 0x44e6f1 0x6b7b12 0x471d81\n#\t0x6b7b11\tmain.worker+0x51\t/build/svc/main.go:57\n\n`;
  const files = [40, 115, 190].map((n, i) => {
    const f = path.join(dir, `s${i}.txt`);
    writeFileSync(f, debug1(n, 20));
    return f;
  });

  it('is leaking at the growing site, with its growth per minute from --interval', () => {
    const r = cli([...files, '--interval', '30s']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verdict: LEAKING — 210 goroutines in 2 groups \(3 samples/);
    expect(r.stdout).toContain('- grew 40 → 190 over 3 samples (+150/min)');
    const j = JSON.parse(cli(['--json', ...files, '--interval', '30s']).stdout);
    expect(j.groups[0]).toMatchObject({ function: 'main.fanOut.func1', counts: [40, 115, 190], growthPerMinute: 150, verdict: 'leaking' });
    expect(j.groups[1]).toMatchObject({ function: 'main.worker', verdict: 'healthy' });
    expect(cli([...files, '--fail-on', 'leaking']).code).toBe(1);
  });

  it('unreadable input is exit 3 with one clear line', () => {
    for (const args of [[path.join(dir, 'missing.txt')], [files[0], dir], [path.join(dir, 'empty.txt')]]) {
      writeFileSync(path.join(dir, 'empty.txt'), '');
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^fleet-diag: /);
      expect(r.stdout).toBe('');
    }
  });
});
